package dailyfeed.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Every record on the activity topic of the system the suite ran validates against the event contract's JSON Schema
 * (libraries/event-contract, docs/events.md). Ordered after the suite's other classes (junit-platform.properties), so
 * it reads what all of them published on the shared system; it also publishes one event of every type itself, so
 * that a run of this class alone checks every type.
 */
@Order(Integer.MAX_VALUE)
class EventContractIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = E2eSystem.shared();

    private static final String TOPIC = "dailyfeed.member-activity";
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String RUN = Long.toString(System.currentTimeMillis() % 46_656L, 36);

    private final GatewayClient api = GatewayClient.builder(dailyfeed.baseUrl())
            .timeout(Duration.ofSeconds(15))
            .build();

    @Test
    void everyEventOnTheTopicValidatesAgainstTheSchema() {
        Map<Long, String> members = publishOneEventOfEveryType();

        Schema schema = schema();
        List<String> invalid = new ArrayList<>();
        List<JsonNode> ours = new ArrayList<>();
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofSeconds(1))
                .untilAsserted(() -> {
                    invalid.clear();
                    ours.clear();
                    List<ConsumerRecord<String, String>> records = readTopic();
                    for (ConsumerRecord<String, String> record : records) {
                        String errors = violations(schema, record.value());
                        if (!errors.isEmpty()) {
                            invalid.add(
                                    record.partition() + "@" + record.offset() + " " + errors + ": " + record.value());
                            continue;
                        }
                        JsonNode event = JSON.readTree(record.value());
                        if (members.containsKey(event.path("actor").path("id").asLong())) {
                            ours.add(event);
                        }
                    }
                    // one of every type, and a reply among the comment events, reached the topic
                    assertThat(ours.stream()
                                    .map(event -> event.path("type").asString())
                                    .collect(Collectors.toSet()))
                            .containsExactlyInAnyOrder(TYPES.toArray(String[]::new));
                    assertThat(ours)
                            .anySatisfy(event -> assertThat(
                                            event.path("parentCommentId").isNumber())
                                    .isTrue());
                });
        assertThat(invalid).as("records that break the schema").isEmpty();
    }

    private static final Set<String> TYPES = Set.of(
            "POST_CREATED",
            "POST_UPDATED",
            "POST_DELETED",
            "POST_LIKED",
            "POST_UNLIKED",
            "COMMENT_CREATED",
            "COMMENT_UPDATED",
            "COMMENT_DELETED",
            "COMMENT_LIKED",
            "COMMENT_UNLIKED",
            "MEMBER_FOLLOWED",
            "MEMBER_UNFOLLOWED");

    /** Two members who do everything once (a reply included) through the gateway; their ids. */
    private Map<Long, String> publishOneEventOfEveryType() {
        Member author = api.signUp("contract_a_" + RUN, "Contract Author", "password-contract-a-" + RUN);
        Member reader = api.signUp("contract_r_" + RUN, "Contract Reader", "password-contract-r-" + RUN);
        api.follow(reader, author.id()).expect(204);
        long post = api.createPost(author, "Contract", "Every event once")
                .expect(201)
                .id();
        api.json("PUT", "/api/posts/" + post, author.token(), "{\"title\":\"Contract\",\"content\":\"Edited\"}")
                .expect(200);
        api.likePost(reader, post).expect(204);
        api.unlikePost(reader, post).expect(204);
        long comment = api.comment(reader, post, "A comment").expect(201).id();
        api.json("PUT", "/api/comments/" + comment, reader.token(), "{\"content\":\"An edited comment\"}")
                .expect(200);
        long reply = api.reply(author, post, comment, "A reply").expect(201).id();
        api.likeComment(author, comment).expect(204);
        api.unlikeComment(author, comment).expect(204);
        api.delete("/api/comments/" + reply, author.token()).expect(204);
        api.deletePost(author, post).expect(204);
        api.unfollow(reader, author.id()).expect(204);
        return Map.of(author.id(), author.handle(), reader.id(), reader.handle());
    }

    /** What the schema finds wrong with a record's value, empty when nothing; also a value that is not JSON. */
    private static String violations(Schema schema, String value) {
        try {
            var errors = schema.validate(
                    value,
                    InputFormat.JSON,
                    context -> context.executionConfig(config -> config.formatAssertionsEnabled(true)));
            return errors.isEmpty() ? "" : errors.toString();
        } catch (RuntimeException notJson) {
            return "not JSON: " + notJson.getMessage();
        }
    }

    private static Schema schema() {
        try (InputStream in = ActivityEventJson.class.getResourceAsStream(ActivityEventJson.SCHEMA_RESOURCE)) {
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                    .getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The whole topic as it is now, with a consumer of no group (nothing committed, the ingest untouched). */
    private List<ConsumerRecord<String, String>> readTopic() {
        int kafkaPort = dailyfeed.port("kafka").orElse(9092);
        Map<String, Object> config = new HashMap<>();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + kafkaPort);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        List<ConsumerRecord<String, String>> records = new ArrayList<>();
        try (var consumer = new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC, Duration.ofSeconds(10)).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, Duration.ofSeconds(10));
            Instant deadline = Instant.now().plusSeconds(30);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && Instant.now().isBefore(deadline)) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }
}
