package dailyfeed.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dailyfeed.harness.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * Services with several instances: content-service with two that answer, activity-service and member-service (whose
 * keys the gateway fetches) each with one that answers and one that is down.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "spring.lifecycle.timeout-per-shutdown-phase=30s")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@DirtiesContext
class BackendInstancesIntegrationTests {

    static final StubBackend member = StubBackend.start("member");
    static final StubBackend contentOne = StubBackend.start("content-1");
    static final StubBackend contentTwo = StubBackend.start("content-2");
    static final StubBackend activity = StubBackend.start("activity");
    static final String NOBODY_LISTENS = "http://127.0.0.1:" + new FreePorts().free();
    static final TestTokens tokens = TestTokens.generate("member-key");

    static {
        member.publishKeys(tokens);
    }

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("MEMBER_SERVICE_URL", () -> NOBODY_LISTENS + "," + member.uri());
        registry.add("CONTENT_SERVICE_URL", () -> contentOne.uri() + ", " + contentTwo.uri());
        registry.add("ACTIVITY_SERVICE_URL", () -> NOBODY_LISTENS + "," + activity.uri());
        registry.add("DAILYFEED_ISSUER", () -> TestTokens.ISSUER);
    }

    @AfterAll
    static void stopBackends() {
        Stream.of(member, contentOne, contentTwo, activity).forEach(StubBackend::close);
    }

    @LocalServerPort
    int port;

    @Autowired
    ConfigurableApplicationContext context;

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void resetBackends() {
        Stream.of(member, contentOne, contentTwo, activity).forEach(StubBackend::reset);
    }

    @Test
    @Order(1)
    void takesTheInstancesInTurn() throws Exception {
        List<String> answeredBy = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            var response = send(request("/api/posts/1").GET());
            assertThat(response.statusCode()).isEqualTo(200);
            answeredBy.add(response.headers().firstValue("X-Backend").orElseThrow());
        }

        assertThat(answeredBy).containsOnly("content-1", "content-2");
        for (int i = 1; i < answeredBy.size(); i++) {
            assertThat(answeredBy.get(i)).as("request %d", i).isNotEqualTo(answeredBy.get(i - 1));
        }
    }

    @Test
    @Order(1)
    void sendsEveryRequestToTheInstanceThatIsUpWhenTheOtherRefuses() throws Exception {
        // the keys were fetched from the member-service instance that is up, or no request would pass the token check
        for (int i = 0; i < 4; i++) {
            var read = send(request("/api/activities/followings").GET());
            assertThat(read.statusCode()).isEqualTo(200);
            assertThat(read.headers().firstValue("X-Backend")).hasValue("activity");
            assertThat(activity.takeRequest().method()).isEqualTo("GET");

            var write = send(request("/api/activities")
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"n\":" + i + "}")));
            assertThat(write.statusCode()).isEqualTo(200);
            assertThat(activity.takeRequest().body())
                    .as("the body, unread by the refused attempt")
                    .isEqualTo("{\"n\":" + i + "}");
        }
    }

    @Test
    @Order(1)
    void opensEveryStreamOnTheInstanceThatIsUpWhenTheOtherRefuses() throws Exception {
        activity.on("/api/activities/followings/stream", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (var body = exchange.getResponseBody()) {
                body.write("data: up\n\n".getBytes(UTF_8));
            }
        });

        for (int i = 0; i < 4; i++) {
            var stream = send(request("/api/activities/followings/stream")
                    .header("Accept", "text/event-stream")
                    .GET());
            assertThat(stream.statusCode()).isEqualTo(200);
            assertThat(stream.body()).isEqualTo("data: up\n\n");
        }
    }

    /** Last: it stops the gateway (the test framework starts it again).  Open streams never end by themselves; they must not hold the shutdown. */
    @Test
    @Order(2)
    void endsOpenStreamsWhenItStopsInsteadOfWaitingForThem() throws Exception {
        var endStream = new CountDownLatch(1);
        activity.on("/api/activities/followings/stream", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (var body = exchange.getResponseBody()) {
                body.write(": connected\n\n".getBytes(UTF_8));
                body.flush();
                endStream.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        var connected = new CountDownLatch(1);
        var stream = http.sendAsync(
                        request("/api/activities/followings/stream")
                                .header("Accept", "text/event-stream")
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofLines())
                .thenApply(response ->
                        response.body().peek(line -> connected.countDown()).count());
        assertThat(connected.await(10, TimeUnit.SECONDS)).isTrue();

        try {
            // stopping is the shutdown's first part (graceful shutdown of the web server included); this class's
            // phases may last 30 s each: a stop held by the open stream would take that long
            assertTimeoutPreemptively(Duration.ofSeconds(15), context::stop);
            assertThat(stream.get(5, TimeUnit.SECONDS)).as("the stream ended").isPositive();
        } finally {
            endStream.countDown();
        }
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", "Bearer " + tokens.member(7));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }
}
