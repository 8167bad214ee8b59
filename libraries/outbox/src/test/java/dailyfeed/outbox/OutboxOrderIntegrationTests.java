package dailyfeed.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.events.ActivityTopic;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import dailyfeed.testsupport.ActivityTopicRecorder;
import dailyfeed.testsupport.EmbeddedPostgresInitializer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/** One member's events reach the topic in the order their transactions committed, whatever waits or fails between. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(partitions = 3, topics = ActivityTopic.DEFAULT_NAME)
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
class OutboxOrderIntegrationTests {

    @Configuration
    @EnableAutoConfiguration
    @Import(OutboxForTests.RelayByHand.class) // the tests run the relay themselves
    static class TestApplication {}

    @Autowired
    EventOutbox outbox;

    @Autowired
    OutboxRelay relay;

    @Autowired
    OutboxRows rows;

    @Autowired
    OutboxProperties properties;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    DataSource dataSource;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    KafkaTemplate<String, String> outboxKafkaTemplate;

    @Autowired
    OutboxMetrics metrics;

    @Autowired
    OutboxTracing tracing;

    ActivityTopicRecorder topic;

    @BeforeEach
    void subscribe() {
        topic = ActivityTopicRecorder.open(broker);
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void anEventCommittedAfterADeadLetterOfItsMemberIsNotPublishedBeforeIt() {
        ActivityEvent deadLetter = anEvent(31);
        ActivityEvent next = anEvent(31);
        waitingWithBackoff(deadLetter);

        transactions.executeWithoutResult(status -> outbox.record(next));

        // the after-commit send must hold back: for a while, the next event stays unpublished and off the topic
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(4))
                .until(() -> !isPublished(next)
                        && !topic.records().stream()
                                .anyMatch(r -> r.value().contains(next.eventId().toString())));

        relay.redrive();

        assertThat(offsetsOnTheTopic(deadLetter, next)).isSorted();
        assertThat(isPublished(deadLetter)).isTrue();
        assertThat(isPublished(next)).isTrue();
    }

    /**
     * With two instances, a member's writes alternate between them: instance A sends row a; instance B commits row b,
     * finds a unpublished and leaves b to the relay; A commits c, which waits behind a. When a is acknowledged, c must
     * not go out before b, which only the database knows of.
     */
    @Test
    void aRowWaitingBehindThisInstancesSendStillWaitsForARowAnotherInstanceLeftToTheRelay() {
        try (Instance instanceA = new Instance(rows)) {
            CountDownLatch acknowledge = instanceA.holdAcknowledgements(); // a's acknowledgement waits behind this
            ActivityEvent a = anEvent(37);
            ActivityEvent b = anEvent(37);
            ActivityEvent c = anEvent(37);

            commitAndPublishSoon(instanceA.publisher, a);
            topic.awaitEvent(received -> received.eventId().equals(a.eventId())); // sent, not yet acknowledged here
            leftToTheRelay(b); // instance B's row
            commitAndPublishSoon(instanceA.publisher, c);
            CompletableFuture.runAsync(() -> {}, instanceA.sends).join(); // c has been queued behind a
            acknowledge.countDown();

            await().during(Duration.ofSeconds(2))
                    .atMost(Duration.ofSeconds(4))
                    .until(() -> isPublished(a) && !isPublished(c));
            relay.relayDue();

            assertThat(offsetsOnTheTopic(a, b, c)).isSorted();
        }
    }

    /**
     * A member's next row usually commits while the earlier one is on its way or acknowledged but not yet deleted: its
     * insert finds the earlier row unpublished. Once this instance has had that row acknowledged, the next one goes out
     * without asking the database — every row before the acknowledged one was acknowledged before it was sent.
     */
    @Test
    void aMembersNextRowBehindARowAcknowledgedHereGoesOutWithoutAQuestionToTheDatabase() {
        AtomicInteger questions = new AtomicInteger();
        OutboxRows countingRows = new OutboxRows(dataSource, transactions) {
            @Override
            boolean hasEarlierUnpublished(String key, long id, long publishedUpTo) {
                questions.incrementAndGet();
                return super.hasEarlierUnpublished(key, id, publishedUpTo);
            }
        };
        try (Instance instance = new Instance(countingRows)) {
            CountDownLatch firstHold = instance.holdAcknowledgements();
            ActivityEvent earlier = anEvent(41);
            ActivityEvent next = anEvent(41);

            commitAndPublishSoon(instance.publisher, earlier);
            // the earlier row's acknowledgement waits behind the first hold, and its delete will wait behind the second
            await().until(() -> instance.acks.getQueueSize() == 1);
            instance.holdAcknowledgements();
            firstHold.countDown();
            await().until(() -> instance.acks.getQueueSize() == 1); // acknowledged; the delete is queued, not written
            assertThat(isPublished(earlier)).isFalse();

            commitAndPublishSoon(instance.publisher, next);

            // the relay runs by hand here: only the send after commit can bring the next row to the topic
            assertThat(offsetsOnTheTopic(earlier, next)).isSorted();
            assertThat(questions).as("questions to the database").hasValue(0);
            assertThat(isPublished(earlier)).as("its delete still waits").isFalse();
        }
    }

    @Test
    void acknowledgementsHandledTogetherAreDeletedInOneStatement() {
        Queue<List<Long>> deletes = new ConcurrentLinkedQueue<>();
        OutboxRows countingRows = new OutboxRows(dataSource, transactions) {
            @Override
            void deletePublished(List<Long> ids) {
                deletes.add(List.copyOf(ids));
                super.deletePublished(ids);
            }
        };
        try (Instance instance = new Instance(countingRows)) {
            CountDownLatch hold = instance.holdAcknowledgements();
            List<ActivityEvent> events = List.of(anEvent(42), anEvent(43), anEvent(44), anEvent(45));
            events.forEach(event -> commitAndPublishSoon(instance.publisher, event));
            // every acknowledgement waits behind the hold
            await().until(() -> instance.acks.getQueueSize() == events.size());

            hold.countDown();

            await().until(() -> events.stream().allMatch(this::isPublished));
            assertThat(deletes).singleElement().satisfies(ids -> assertThat(ids).hasSize(events.size()));
        }
    }

    /**
     * The key's lock and the insert go to the server together, yet the insert must see what the lock's previous
     * holder committed while it waited: otherwise it would report no earlier row, and its send after commit would not
     * wait for that row's.
     */
    @Test
    void anInsertThatWaitedForItsKeysLockSeesTheRowTheHolderCommitted() throws Exception {
        ActivityEvent holders = anEvent(51);
        ActivityEvent waiters = anEvent(51);
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);
        CompletableFuture<Long> holder = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
            long id = insertInThisTransaction(holders).id();
            holding.countDown();
            awaitQuietly(mayCommit);
            return id;
        }));
        assertThat(holding.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<OutboxRows.Inserted> waiter =
                CompletableFuture.supplyAsync(() -> transactions.execute(status -> insertInThisTransaction(waiters)));

        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !waiter.isDone());
        mayCommit.countDown();

        long holdersRow = holder.get(10, TimeUnit.SECONDS);
        OutboxRows.Inserted waitersRow = waiter.get(10, TimeUnit.SECONDS);
        assertThat(waitersRow.behindUnpublished()).isTrue();
        assertThat(waitersRow.newestEarlier()).isEqualTo(holdersRow);
    }

    /** Each exchange with the server costs both sides a round of socket reads and writes; the outbox asks for one. */
    @Test
    void recordingAnEventSendsTheLockAndTheInsertInOneStatement() {
        AtomicInteger statements = new AtomicInteger();
        DataSource counting = countingStatements(dataSource, statements);
        var countingTransactions = new TransactionTemplate(new DataSourceTransactionManager(counting));
        var countingRows = new OutboxRows(counting, countingTransactions);
        ActivityEvent event = anEvent(52);

        OutboxRows.Inserted inserted =
                countingTransactions.execute(status -> insertWith(countingRows, event, Duration.ofMinutes(10), 0));

        assertThat(statements).as("statements prepared").hasValue(1);
        assertThat(outboxId(event)).isEqualTo(inserted.id());
    }

    /** {@code dataSource}, counting the statements its connections prepare or create. */
    private static DataSource countingStatements(DataSource dataSource, AtomicInteger statements) {
        return new DelegatingDataSource(dataSource) {
            @Override
            public Connection getConnection() throws SQLException {
                Connection connection = super.getConnection();
                return (Connection) Proxy.newProxyInstance(
                        Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                            if (method.getName().startsWith("prepare")
                                    || method.getName().equals("createStatement")) {
                                statements.incrementAndGet();
                            }
                            try {
                                return method.invoke(connection, args);
                            } catch (InvocationTargetException e) {
                                throw e.getCause();
                            }
                        });
            }
        };
    }

    @Test
    void anInsertSaysWhichEarlierRowOfItsKeyIsTheNewestStillUnpublished() {
        long first = insertInGrace(anEvent(38)).id();
        OutboxRows.Inserted second = insertInGrace(anEvent(38));
        OutboxRows.Inserted otherMember = insertInGrace(anEvent(39));

        assertThat(second.behindUnpublished()).isTrue();
        assertThat(second.newestEarlier()).isEqualTo(first);
        assertThat(otherMember.behindUnpublished())
                .as("another member's unpublished row is no reason to ask again")
                .isFalse();
        assertThat(otherMember.newestEarlier()).isZero();

        OutboxRows.Inserted third = insertInGrace(anEvent(38));
        assertThat(third.newestEarlier()).as("the newest, not the oldest").isEqualTo(second.id());
        rows.deletePublished(List.of(second.id()));
        OutboxRows.Inserted fourth = insertInGrace(anEvent(38));
        assertThat(fourth.behindUnpublished()).isTrue();
        assertThat(fourth.newestEarlier())
                .as("the third row is still unpublished")
                .isEqualTo(third.id());

        rows.deletePublished(List.of(first, third.id(), fourth.id()));
        OutboxRows.Inserted fifth = insertInGrace(anEvent(38));
        assertThat(fifth.behindUnpublished()).isFalse();
        assertThat(fifth.newestEarlier()).isZero();

        for (int i = 0; i < 5; i++) {
            insertInGrace(anEvent(38));
        }
        OutboxRows.Inserted newest = insertInGrace(anEvent(38));
        assertThat(insertInGrace(anEvent(38)).newestEarlier())
                .as("the newest of seven earlier rows")
                .isEqualTo(newest.id());
    }

    /**
     * A member who writes often leaves behind the index entries of their deleted rows until a vacuum removes them, and
     * longer while an older snapshot is open. The search for an earlier unpublished row starts from the newest row
     * known to be published, so it does not step over them; without that bound it reads every one. Member 47's rows
     * come after member 46's: a scan in id order would walk them too.
     */
    @Test
    void anInsertDoesNotWalkBackOverTheEntriesOfItsKeysPublishedRows() throws Exception {
        long knownPublished = publishedRowsKeptInTheIndex("46", 20_000);
        publishedRowsKeptInTheIndex("47", 20_000);
        try (Connection olderSnapshot = anOlderSnapshot()) {
            jdbc.sql("DELETE FROM event_outbox WHERE record_key IN ('46', '47')")
                    .update();

            BlocksRead bounded = insertCountingBlocksRead(anEvent(46), knownPublished);
            BlocksRead unbounded = insertCountingBlocksRead(anEvent(47), 0);

            assertThat(bounded.inserted().behindUnpublished()).isFalse();
            assertThat(unbounded.inserted().behindUnpublished()).isFalse();
            assertThat(bounded.blocks())
                    .as("blocks read knowing the rows published")
                    .isLessThanOrEqualTo(30);
            assertThat(unbounded.blocks())
                    .as("blocks read over the entries of 20,000 deleted rows")
                    .isGreaterThan(10 * bounded.blocks());
        }
    }

    /**
     * Statistics taken while the table held a few rows of a member make a backward walk of the primary key look cheap
     * for that member's newest earlier row — a match expected within a few entries. The walk steps over the entries
     * of every other member's deleted rows; the insert reads the member's own instead, whatever the statistics say.
     */
    @Test
    void anInsertOfAMemberNotKnownHereDoesNotStepOverOtherMembersDeletedRows() throws Exception {
        for (int i = 0; i < 10; i++) {
            insertInGrace(anEvent(50));
        }
        long newestOfMember = insertInGrace(anEvent(48)).id();
        jdbc.sql("ANALYZE event_outbox").update();
        publishedRowsKeptInTheIndex("49", 20_000);
        try (Connection olderSnapshot = anOlderSnapshot()) {
            jdbc.sql("DELETE FROM event_outbox WHERE record_key = '49'").update();

            BlocksRead read = insertCountingBlocksRead(anEvent(48), 0);

            assertThat(read.inserted().newestEarlier()).isEqualTo(newestOfMember);
            assertThat(read.blocks())
                    .as("blocks read past the entries of 20,000 deleted rows of another member")
                    .isLessThanOrEqualTo(30);
        }
    }

    /**
     * A transaction whose snapshot sees the rows deleted after it, as a long query's does: their index entries stay
     * until it ends, and no scan can mark them dead.
     */
    private Connection anOlderSnapshot() throws SQLException {
        Connection connection = dataSource.getConnection();
        connection.setAutoCommit(false);
        connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
        connection.createStatement().execute("SELECT 1");
        return connection;
    }

    /** Rows of {@code key} as if published and deleted: inserted in grace; returns the newest id. */
    private long publishedRowsKeptInTheIndex(String key, int count) {
        return jdbc.sql("""
                INSERT INTO event_outbox (event_id, topic, record_key, payload, next_attempt_at)
                SELECT gen_random_uuid(), 'activity', :key, '{}', now() + interval '10 minutes'
                  FROM generate_series(1, :count)
                RETURNING id""").param("key", key).param("count", count).query(Long.class).list().stream()
                .mapToLong(Long::longValue)
                .max()
                .orElseThrow();
    }

    private record BlocksRead(OutboxRows.Inserted inserted, long blocks) {}

    /** Inserts the event's row and counts the blocks of the outbox table and its indexes that this backend read. */
    private BlocksRead insertCountingBlocksRead(ActivityEvent event, long publishedUpTo) {
        return transactions.execute(status -> {
            long before = outboxBlocksRead();
            OutboxRows.Inserted inserted = insertWith(rows, event, Duration.ofMinutes(10), publishedUpTo);
            return new BlocksRead(inserted, outboxBlocksRead() - before);
        });
    }

    private long outboxBlocksRead() {
        return jdbc.sql("""
                SELECT sum(pg_stat_get_xact_blocks_fetched(oid))::bigint FROM pg_class
                 WHERE oid = 'event_outbox'::regclass
                    OR oid IN (SELECT indexrelid FROM pg_index WHERE indrelid = 'event_outbox'::regclass)""").query(Long.class).single();
    }

    @Test
    void inATransactionWhoseSnapshotMayPredateTheLockAnInsertIsAlwaysTakenAsBehind() {
        var repeatableRead = new TransactionTemplate(transactions.getTransactionManager());
        repeatableRead.setIsolationLevel(TransactionDefinition.ISOLATION_REPEATABLE_READ);
        ActivityEvent event = anEvent(40);

        OutboxRows.Inserted inserted = insert(repeatableRead, event, Duration.ofMinutes(10));

        assertThat(inserted.behindUnpublished())
                .as("no earlier row of member 40 exists, but this snapshot could have missed one")
                .isTrue();
        assertThat(inserted.newestEarlier()).as("not known").isZero();
    }

    @Test
    void theRelayHoldsBackAMembersLaterEventsWhileAnEarlierOneWaitsWithBackoff() {
        ActivityEvent deadLetter = anEvent(32);
        ActivityEvent second = anEvent(32);
        ActivityEvent third = anEvent(32);
        ActivityEvent otherMember = anEvent(33);
        waitingWithBackoff(deadLetter);
        // as if the process died after committing them: due for the relay, never sent
        List.of(second, third, otherMember).forEach(this::leftToTheRelay);

        relay.relayDue();

        assertThat(isPublished(otherMember))
                .as("another member's event is not held back")
                .isTrue();
        assertThat(isPublished(second)).isFalse();
        assertThat(isPublished(third)).isFalse();

        relay.redrive();

        assertThat(offsetsOnTheTopic(deadLetter, second, third)).isSorted();
    }

    @Test
    void whileOneRelayHoldsAMembersEventAnotherRelayClaimsNoneOfThatMembersLaterEvents() {
        ActivityEvent first = anEvent(34);
        ActivityEvent second = anEvent(34);
        ActivityEvent committedMeanwhile = anEvent(34);
        leftToTheRelay(first);
        leftToTheRelay(second);

        List<OutboxRecord> claimedByOne = ofMember(34, rows.claimDue(100, properties.lease()));
        leftToTheRelay(committedMeanwhile);
        List<OutboxRecord> claimedByOther = ofMember(34, rows.claimDue(100, properties.lease()));

        assertThat(claimedByOne).extracting(OutboxRecord::eventId).containsExactly(first.eventId(), second.eventId());
        assertThat(claimedByOther)
                .as("the second relay must wait until the first one's rows are published")
                .isEmpty();
        rows.redriveAll();
        relay.relayDue();
        assertThat(offsetsOnTheTopic(first, second, committedMeanwhile)).isSorted();
    }

    @Test
    void theRelaySendsAMembersBacklogInOrderAndStopsAtARowThatIsNotDue() {
        List<ActivityEvent> backlog = List.of(anEvent(36), anEvent(36), anEvent(36), anEvent(36));
        ActivityEvent stillInGrace = anEvent(36);
        backlog.forEach(this::leftToTheRelay);
        insertInGrace(stillInGrace);
        ActivityEvent behindIt = anEvent(36);
        leftToTheRelay(behindIt);

        relay.relayDue();

        assertThat(offsetsOnTheTopic(backlog.toArray(ActivityEvent[]::new))).isSorted();
        assertThat(isPublished(stillInGrace)).isFalse();
        assertThat(isPublished(behindIt))
                .as("not sent before the row in front of it")
                .isFalse();
    }

    @Test
    void twoTransactionsOfOneMemberGetOutboxIdsInTheOrderTheyCommit() throws Exception {
        ActivityEvent earlier = anEvent(35);
        ActivityEvent later = anEvent(35);
        Queue<UUID> commitOrder = new ConcurrentLinkedQueue<>();
        Map<UUID, Long> outboxIds = new ConcurrentHashMap<>();
        CountDownLatch earlierRecorded = new CountDownLatch(1);
        CountDownLatch mayCommit = new CountDownLatch(1);

        CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> transactions.executeWithoutResult(status -> {
            recordNoting(earlier, commitOrder, outboxIds);
            earlierRecorded.countDown();
            awaitQuietly(mayCommit);
        }));
        assertThat(earlierRecorded.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> fast = CompletableFuture.runAsync(
                () -> transactions.executeWithoutResult(status -> recordNoting(later, commitOrder, outboxIds)));

        // the second writer of the member waits for the first one's commit instead of committing before it
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(() -> !fast.isDone());
        mayCommit.countDown();
        slow.get(10, TimeUnit.SECONDS);
        fast.get(10, TimeUnit.SECONDS);

        assertThat(commitOrder).containsExactly(earlier.eventId(), later.eventId());
        assertThat(outboxIds.get(earlier.eventId())).isLessThan(outboxIds.get(later.eventId()));
        assertThat(offsetsOnTheTopic(earlier, later)).isSorted();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Records the event, noting its outbox id (the row is gone once published) and when its transaction commits. */
    private void recordNoting(ActivityEvent event, Queue<UUID> commitOrder, Map<UUID, Long> outboxIds) {
        outbox.record(event);
        outboxIds.put(event.eventId(), outboxId(event));
        TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
            @Override
            public void afterCommit() {
                commitOrder.add(event.eventId());
            }
        });
    }

    /** A committed event whose send failed: it waits with a backoff longer than the test. */
    private void waitingWithBackoff(ActivityEvent event) {
        long id = insert(transactions, event, Duration.ZERO).id();
        rows.markFailed(id, true, "TimeoutException: broker away", Duration.ofMinutes(10));
    }

    /** Commits a row and hands it to {@code publisher}'s send after commit, as {@link EventOutbox} does. */
    private void commitAndPublishSoon(OutboxPublisher publisher, ActivityEvent event) {
        String payload = ActivityEventJson.write(event);
        OutboxRows.Inserted inserted = transactions.execute(status -> rows.insert(
                event.eventId(),
                properties.topic(),
                event.recordKey(),
                payload,
                null,
                properties.grace(),
                publisher.publishedUpTo(event.recordKey())));
        publisher.publishSoon(
                new OutboxRecord(
                        inserted.id(), event.eventId(), properties.topic(), event.recordKey(), payload, 0, null),
                inserted);
    }

    /**
     * A publisher with send and acknowledgement threads of its own, as another instance has, whose acknowledgement
     * thread the test can hold.
     */
    private final class Instance implements AutoCloseable {

        final ThreadPoolTaskExecutor sends = singleThread("test-send-");
        final ThreadPoolTaskExecutor acks = singleThread("test-ack-");
        final OutboxPublisher publisher;
        private final List<CountDownLatch> holds = new CopyOnWriteArrayList<>();

        Instance(OutboxRows instanceRows) {
            publisher =
                    new OutboxPublisher(outboxKafkaTemplate, instanceRows, properties, sends, acks, metrics, tracing);
        }

        /** What reaches the acknowledgement thread from now on waits until the latch is counted down. */
        CountDownLatch holdAcknowledgements() {
            CountDownLatch hold = new CountDownLatch(1);
            holds.add(hold);
            acks.execute(() -> awaitQuietly(hold));
            return hold;
        }

        @Override
        public void close() {
            holds.forEach(CountDownLatch::countDown);
            sends.shutdown();
            acks.shutdown();
        }

        private static ThreadPoolTaskExecutor singleThread(String prefix) {
            var executor = new ThreadPoolTaskExecutor();
            executor.setThreadNamePrefix(prefix);
            executor.setCorePoolSize(1);
            executor.setMaxPoolSize(1);
            executor.initialize();
            return executor;
        }
    }

    /** A committed row the relay leaves alone for a while, as after a send that is still on its way. */
    private OutboxRows.Inserted insertInGrace(ActivityEvent event) {
        return insert(transactions, event, Duration.ofMinutes(10));
    }

    /** Inserts the event's row in the caller's transaction, in grace for longer than the test. */
    private OutboxRows.Inserted insertInThisTransaction(ActivityEvent event) {
        return insertWith(rows, event, Duration.ofMinutes(10), 0);
    }

    /** Inserts the event's row through {@code into}, in the caller's transaction. */
    private OutboxRows.Inserted insertWith(OutboxRows into, ActivityEvent event, Duration grace, long publishedUpTo) {
        return into.insert(
                event.eventId(),
                properties.topic(),
                event.recordKey(),
                ActivityEventJson.write(event),
                null,
                grace,
                publishedUpTo);
    }

    /** Commits the event's row in a transaction of {@code transaction}'s kind; due for the relay after {@code grace}. */
    private OutboxRows.Inserted insert(TransactionTemplate transaction, ActivityEvent event, Duration grace) {
        return transaction.execute(status -> insertWith(rows, event, grace, 0));
    }

    private void leftToTheRelay(ActivityEvent event) {
        insert(transactions, event, Duration.ZERO);
    }

    private static List<OutboxRecord> ofMember(long memberId, List<OutboxRecord> claimed) {
        return claimed.stream()
                .filter(r -> r.key().equals(Long.toString(memberId)))
                .toList();
    }

    /** Waits for each event's first copy on the topic and returns their offsets (one member: one partition). */
    private List<Long> offsetsOnTheTopic(ActivityEvent... events) {
        return Arrays.stream(events)
                .map(event -> {
                    topic.awaitEvent(received -> received.eventId().equals(event.eventId()));
                    return topic.records().stream()
                            .filter(r -> r.value().contains(event.eventId().toString()))
                            .mapToLong(ConsumerRecord::offset)
                            .min()
                            .orElseThrow();
                })
                .toList();
    }

    /** A row leaves the outbox once the broker acknowledged it. */
    private boolean isPublished(ActivityEvent event) {
        return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM event_outbox WHERE event_id = ?)")
                .param(event.eventId())
                .query(Boolean.class)
                .single();
    }

    private long outboxId(ActivityEvent event) {
        return jdbc.sql("SELECT id FROM event_outbox WHERE event_id = ?")
                .param(event.eventId())
                .query(Long.class)
                .single();
    }

    private static ActivityEvent anEvent(long actorId) {
        return ActivityEvent.of(
                EventType.POST_CREATED,
                new Actor(actorId, "member" + actorId, "Member " + actorId),
                ActivityEvent.Targets.post(100 + actorId, actorId),
                "a post by " + actorId);
    }
}
