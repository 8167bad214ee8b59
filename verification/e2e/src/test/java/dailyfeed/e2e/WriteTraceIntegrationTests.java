package dailyfeed.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dailyfeed.harness.Answer;
import dailyfeed.harness.EventStreamClient;
import dailyfeed.harness.EventStreamClient.Subscription;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One write's trace, followed through the started system (docs/tracing.md), as an operator would in Zipkin: a post
 * created with the caller's W3C {@code traceparent} keeps that trace id through the gateway and content-service, into
 * the outbox and onto the Kafka record's {@code traceparent} header; activity-service's JSON log line for the event's
 * ingest carries it; and the Zipkin server the launcher runs with {@code --tracing} holds one trace with the gateway's
 * request, content-service's, the outbox send, the ingest and the delivery to the follower's open stream.
 */
class WriteTraceIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = E2eSystem.shared();

    private static final String ACTIVITY_TOPIC = "dailyfeed.member-activity";
    private static final String RUN = Long.toString(System.currentTimeMillis() % 46_656L, 36);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient ZIPKIN = HttpClient.newHttpClient();
    /** Spans leave each process in batches every few seconds; the ingest and delivery follow the write. */
    private static final Duration SPANS_ARRIVE = Duration.ofSeconds(60);

    @Test
    void aWriteIsOneTraceFromTheGatewayToTheFollowersStream() throws Exception {
        assumeTrue(
                dailyfeed.port("kafka").isPresent() && dailyfeed.port("zipkin").isPresent(),
                "needs the system this run started with --tracing (its broker, logs and Zipkin)");
        GatewayClient api = GatewayClient.builder(dailyfeed.baseUrl())
                .timeout(Duration.ofSeconds(15))
                .build();
        Member author = api.signUp("tracer_" + RUN, "Tracer " + RUN, "password-tracer-" + RUN);
        Member follower = api.signUp("traced_" + RUN, "Traced " + RUN, "password-traced-" + RUN);
        api.follow(follower, author.id()).expect(204);
        String traceId = hex(16);
        String callerSpanId = hex(8);

        try (EventStreamClient streams = new EventStreamClient(1, Duration.ofSeconds(1))) {
            Subscription banner = streams.subscribe(
                    List.of(URI.create(dailyfeed.baseUrl())), "/api/activities/followings/stream", follower.token());
            await().atMost(Duration.ofSeconds(30)).until(banner::isConnected);

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
            await().atMost(Duration.ofSeconds(30))
                    .untilAsserted(() -> assertThat(banner.events("activity"))
                            .as("the follower's banner got the post")
                            .anyMatch(event -> event.data().contains("\"postId\":" + postId)));

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
                    .untilAsserted(() -> assertThat(jsonLinesOf(log))
                            .as(
                                    "activity-service's JSON line for the ingest of event %s, in the write's trace",
                                    eventId)
                            .anyMatch(
                                    line -> traceId.equals(line.path("traceId").asString())
                                            && line.path("message").asString().contains(eventId)
                                            && !line.path("spanId").asString().isEmpty()));
        }

        URI trace =
                URI.create("http://localhost:" + dailyfeed.port("zipkin").orElseThrow() + "/api/v2/trace/" + traceId);
        await().atMost(SPANS_ARRIVE).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
            List<String> spans = spansOf(trace);
            assertThat(spans)
                    .as("Zipkin's trace %s", traceId)
                    .anyMatch(span -> span.startsWith("gateway SERVER "))
                    .anyMatch(span -> span.startsWith("content-service SERVER ") && span.contains("/api/posts"))
                    .contains("content-service PRODUCER outbox send", "activity-service CONSUMER activity ingest")
                    .anyMatch(span -> span.startsWith("activity-service ") && span.endsWith(" stream delivery"));
        });
    }

    @Test
    void probesAndScrapesLeaveNoTraces() throws Exception {
        assumeTrue(dailyfeed.port("zipkin").isPresent(), "needs the system this run started with --tracing");
        String zipkin = "http://localhost:" + dailyfeed.port("zipkin").orElseThrow();
        // the launcher polled every component's health while it started: long enough ago for their spans to be sent
        for (String component : List.of("gateway", "member-service", "content-service", "activity-service")) {
            HttpResponse<String> names = ZIPKIN.send(
                    HttpRequest.newBuilder(URI.create(zipkin + "/api/v2/spans?serviceName=" + component))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(names.statusCode()).isEqualTo(200);
            List<String> spanNames = new ArrayList<>();
            JSON.readTree(names.body()).forEach(name -> spanNames.add(name.asString()));
            assertThat(spanNames)
                    .as("the span names %s sent to Zipkin", component)
                    .noneMatch(name -> name.contains("/actuator"));
        }
    }

    /** Each span of the trace as "service KIND name" (INTERNAL when Zipkin has no kind); none while it has none. */
    private static List<String> spansOf(URI trace) throws IOException, InterruptedException {
        HttpResponse<String> answer = ZIPKIN.send(
                HttpRequest.newBuilder(trace).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 200) {
            return List.of();
        }
        List<String> spans = new ArrayList<>();
        for (JsonNode span : JSON.readTree(answer.body())) {
            spans.add(span.at("/localEndpoint/serviceName").asString() + " "
                    + span.path("kind").asString("INTERNAL") + " "
                    + span.path("name").asString());
        }
        return spans;
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

    /** The log's JSON lines (DAILYFEED_LOG_FORMAT=json); none before the file exists. */
    private static List<JsonNode> jsonLinesOf(Path log) {
        try {
            return Optional.of(log)
                    .filter(Files::exists)
                    .map(WriteTraceIntegrationTests::read)
                    .orElse(List.of())
                    .stream()
                    .filter(line -> line.startsWith("{") && line.endsWith("}")) // not a line half written
                    .map(JSON::readTree)
                    .toList();
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
