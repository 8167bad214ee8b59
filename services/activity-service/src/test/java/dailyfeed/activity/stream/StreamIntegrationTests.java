package dailyfeed.activity.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.activity.ActivityApi;
import dailyfeed.activity.ActivityProducer;
import dailyfeed.activity.ActivityServiceApplication;
import dailyfeed.activity.ActivityServiceTest;
import dailyfeed.activity.Events;
import dailyfeed.activity.store.ActivityRecorder;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.testsupport.TestPostgres;
import dailyfeed.testsupport.TestTokens;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.Environment;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

@ActivityServiceTest
class StreamIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ActivityRecorder recorder;

    @Autowired
    FollowingsStreams streams;

    @Autowired
    StreamTailer listener;

    @Autowired
    Environment environment;

    ActivityProducer topic;

    @BeforeEach
    void open() {
        topic = new ActivityProducer(broker);
        await().atMost(Duration.ofSeconds(20)).until(listener::isListening);
    }

    @AfterEach
    void close() {
        topic.close();
    }

    @Test
    void aFolloweesNewActivityArrivesWithinASecondOfBeingPublishedAndNothingElseDoes() throws Exception {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long stranger = Events.newMember();
        recorder.record(List.of(Events.follow(reader, ann, Events.now().minusSeconds(60))));

        try (SseClient client = SseClient.open(port, ActivityApi.memberBearer(reader))) {
            assertThat(client.contentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
            // the first one warms the path up; it must arrive too
            ActivityEvent warmUp = Events.post(ann, Events.now());
            topic.publish(warmUp);
            assertThat(eventIdOf(client.next(Duration.ofSeconds(20)))).isEqualTo(warmUp.eventId());

            ActivityEvent strangers = Events.post(stranger, Events.now());
            ActivityEvent own = Events.post(reader, Events.now());
            topic.publish(strangers);
            topic.publish(own);
            awaitStored(strangers.eventId());
            awaitStored(own.eventId());

            ActivityEvent annPost = Events.post(ann, Events.now());
            long published = System.nanoTime();
            topic.publish(annPost);
            SseClient.Received received = client.next(Duration.ofSeconds(5));

            assertThat(received).as("an activity event arrived").isNotNull();
            assertThat(received.name()).isEqualTo("activity");
            assertThat(eventIdOf(received))
                    .as("only followees' activities are streamed")
                    .isEqualTo(annPost.eventId());
            Duration latency = Duration.ofNanos(received.receivedNanos() - published);
            System.out.println("SSE latency from publish to receipt: " + latency.toMillis() + " ms");
            assertThat(latency).as("from publish to receipt").isLessThan(Duration.ofSeconds(1));
            assertThat(received.data())
                    .contains(
                            "\"type\":\"POST_CREATED\"",
                            "\"actor\":{\"id\":" + ann,
                            "\"occurredAt\":\"" + annPost.occurredAt() + "\"");
            assertThat(client.pending()).isEmpty();
        }
    }

    /**
     * The streams read the row of an activity only when an open stream wants it. The probe is a row that cannot be read
     * as an activity at all (a type no event has), by a member nobody follows: reading it would fail the tailer at that
     * place again and again, and nothing after it would reach any stream.
     */
    @Test
    void aRowNoOpenStreamWantsIsNotRead() throws Exception {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long stranger = Events.newMember();
        recorder.record(List.of(Events.follow(reader, ann, Events.now().minusSeconds(60))));
        try (SseClient client = SseClient.open(port, ActivityApi.memberBearer(reader))) {
            jdbc.update("""
                    INSERT INTO member_activities (event_id, type, occurred_at, actor_id, actor_handle, actor_display_name,
                                                   schema_version)
                    VALUES (?, 'NOT_AN_ACTIVITY', now(), ?, 'stranger', 'Stranger', 1)""", UUID.randomUUID(), stranger);
            ActivityEvent annPost = Events.post(ann, Events.now());
            recorder.record(List.of(annPost));

            SseClient.Received received = client.next(Duration.ofSeconds(10));

            assertThat(received)
                    .as("the followee's activity after the unreadable row arrived")
                    .isNotNull();
            assertThat(eventIdOf(received)).isEqualTo(annPost.eventId());
        } finally {
            jdbc.update("DELETE FROM member_activities WHERE type = 'NOT_AN_ACTIVITY'");
        }
    }

    @Test
    void idleStreamsGetHeartbeatsAndClosedOnesAreForgotten() throws Exception {
        long reader = Events.newMember();
        SseClient client = SseClient.open(port, ActivityApi.memberBearer(reader));
        assertThat(streams.openConnections(reader)).isEqualTo(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> client.comments().contains("keep-alive"));

        client.close();
        // the server notices when a heartbeat cannot be written
        await().atMost(Duration.ofSeconds(15)).until(() -> streams.openConnections(reader) == 0);
    }

    @Test
    void idleStreamsTakeTurnsForTheirHeartbeatsInsteadOfGettingThemAllAtOnce() throws Exception {
        List<SseClient> clients = new ArrayList<>();
        try {
            for (int i = 0; i < FollowingsStreams.HEARTBEAT_SLICES + 1; i++) {
                clients.add(SseClient.open(port, ActivityApi.memberBearer(Events.newMember())));
            }
            long allOpen = System.nanoTime();
            await().atMost(Duration.ofSeconds(10))
                    .until(() -> clients.stream().allMatch(client -> firstKeepAliveAfter(client, allOpen) != null));

            List<Long> firsts = clients.stream()
                    .map(client -> firstKeepAliveAfter(client, allOpen))
                    .sorted()
                    .toList();
            long turns = 1;
            for (int i = 1; i < firsts.size(); i++) {
                if (firsts.get(i) - firsts.get(i - 1) > Duration.ofMillis(20).toNanos()) {
                    turns++;
                }
            }
            // one turn per slice (the heartbeat is 1 s in these tests, a turn every 67 ms); all at once before
            assertThat(turns)
                    .as("distinct moments the %d streams got their first keep-alive", clients.size())
                    .isGreaterThanOrEqualTo(FollowingsStreams.HEARTBEAT_SLICES / 2);
        } finally {
            clients.forEach(SseClient::close);
        }
    }

    private static Long firstKeepAliveAfter(SseClient client, long nanos) {
        return client.keepAliveTimes().stream()
                .filter(time -> time - nanos > 0)
                .findFirst()
                .orElse(null);
    }

    @Test
    void whatWasStoredWhileTheListenerWasCutOffIsStreamedWhenItIsBack() throws Exception {
        long reader = Events.newMember();
        long ann = Events.newMember();
        recorder.record(List.of(Events.follow(reader, ann, Events.now().minusSeconds(60))));

        try (SseClient client = SseClient.open(port, ActivityApi.memberBearer(reader));
                Connection admin = TestPostgres.server().getPostgresDatabase().getConnection()) {
            String database = jdbc.queryForObject("SELECT current_database()", String.class);
            ActivityEvent missed = Events.post(ann, Events.now());
            // only the listening connection is cut, and it cannot come back yet; the pool's connections stay
            admin.createStatement().execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS false");
            try {
                admin.createStatement()
                        .execute("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '"
                                + StreamTailer.APPLICATION_NAME + "'");
                await().atMost(Duration.ofSeconds(10)).until(() -> !listener.isListening());
                recorder.record(List.of(missed));
            } finally {
                admin.createStatement().execute("ALTER DATABASE " + database + " ALLOW_CONNECTIONS true");
            }
            assertThat(eventIdOf(client.next(Duration.ofSeconds(20)))).isEqualTo(missed.eventId());
        }
    }

    @Test
    void theStreamNeedsAMemberToken() {
        var http = new ActivityApi(port).client();
        http.get()
                .uri("/api/activities/followings/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .exchange()
                .expectStatus()
                .isUnauthorized();
        http.get()
                .uri("/api/activities/followings/stream")
                .accept(MediaType.TEXT_EVENT_STREAM)
                .header(HttpHeaders.AUTHORIZATION, ActivityApi.serviceBearer())
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    @Test
    void eachInstanceStreamsWhatItsClientsNeedWhicheverInstanceStoredIt() throws Exception {
        long reader = Events.newMember();
        long ann = Events.newMember();
        recorder.record(List.of(Events.follow(reader, ann, Events.now().minusSeconds(60))));

        try (ConfigurableApplicationContext second = startSecondInstance()) {
            int secondPort = second.getEnvironment().getRequiredProperty("local.server.port", Integer.class);
            StreamTailer secondListener = second.getBean(StreamTailer.class);
            await().atMost(Duration.ofSeconds(20)).until(secondListener::isListening);

            try (SseClient onFirst = SseClient.open(port, ActivityApi.memberBearer(reader));
                    SseClient onSecond = SseClient.open(secondPort, ActivityApi.memberBearer(reader))) {
                // through Kafka: whichever instance's consumer owns the partition stores it
                ActivityEvent viaKafka = Events.post(ann, Events.now());
                topic.publish(viaKafka);
                assertThat(eventIdOf(onFirst.next(Duration.ofSeconds(20)))).isEqualTo(viaKafka.eventId());
                assertThat(eventIdOf(onSecond.next(Duration.ofSeconds(20)))).isEqualTo(viaKafka.eventId());

                // registered on the first instance: the second instance's client hears of it too
                ActivityEvent viaHttp = Events.post(ann, Events.now());
                new ActivityApi(port)
                        .client()
                        .post()
                        .uri("/api/activities")
                        .contentType(MediaType.APPLICATION_JSON)
                        .header(HttpHeaders.AUTHORIZATION, ActivityApi.serviceBearer())
                        .body(ActivityEventJson.write(viaHttp))
                        .exchange()
                        .expectStatus()
                        .isCreated();
                assertThat(eventIdOf(onSecond.next(Duration.ofSeconds(10)))).isEqualTo(viaHttp.eventId());
                assertThat(eventIdOf(onFirst.next(Duration.ofSeconds(10)))).isEqualTo(viaHttp.eventId());
            }
        }
    }

    /** Another activity-service on the same database and Kafka cluster, in the same consumer group. */
    private ConfigurableApplicationContext startSecondInstance() {
        return new SpringApplicationBuilder(ActivityServiceApplication.class, TestTokens.Decoder.class)
                .run(
                        "--server.port=0",
                        "--spring.datasource.url=" + environment.getRequiredProperty("spring.datasource.url"),
                        "--spring.datasource.username=" + environment.getRequiredProperty("spring.datasource.username"),
                        "--spring.datasource.password=" + environment.getRequiredProperty("spring.datasource.password"),
                        "--spring.kafka.bootstrap-servers=" + broker.getBrokersAsString(),
                        "--spring.jmx.enabled=false");
    }

    private void awaitStored(UUID eventId) {
        await().atMost(Duration.ofSeconds(20))
                .until(() -> jdbc.queryForObject(
                                "SELECT count(*) FROM member_activities WHERE event_id = ?", Integer.class, eventId)
                        == 1);
    }

    private static UUID eventIdOf(SseClient.Received received) {
        assertThat(received).as("an event arrived").isNotNull();
        String data = received.data();
        int start = data.indexOf("\"eventId\":\"") + 11;
        return UUID.fromString(data.substring(start, data.indexOf('"', start)));
    }
}
