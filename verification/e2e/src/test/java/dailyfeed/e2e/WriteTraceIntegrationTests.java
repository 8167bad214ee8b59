package dailyfeed.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * One write's trace, followed through the started system (docs/tracing.md): a request that sends a W3C {@code
 * traceparent} keeps its trace id through the gateway and content-service, into the outbox and onto the Kafka record's
 * {@code traceparent} header, and activity-service logs the event's ingest in that trace.
 */
class WriteTraceIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = E2eSystem.shared();

    private static final String ACTIVITY_TOPIC = "dailyfeed.member-activity";
    private static final String RUN = Long.toString(System.currentTimeMillis() % 46_656L, 36);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Test
    void aWriteKeepsTheCallersTraceIdFromTheGatewayToTheIngest() {
        assumeTrue(dailyfeed.port("kafka").isPresent(), "needs the system this run started (its broker and logs)");
        GatewayClient api = GatewayClient.builder(dailyfeed.baseUrl())
                .timeout(Duration.ofSeconds(15))
                .build();
        Member author = api.signUp("tracer_" + RUN, "Tracer " + RUN, "password-tracer-" + RUN);
        String traceId = hex(16);
        String callerSpanId = hex(8);

        Answer created = api.send(
                "POST",
                "/api/posts",
                "{\"content\":\"followed by its trace\"}".getBytes(StandardCharsets.UTF_8),
                "application/json",
                Map.of(
                        "Authorization", "Bearer " + author.token(),
                        "traceparent", "00-" + traceId + "-" + callerSpanId + "-01"));
        assertThat(created.status()).isEqualTo(201);
        long postId = created.id();

        ConsumerRecord<String, String> record = postCreatedRecord(postId);
        Header traceParent = record.headers().lastHeader("traceparent");
        assertThat(traceParent).as("the record's traceparent header").isNotNull();
        String[] parts = new String(traceParent.value(), StandardCharsets.UTF_8).split("-");
        assertThat(parts[1]).as("the trace id of the record").isEqualTo(traceId);
        assertThat(parts[2])
                .as("the record's parent is a span of the system, not the caller's")
                .isNotEqualTo(callerSpanId);

        String eventId = new String(record.headers().lastHeader("eventId").value(), StandardCharsets.UTF_8);
        Path log = dailyfeed.dataDir().orElseThrow().resolve("logs/activity-service.log");
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(linesOf(log))
                        .as("activity-service's line for the ingest of event %s, in the write's trace", eventId)
                        .anyMatch(line -> line.contains(traceId) && line.contains(eventId)));
    }

    /** The POST_CREATED record of {@code postId} on the activity topic, read from the beginning. */
    private ConsumerRecord<String, String> postCreatedRecord(long postId) {
        Properties config = new Properties();
        config.put(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                "127.0.0.1:" + dailyfeed.port("kafka").orElseThrow());
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(ACTIVITY_TOPIC).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Pattern thePost = Pattern.compile("\"postId\"\\s*:\\s*" + postId + "\\b");
            Pattern created = Pattern.compile("\"type\"\\s*:\\s*\"POST_CREATED\"");
            List<ConsumerRecord<String, String>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(record -> {
                    if (created.matcher(record.value()).find()
                            && thePost.matcher(record.value()).find()) {
                        found.add(record);
                    }
                });
                return !found.isEmpty();
            });
            return found.get(0);
        }
    }

    private static List<String> linesOf(Path log) {
        try {
            return Optional.of(log)
                    .filter(Files::exists)
                    .map(WriteTraceIntegrationTests::read)
                    .orElse(List.of());
        } catch (UncheckedIOException e) {
            return List.of();
        }
    }

    private static List<String> read(Path log) {
        try {
            return Files.readAllLines(log, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String hex(int bytes) {
        byte[] random = new byte[bytes];
        RANDOM.nextBytes(random);
        return HexFormat.of().formatHex(random);
    }
}
