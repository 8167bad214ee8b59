package dailyfeed.activity.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.activity.ActivityApi;
import dailyfeed.activity.ActivityProducer;
import dailyfeed.activity.ActivityServiceTest;
import dailyfeed.activity.Events;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.events.EventType;
import dailyfeed.testsupport.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/** An operator lists the dead letters with their reasons and replays chosen ones: {@code /actuator/ingestdeadletters}. */
@ActivityServiceTest
class DeadLetterReplayIntegrationTests {

    private static final String ENDPOINT = "/actuator/ingestdeadletters";
    private static final String OPERATOR = "Bearer " + TestTokens.service("operations");

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    @Qualifier("deadLetterTemplate")
    KafkaTemplate<Object, Object> kafka;

    ActivityApi api;
    ActivityProducer topic;
    DeadLetterTopic deadLetters;

    @BeforeEach
    void open() {
        api = new ActivityApi(port);
        topic = new ActivityProducer(broker);
        deadLetters = new DeadLetterTopic(broker);
    }

    @AfterEach
    void close() {
        topic.close();
        deadLetters.close();
    }

    @Test
    void anOperatorReplaysAFixedDeadLetterByItsEventIdAndReplayingTwiceStoresItOnce() throws Exception {
        long actor = Events.newMember();
        ActivityEvent event = Events.post(actor, Events.now());
        // rejected by an earlier version of this service, for a cause fixed since
        String reason = "Event " + event.eventId() + " breaks a rule: schemaVersion must be between 1 and 0";
        var dead = new ProducerRecord<Object, Object>(
                DeadLetterTopic.NAME, event.recordKey(), ActivityEventJson.write(event));
        dead.headers()
                .add(new RecordHeader(
                        IngestConfiguration.REJECTION_REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8)));
        kafka.send(dead).get(10, TimeUnit.SECONDS);

        assertThat(listed(event.eventId())).singleElement().satisfies(record -> {
            assertThat(record)
                    .containsEntry("eventId", event.eventId().toString())
                    .containsEntry("key", event.recordKey());
            assertThat(record.get("reasons")).isEqualTo(List.of(reason));
        });

        for (int time = 1; time <= 2; time++) {
            assertThat(replay(event.eventId())).containsEntry("replayed", 1);
            ActivityEvent marker = Events.post(actor, Events.now());
            topic.publish(marker); // same key, same partition: stored after the replayed copy was consumed
            await().atMost(Duration.ofSeconds(30)).until(() -> countOf(marker.eventId()) == 1);
            assertThat(countOf(event.eventId())).isEqualTo(1);
        }
        // the dead letter is still there to read, with its reason
        assertThat(listed(event.eventId())).hasSize(1);
    }

    @Test
    void aReplayedRecordRejectedAgainKeepsItsHistory() {
        long actor = Events.newMember();
        ActivityEvent nul = Events.event(EventType.POST_CREATED, actor, Events.now(), 5L, null, null, null, "a\u0000b");
        topic.publish(nul);
        ConsumerRecord<String, String> first = deadLetters
                .awaitMatching(DeadLetterTopic.withKey(nul.recordKey()), 1)
                .get(0);

        assertThat(replay(nul.eventId())).containsEntry("replayed", 1);

        List<ConsumerRecord<String, String>> both =
                deadLetters.awaitMatching(DeadLetterTopic.withKey(nul.recordKey()), 2);
        ConsumerRecord<String, String> again = both.get(1);
        assertThat(again.value()).isEqualTo(first.value());
        assertThat(again.headers().headers(IngestConfiguration.REJECTION_REASON_HEADER))
                .hasSize(2);
        assertThat(DeadLetterTopic.header(again, DeadLetters.REPLAYED_FROM_HEADER))
                .isEqualTo(DeadLetterTopic.NAME + "-" + first.partition() + "@" + first.offset());
        assertThat(countOf(nul.eventId())).isZero();
    }

    @Test
    void onlyOperatorsReadAndReplayDeadLetters() {
        long member = Events.newMember();
        api.client().get().uri(ENDPOINT).exchange().expectStatus().isUnauthorized();
        api.client()
                .get()
                .uri(ENDPOINT)
                .header(HttpHeaders.AUTHORIZATION, ActivityApi.memberBearer(member))
                .exchange()
                .expectStatus()
                .isForbidden();
        api.client()
                .post()
                .uri(ENDPOINT)
                .header(HttpHeaders.AUTHORIZATION, ActivityApi.serviceBearer())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"eventIds\": \"\"}")
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    private Map<String, Object> replay(UUID eventId) {
        return api.client()
                .post()
                .uri(ENDPOINT)
                .header(HttpHeaders.AUTHORIZATION, OPERATOR)
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"eventIds\": \"" + eventId + "\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ActivityApi.JSON)
                .returnResult()
                .getResponseBody();
    }

    @SuppressWarnings("unchecked")
    private List<Map<String, Object>> listed(UUID eventId) {
        Map<String, Object> body = api.client()
                .get()
                .uri(ENDPOINT + "?eventId=" + eventId)
                .header(HttpHeaders.AUTHORIZATION, OPERATOR)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(ActivityApi.JSON)
                .returnResult()
                .getResponseBody();
        return (List<Map<String, Object>>) body.get("records");
    }

    private int countOf(UUID eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM member_activities WHERE event_id = ?", Integer.class, eventId);
    }
}
