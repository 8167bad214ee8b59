package dailyfeed.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.events.ActivityTopic;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import dailyfeed.testsupport.ActivityTopicRecorder;
import dailyfeed.testsupport.EmbeddedPostgresInitializer;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.context.EmbeddedKafka;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = "spring.kafka.bootstrap-servers=${spring.embedded.kafka.brokers}")
@EmbeddedKafka(partitions = 3, topics = ActivityTopic.DEFAULT_NAME)
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
class OutboxIntegrationTests {

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
    OutboxPublisher publisher;

    @Autowired
    OutboxProperties properties;

    @Autowired
    OutboxMetrics metrics;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    KafkaProperties kafkaProperties;

    ActivityTopicRecorder topic;

    @BeforeEach
    void subscribe() {
        topic = ActivityTopicRecorder.open(broker);
    }

    @AfterEach
    void close() {
        topic.close();
        jdbc.sql("DROP TRIGGER IF EXISTS refuse_outbox_insert ON event_outbox").update();
    }

    @Test
    void publishesAnEventRightAfterItsTransactionCommits() {
        ActivityEvent event = anEvent(7);

        transactions.executeWithoutResult(status -> outbox.record(event));

        List<ConsumerRecord<String, String>> received = receiveUntil(event.eventId(), 1);
        assertThat(received).singleElement().satisfies(record -> {
            assertThat(record.key()).isEqualTo("7");
            assertThat(ActivityEventJson.read(record.value())).isEqualTo(event);
            assertThat(new String(record.headers().lastHeader("eventId").value()))
                    .isEqualTo(event.eventId().toString());
        });
        await().untilAsserted(() -> assertThat(isPublished(event)).isTrue());
    }

    @Test
    void anEventOfARolledBackTransactionIsNeitherKeptNorPublished() {
        ActivityEvent rolledBack = anEvent(8);
        ActivityEvent committedAfter = anEvent(8);

        transactions.executeWithoutResult(status -> {
            outbox.record(rolledBack);
            status.setRollbackOnly();
        });
        transactions.executeWithoutResult(status -> outbox.record(committedAfter));

        // the later event of the same member arrives on the same partition, so the earlier one would have been seen
        receiveUntil(committedAfter.eventId(), 1);
        assertThat(topic.events()).extracting(ActivityEvent::eventId).doesNotContain(rolledBack.eventId());
        assertThat(jdbc.sql("SELECT count(*) FROM event_outbox WHERE event_id = ?")
                        .param(rolledBack.eventId())
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void refusesToRecordOutsideATransaction() {
        assertThatThrownBy(() -> outbox.record(anEvent(9))).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void whenTheEventCannotBeWrittenTheWholeTransactionFails() {
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'outbox is not writable'; END $$""").update();
        jdbc.sql(
                        "CREATE TRIGGER refuse_outbox_insert BEFORE INSERT ON event_outbox FOR EACH ROW EXECUTE FUNCTION refuse_insert()")
                .update();
        jdbc.sql("CREATE TABLE IF NOT EXISTS changes (note text)").update();

        assertThatThrownBy(() -> transactions.executeWithoutResult(status -> {
                    jdbc.sql("INSERT INTO changes VALUES ('must not stay')").update();
                    outbox.record(anEvent(10));
                }))
                .isInstanceOf(EventNotRecorded.class);

        assertThat(jdbc.sql("SELECT count(*) FROM changes WHERE note = 'must not stay'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aCommittedEventThatWasNeverSentIsPublishedByTheRelay() {
        // as if the process died between commit and send: the row exists, nobody sent it
        ActivityEvent event = anEvent(11);
        transactions.executeWithoutResult(status -> rows.insert(
                event.eventId(),
                properties.topic(),
                event.recordKey(),
                ActivityEventJson.write(event),
                null,
                Duration.ZERO,
                0));

        assertThat(relay.stats().deadLetters()).isPositive();
        relay.relayDue();

        assertThat(receiveUntil(event.eventId(), 1)).hasSize(1);
        assertThat(isPublished(event)).isTrue();
    }

    @Test
    void aFailedSendBecomesADeadLetterWithItsErrorAndIsPublishedOnRedrive() {
        ActivityEvent event = anEvent(12);
        long id = transactions
                .execute(status -> rows.insert(
                        event.eventId(),
                        properties.topic(),
                        event.recordKey(),
                        ActivityEventJson.write(event),
                        null,
                        Duration.ZERO,
                        0))
                .id();

        // a real producer pointed at an address where no broker listens
        var unreachable = new OutboxAutoConfiguration()
                .outboxKafkaTemplate(kafkaPropertiesFor("127.0.0.1:1"), withSendTimeout(Duration.ofSeconds(1)));
        var failingPublisher = new OutboxPublisher(
                unreachable, rows, properties, Runnable::run, Runnable::run, metrics, OutboxTracing.none());
        var claimed = rows.claimDue(100, properties.lease()).stream()
                .filter(r -> r.id() == id)
                .toList();
        assertThat(failingPublisher.publishClaimed(claimed)).isZero();
        unreachable.destroy();

        DeadLetterStats stats = relay.stats();
        assertThat(stats.deadLetters()).isPositive();
        assertThat(stats.lastError()).isNotBlank();
        assertThat(isPublished(event)).isFalse();

        assertThat(relay.redrive()).isPositive();

        assertThat(receiveUntil(event.eventId(), 1)).hasSize(1);
        assertThat(isPublished(event)).isTrue();
    }

    @Test
    void anOutboxThatDoesNotSendAfterCommitLeavesTheEventToTheRelay() {
        // the outbox of OutboxForTests.NoSendAfterCommit, which content-service's outage tests rely on
        var relayOnly = new EventOutbox(rows, publisher, properties, OutboxTracing.none(), false);
        ActivityEvent event = anEvent(13);

        transactions.executeWithoutResult(status -> relayOnly.record(event));

        assertThat(isPublished(event)).isFalse();
        assertThat(relay.relayDue()).isPositive();
        assertThat(receiveUntil(event.eventId(), 1)).hasSize(1);
        assertThat(isPublished(event)).isTrue();
    }

    @Test
    void backoffDoublesUpToItsLimit() {
        assertThat(properties.backoffAfter(1)).isEqualTo(properties.initialBackoff());
        assertThat(properties.backoffAfter(2))
                .isEqualTo(properties.initialBackoff().multipliedBy(2));
        assertThat(properties.backoffAfter(60)).isEqualTo(properties.maxBackoff());
    }

    private KafkaProperties kafkaPropertiesFor(String bootstrap) {
        var other = new KafkaProperties();
        other.setBootstrapServers(List.of(bootstrap));
        return other;
    }

    private OutboxProperties withSendTimeout(Duration timeout) {
        return new OutboxProperties(
                properties.topic(),
                properties.grace(),
                properties.relayInterval(),
                properties.batchSize(),
                timeout,
                properties.initialBackoff(),
                properties.maxBackoff());
    }

    /** A row leaves the outbox once the broker acknowledged it. */
    private boolean isPublished(ActivityEvent event) {
        return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM event_outbox WHERE event_id = ?)")
                .param(event.eventId())
                .query(Boolean.class)
                .single();
    }

    /** Polls until the event with {@code eventId} arrived, and returns its copies received by then. */
    private List<ConsumerRecord<String, String>> receiveUntil(UUID eventId, int expectedCopies) {
        topic.awaitEvent(event -> event.eventId().equals(eventId));
        List<ConsumerRecord<String, String>> copies = topic.records().stream()
                .filter(r -> r.value().contains(eventId.toString()))
                .toList();
        assertThat(copies).hasSizeGreaterThanOrEqualTo(expectedCopies);
        return copies;
    }

    private static ActivityEvent anEvent(long actorId) {
        return ActivityEvent.of(
                EventType.POST_CREATED,
                new Actor(actorId, "member" + actorId, "Member " + actorId),
                ActivityEvent.Targets.post(100 + actorId, actorId),
                "a post by " + actorId);
    }
}
