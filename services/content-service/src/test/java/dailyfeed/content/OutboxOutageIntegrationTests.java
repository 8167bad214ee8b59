package dailyfeed.content;

import static dailyfeed.content.ContentApi.id;
import static dailyfeed.content.ContentApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.content.ContentApi.Member;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.events.ActivityTopic;
import dailyfeed.events.EventType;
import dailyfeed.outbox.OutboxForTests;
import dailyfeed.platform.security.Scopes;
import dailyfeed.testsupport.EmbeddedPostgresInitializer;
import dailyfeed.testsupport.RestartableKafkaBroker;
import dailyfeed.testsupport.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.HttpHeaders;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * What happens to the event of a committed change when Kafka or the process fails. Each test starts content-service
 * itself (as a process would be started) on a database of its own, against a real broker in a child JVM that can be
 * killed and started again on the same port.
 */
class OutboxOutageIntegrationTests {

    /** A process that commits events and sends none of them: it "dies" before the send and its relay never runs. */
    static final List<Class<?>> NOTHING_SENT =
            List.of(OutboxForTests.NoSendAfterCommit.class, OutboxForTests.RelayByHand.class);

    static RestartableKafkaBroker kafka;

    @BeforeAll
    static void startKafka() {
        kafka = RestartableKafkaBroker.onFreePort().start();
        kafka.createTopic(ActivityTopic.DEFAULT_NAME, 3);
    }

    @AfterAll
    static void stopKafka() {
        kafka.close();
    }

    @Test
    void aPostWrittenWhileKafkaIsDownIsPublishedOnceKafkaIsBack() {
        try (var service = ContentService.start(
                "content_outage_kafka_down",
                "--dailyfeed.outbox.send-timeout=2s",
                "--dailyfeed.outbox.initial-backoff=200ms",
                "--dailyfeed.outbox.max-backoff=1s",
                "--dailyfeed.outbox.relay-interval=200ms",
                "--dailyfeed.outbox.grace=500ms")) {
            Member ann = ContentApi.member("ann");
            kafka.kill();

            long post = id(json(service.api
                    .writePost(ann, "Written while Kafka is down", "still accepted")
                    .expectStatus()
                    .isCreated()));

            // the send after commit and the relay's retries fail: the event waits as a dead letter, with its error
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(service.deadLetters())
                            .containsEntry("deadLetters", 1)
                            .containsKey("oldestCreatedAt")
                            .satisfies(body ->
                                    assertThat((String) body.get("lastError")).isNotBlank()));
            service.api
                    .client()
                    .get()
                    .uri("/actuator/metrics/dailyfeed.outbox.dead.letters")
                    .header(HttpHeaders.AUTHORIZATION, operationsBearer())
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.measurements[0].value")
                    .isEqualTo(1.0);
            UUID eventId = service.eventIdOf(post);
            assertThat(service.isPublished(eventId)).isFalse();

            kafka.start(); // nobody redrives: the relay finds the broker again by itself

            List<ActivityEvent> copies = readUntil(eventId);
            assertThat(copies).allSatisfy(event -> {
                assertThat(event.type()).isEqualTo(EventType.POST_CREATED);
                assertThat(event.postId()).isEqualTo(post);
                assertThat(event.actor().id()).isEqualTo(ann.id());
                assertThat(event.summary()).isEqualTo("Written while Kafka is down");
            });
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(service.isPublished(eventId)).isTrue();
                assertThat(service.deadLetters()).containsEntry("deadLetters", 0);
            });
        } finally {
            if (!kafka.isRunning()) {
                kafka.start();
            }
        }
    }

    @Test
    void anEventCommittedByAProcessThatDiedBeforeSendingIsPublishedAfterRestart() {
        Member ben = ContentApi.member("ben");
        long post;
        UUID eventId;
        // the first process commits the post and its event, and is gone before anything is sent
        try (var dying = ContentService.start("content_outage_crash", NOTHING_SENT, "--dailyfeed.outbox.grace=0s")) {
            post = id(json(dying.api
                    .writePost(ben, "Committed, then the process died", "text")
                    .expectStatus()
                    .isCreated()));
            eventId = dying.eventIdOf(post);
            assertThat(dying.isPublished(eventId)).isFalse();
        }

        // the restarted process relays what the first one left
        try (var restarted = ContentService.start("content_outage_crash", "--dailyfeed.outbox.relay-interval=200ms")) {
            List<ActivityEvent> copies = readUntil(eventId);
            assertThat(copies).allSatisfy(event -> {
                assertThat(event.type()).isEqualTo(EventType.POST_CREATED);
                assertThat(event.postId()).isEqualTo(post);
                assertThat(event.actor().id()).isEqualTo(ben.id());
            });
            await().atMost(Duration.ofSeconds(10))
                    .untilAsserted(
                            () -> assertThat(restarted.isPublished(eventId)).isTrue());
            restarted.api.readPost(ben, post).expectStatus().isOk();
        }
    }

    @Test
    void operatorsSeeDeadLettersAndRedriveThemWithAnOperationsToken() {
        try (var service =
                ContentService.start("content_outage_redrive", NOTHING_SENT, "--dailyfeed.outbox.grace=0s")) {
            Member cid = ContentApi.member("cid");
            long post = id(json(service.api
                    .writePost(cid, "Waiting", "for an operator")
                    .expectStatus()
                    .isCreated()));
            UUID eventId = service.eventIdOf(post);

            Map<String, Object> seen = service.deadLetters();
            assertThat(seen)
                    .containsEntry("deadLetters", 1)
                    .containsEntry("pending", 1)
                    .containsKeys("lastError", "oldestAgeSeconds");
            assertThat(seen.get("oldestCreatedAt")).isNotNull();
            assertThat(((Number) seen.get("oldestAgeSeconds")).longValue()).isNotNegative();

            var client = service.api.client();
            client.post().uri("/actuator/deadletters").exchange().expectStatus().isUnauthorized();
            client.post()
                    .uri("/actuator/deadletters")
                    .header(HttpHeaders.AUTHORIZATION, cid.bearer())
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            client.post()
                    .uri("/actuator/deadletters")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.service(Scopes.ACTIVITIES_WRITE))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            assertThat(service.isPublished(eventId)).isFalse();

            Map<String, Object> redriven = json(client.post()
                    .uri("/actuator/deadletters")
                    .header(HttpHeaders.AUTHORIZATION, operationsBearer())
                    .exchange()
                    .expectStatus()
                    .isOk());
            assertThat(redriven).containsEntry("redriven", 1).containsEntry("deadLetters", 0);

            assertThat(readUntil(eventId)).extracting(ActivityEvent::postId).containsOnly(post);
            assertThat(service.isPublished(eventId)).isTrue();
        }
    }

    /**
     * Two instances relay one outbox at once: {@code FOR UPDATE SKIP LOCKED} claims with a lease keep them from taking
     * the same rows, so with a healthy broker every event is published exactly once.
     */
    @Test
    void twoInstancesRelayingOneOutboxPublishEachEventOnce() {
        String[] relayOnly = {
            "--dailyfeed.outbox.relay-interval=50ms", "--dailyfeed.outbox.grace=0s", "--dailyfeed.outbox.batch-size=3"
        };
        List<Class<?>> noSendAfterCommit = List.of(OutboxForTests.NoSendAfterCommit.class);
        try (var first = ContentService.start("content_two_instances", noSendAfterCommit, relayOnly);
                var second = ContentService.start("content_two_instances", noSendAfterCommit, relayOnly)) {
            // each post's author, who is nobody else's: the topic is shared with the other tests' databases
            Map<Long, Long> authorOfPost = new java.util.HashMap<>();
            for (int i = 0; i < 40; i++) {
                var instance = i % 2 == 0 ? first : second;
                Member author = ContentApi.member("many");
                authorOfPost.put(
                        id(json(instance.api
                                .writePost(author, "post " + i, "text")
                                .expectStatus()
                                .isCreated())),
                        author.id());
            }
            // a row leaves the outbox once it is published
            await().atMost(Duration.ofSeconds(30)).until(() -> first.unpublished() == 0);

            // every row is published, so nobody sends them again: what is on the topic now is all there will be
            Map<Long, Long> copies = readToEnd().stream()
                    .filter(event -> event.actor().id() == authorOfPost.getOrDefault(event.postId(), -1L))
                    .collect(java.util.stream.Collectors.groupingBy(
                            ActivityEvent::postId, java.util.stream.Collectors.counting()));
            assertThat(copies)
                    .hasSize(authorOfPost.size())
                    .allSatisfy((post, count) -> assertThat(count).isOne());
        }
    }

    /**
     * Reads the whole topic from the beginning until the event arrived, and returns its copies: the same
     * {@code eventId} every time (a re-send after a lost acknowledgement is possible; consumers deduplicate by it).
     */
    private static List<ActivityEvent> readUntil(UUID eventId) {
        try (Consumer<String, String> consumer = fromTheBeginning()) {
            List<ActivityEvent> copies = new ArrayList<>();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    ActivityEvent event = ActivityEventJson.read(record.value());
                    if (event.eventId().equals(eventId)) {
                        copies.add(event);
                    }
                });
                return !copies.isEmpty();
            });
            return copies;
        }
    }

    /** A consumer of every partition of the activity topic, at its beginning, committing nothing. */
    private static Consumer<String, String> fromTheBeginning() {
        Consumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                        kafka.bootstrapServers(),
                        ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                        false),
                new StringDeserializer(),
                new StringDeserializer());
        List<TopicPartition> partitions =
                consumer.partitionsFor(ActivityTopic.DEFAULT_NAME, Duration.ofSeconds(30)).stream()
                        .map(info -> new TopicPartition(info.topic(), info.partition()))
                        .toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        return consumer;
    }

    /** Every event on the topic, from the beginning to the end offsets as they are now. */
    private static List<ActivityEvent> readToEnd() {
        try (Consumer<String, String> consumer = fromTheBeginning()) {
            Set<TopicPartition> partitions = consumer.assignment();
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(30));
            List<ActivityEvent> events = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200))
                        .forEach(record -> events.add(ActivityEventJson.read(record.value())));
                return partitions.stream().allMatch(partition -> consumer.position(partition) >= end.get(partition));
            });
            return events;
        }
    }

    /** content-service started as its own application on a database of its own, talking to the restartable broker. */
    private static final class ContentService implements AutoCloseable {

        final ConfigurableApplicationContext context;
        final ContentApi api;
        final JdbcClient jdbc;

        private ContentService(ConfigurableApplicationContext context) {
            this.context = context;
            this.api = new ContentApi(
                    ((WebServerApplicationContext) context).getWebServer().getPort());
            this.jdbc = context.getBean(JdbcClient.class);
        }

        static ContentService start(String database, String... settings) {
            return start(database, List.of(), settings);
        }

        /** Started with some of {@link OutboxForTests}'s configurations, which replace the outbox's own beans. */
        static ContentService start(String database, List<Class<?>> outboxForTests, String... settings) {
            List<String> args = new ArrayList<>(List.of(
                    "--spring.application.name=" + database,
                    "--server.port=0",
                    "--spring.kafka.bootstrap-servers=" + kafka.bootstrapServers()));
            args.addAll(List.of(settings));
            List<Class<?>> sources =
                    new ArrayList<>(List.of(ContentServiceApplication.class, TestTokens.Decoder.class));
            sources.addAll(outboxForTests);
            return new ContentService(new SpringApplicationBuilder(sources.toArray(Class<?>[]::new))
                    .initializers(new EmbeddedPostgresInitializer())
                    .run(args.toArray(String[]::new)));
        }

        Map<String, Object> deadLetters() {
            return json(api.client()
                    .get()
                    .uri("/actuator/deadletters")
                    .header(HttpHeaders.AUTHORIZATION, operationsBearer())
                    .exchange()
                    .expectStatus()
                    .isOk());
        }

        UUID eventIdOf(long postId) {
            return jdbc.sql("SELECT event_id FROM event_outbox WHERE payload::jsonb ->> 'postId' = ?")
                    .param(Long.toString(postId))
                    .query(UUID.class)
                    .single();
        }

        /** A row leaves the outbox once the broker acknowledged it. */
        boolean isPublished(UUID eventId) {
            return jdbc.sql("SELECT NOT EXISTS (SELECT 1 FROM event_outbox WHERE event_id = ?)")
                    .param(eventId)
                    .query(Boolean.class)
                    .single();
        }

        long unpublished() {
            return jdbc.sql("SELECT count(*) FROM event_outbox")
                    .query(Long.class)
                    .single();
        }

        @Override
        public void close() {
            context.close();
        }
    }

    /** The one way these tests act as an operator: a token with the operations scope. */
    static String operationsBearer() {
        return "Bearer " + TestTokens.service(Scopes.OPERATIONS);
    }
}
