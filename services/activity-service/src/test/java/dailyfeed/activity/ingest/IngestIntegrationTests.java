package dailyfeed.activity.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.activity.ActivityProducer;
import dailyfeed.activity.ActivityServiceTest;
import dailyfeed.activity.Events;
import dailyfeed.activity.store.ActivityRecorder;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.events.ActivityTopic;
import dailyfeed.events.EventType;
import dailyfeed.testsupport.TestPostgres;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;
import org.springframework.transaction.support.TransactionTemplate;

@ActivityServiceTest
class IngestIntegrationTests {

    private static final String GROUP = "activity-service";

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ActivityRecorder recorder;

    @Autowired
    TransactionTemplate transactions;

    ActivityProducer topic;

    @BeforeEach
    void open() {
        topic = new ActivityProducer(broker);
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void eachEventTypeLandsAsOneActivityWithItsFields() {
        long actor = Events.newMember();
        Instant at = Events.now().minusSeconds(60);
        List<ActivityEvent> events = new ArrayList<>();
        for (EventType type : EventType.values()) {
            events.add(Events.of(type, actor, at.plusMillis(events.size())));
        }
        events.forEach(topic::publish);

        for (ActivityEvent event : events) {
            awaitStored(event.eventId());
            Map<String, Object> row =
                    jdbc.queryForMap("SELECT * FROM member_activities WHERE event_id = ?", event.eventId());
            assertThat(row.get("type")).isEqualTo(event.type().name());
            assertThat(((OffsetDateTime) jdbc.queryForObject(
                                    "SELECT occurred_at FROM member_activities WHERE event_id = ?",
                                    OffsetDateTime.class,
                                    event.eventId()))
                            .toInstant())
                    .isEqualTo(event.occurredAt());
            assertThat(row.get("actor_id")).isEqualTo(actor);
            assertThat(row.get("actor_handle")).isEqualTo(event.actor().handle());
            assertThat(row.get("actor_display_name")).isEqualTo(event.actor().displayName());
            assertThat(row.get("post_id")).isEqualTo(event.postId());
            assertThat(row.get("comment_id")).isEqualTo(event.commentId());
            assertThat(row.get("parent_comment_id")).isEqualTo(event.parentCommentId());
            assertThat(row.get("target_member_id")).isEqualTo(event.targetMemberId());
            assertThat(row.get("summary")).isEqualTo(event.summary());
            assertThat(row.get("schema_version")).isEqualTo(ActivityEvent.CURRENT_SCHEMA_VERSION);
        }
        assertThat(countOfActor(actor)).isEqualTo(EventType.values().length);
    }

    @Test
    void theSameEventDeliveredThreeTimesIsStoredOnce() {
        long actor = Events.newMember();
        ActivityEvent event = Events.post(actor, Events.now());
        for (int i = 0; i < 3; i++) {
            topic.publish(event);
        }
        // same key, same partition, in order: once the marker is stored, every copy before it was consumed
        ActivityEvent marker = Events.post(actor, Events.now());
        topic.publish(marker);

        awaitStored(marker.eventId());
        assertThat(countOf(event.eventId())).isEqualTo(1);
        assertThat(countOfActor(actor)).isEqualTo(2);
    }

    @Test
    void theSameEventSentConcurrentlyByTwoProducersIsStoredOnce() throws Exception {
        long actor = Events.newMember();
        ActivityEvent event = Events.post(actor, Events.now());
        ActivityEvent markerA = Events.post(actor, Events.now());
        ActivityEvent markerB = Events.post(actor, Events.now());
        CyclicBarrier start = new CyclicBarrier(2);
        try (var other = new ActivityProducer(broker)) {
            CompletableFuture<Void> a = CompletableFuture.runAsync(() -> sendAfter(start, topic, event, markerA));
            CompletableFuture<Void> b = CompletableFuture.runAsync(() -> sendAfter(start, other, event, markerB));
            CompletableFuture.allOf(a, b).get(20, TimeUnit.SECONDS);
        }

        awaitStored(markerA.eventId());
        awaitStored(markerB.eventId());
        assertThat(countOf(event.eventId())).isEqualTo(1);
        assertThat(countOfActor(actor)).isEqualTo(3);
    }

    @Test
    void twoRacingWritersOfTheSameEventLeaveOneRowAndNeitherFails() throws Exception {
        ActivityEvent event = Events.post(Events.newMember(), Events.now());
        CountDownLatch firstWrote = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        // the first writer inserts and holds its transaction open; the second must wait for it, then do nothing
        CompletableFuture<Set<UUID>> first = CompletableFuture.supplyAsync(() -> transactions.execute(status -> {
            Set<UUID> stored = recorder.record(List.of(event)).stored();
            firstWrote.countDown();
            awaitLatch(release);
            return stored;
        }));
        assertThat(firstWrote.await(10, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Set<UUID>> second = CompletableFuture.supplyAsync(
                () -> recorder.record(List.of(event)).stored());
        await().atMost(Duration.ofSeconds(10))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'",
                                Integer.class)
                        > 0);
        release.countDown();

        assertThat(first.get(10, TimeUnit.SECONDS)).containsExactly(event.eventId());
        assertThat(second.get(10, TimeUnit.SECONDS)).isEmpty();
        assertThat(countOf(event.eventId())).isEqualTo(1);
    }

    @Test
    void poisonPillsGoToTheDeadLetterTopicWithTheReasonAndTheGoodEventsAroundThemAreStored() {
        long actor = Events.newMember();
        String key = Long.toString(actor);
        ActivityEvent before = Events.post(actor, Events.now());
        ActivityEvent after = Events.post(actor, Events.now());
        String notJson = "{not json " + UUID.randomUUID();
        String unknownType =
                ActivityEventJson.write(Events.post(actor, Events.now())).replace("POST_CREATED", "POST_EXPLODED");
        String breaksRule = ActivityEventJson.write(
                Events.event(EventType.MEMBER_FOLLOWED, actor, Events.now(), null, null, null, null, "nobody"));

        try (Consumer<String, String> deadLetters = deadLetterConsumer()) {
            topic.publish(before);
            topic.send(key, notJson);
            topic.send(key, unknownType);
            topic.send(key, breaksRule);
            RecordMetadata last = topic.publish(after);

            awaitStored(before.eventId());
            awaitStored(after.eventId());
            assertThat(countOfActor(actor)).isEqualTo(2);

            List<ConsumerRecord<String, String>> received = new ArrayList<>();
            await().atMost(Duration.ofSeconds(20)).until(() -> {
                KafkaTestUtils.getRecords(deadLetters, Duration.ofMillis(200)).forEach(received::add);
                return received.stream().filter(r -> key.equals(r.key())).count() >= 3;
            });
            List<ConsumerRecord<String, String>> ours =
                    received.stream().filter(r -> key.equals(r.key())).toList();
            assertThat(ours).extracting(ConsumerRecord::value).containsExactly(notJson, unknownType, breaksRule);
            assertThat(reason(ours.get(0))).startsWith("Not an activity event");
            assertThat(reason(ours.get(1))).startsWith("Not an activity event").contains("POST_EXPLODED");
            assertThat(reason(ours.get(2))).contains("targetMemberId is required");
            for (ConsumerRecord<String, String> dead : ours) {
                assertThat(header(dead, "kafka_dlt-original-topic")).isEqualTo(ActivityTopic.DEFAULT_NAME);
                assertThat(header(dead, "kafka_dlt-exception-fqcn")).isNotBlank();
            }
            // the partition moved on past the last record
            await().atMost(Duration.ofSeconds(10)).until(() -> committed(last.partition()) > last.offset());
        }
    }

    @Test
    void whileTheDatabaseIsDownTheOffsetsStayAndTheEventIsStoredOnceItIsBack() throws Exception {
        long actor = Events.newMember();
        ActivityEvent warmUp = Events.post(actor, Events.now());
        topic.publish(warmUp);
        awaitStored(warmUp.eventId()); // the consumers are assigned and running

        ActivityEvent event = Events.post(actor, Events.now());
        RecordMetadata sent;
        try (Connection admin = TestPostgres.server().getPostgresDatabase().getConnection()) {
            String database = jdbc.queryForObject("SELECT current_database()", String.class);
            // the service's database refuses connections and every open one is cut: an outage, as far as it can tell
            admin.createStatement().execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            try {
                admin.createStatement()
                        .execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '" + database
                                + "' AND pid <> pg_backend_pid()");
                sent = topic.publish(event);
                // retried with backoff, and never committed past the event while it cannot be stored
                await().during(Duration.ofSeconds(3))
                        .atMost(Duration.ofSeconds(5))
                        .until(() -> committed(sent.partition()) <= sent.offset());
            } finally {
                admin.createStatement().execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
        }
        await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> countOf(event.eventId()) > 0);
        assertThat(countOf(event.eventId())).isEqualTo(1);
        await().atMost(Duration.ofSeconds(10)).until(() -> committed(sent.partition()) > sent.offset());
    }

    private static void sendAfter(
            CyclicBarrier start, ActivityProducer producer, ActivityEvent event, ActivityEvent marker) {
        try {
            start.await(10, TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        producer.publish(event);
        producer.publish(marker);
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void awaitStored(UUID eventId) {
        await().atMost(Duration.ofSeconds(20)).until(() -> countOf(eventId) > 0);
    }

    private int countOf(UUID eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM member_activities WHERE event_id = ?", Integer.class, eventId);
    }

    private int countOfActor(long actor) {
        return jdbc.queryForObject("SELECT count(*) FROM member_activities WHERE actor_id = ?", Integer.class, actor);
    }

    /** The ingest group's committed offset of a partition of the activity topic, -1 if none. */
    private long committed(int partition) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(ActivityTopic.DEFAULT_NAME, partition));
            return offset == null ? -1 : offset.offset();
        }
    }

    private Consumer<String, String> deadLetterConsumer() {
        Map<String, Object> config = KafkaTestUtils.consumerProps(broker, "dlt-reader-" + UUID.randomUUID(), false);
        config.put("auto.offset.reset", "earliest");
        Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(
                        config, new StringDeserializer(), new StringDeserializer())
                .createConsumer();
        consumer.subscribe(List.of(ActivityTopic.DEFAULT_NAME + ".DLT"));
        return consumer;
    }

    private static String reason(ConsumerRecord<?, ?> record) {
        return header(record, IngestConfiguration.REJECTION_REASON_HEADER);
    }

    private static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
