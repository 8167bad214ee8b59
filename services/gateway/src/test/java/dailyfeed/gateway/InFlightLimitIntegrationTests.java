package dailyfeed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A service that has as many requests in flight as the gateway allows gets no more: the next one waits briefly for a
 * place, then is answered 503, while other services and, once answers come back, the same one are served as before.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "dailyfeed.gateway.in-flight.per-service-instance=" + InFlightLimitIntegrationTests.LIMIT,
            "dailyfeed.gateway.in-flight.max-wait=200ms"
        })
class InFlightLimitIntegrationTests {

    static final int LIMIT = 3;
    /** Far longer than the gateway's wait for a place, far shorter than the held requests wait. */
    static final Duration PROMPTLY = Duration.ofSeconds(5);

    static final StubServices services = StubServices.start();
    static final TestTokens tokens = TestTokens.generate("member-key");

    static {
        services.member().publishKeys(tokens);
    }

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        services.register(registry);
    }

    @AfterAll
    static void stopBackends() {
        services.close();
    }

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseAndReset() {
        release.countDown();
        services.reset();
    }

    @Test
    void aRequestBeyondTheServicesLimitIsAnswered503AndTheNextAfterAnAnswerGoesThrough() throws Exception {
        CountDownLatch arrived = new CountDownLatch(LIMIT);
        services.content().on("/api/posts", exchange -> {
            arrived.countDown();
            awaitQuietly(release);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            byte[] body = "{\"id\":1}".getBytes();
            exchange.sendResponseHeaders(201, body.length);
            try (var out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < LIMIT; i++) {
            held.add(http.sendAsync(post(), HttpResponse.BodyHandlers.ofString()));
        }
        assertThat(arrived.await(PROMPTLY.toSeconds(), TimeUnit.SECONDS))
                .as("the first %d reached content-service", LIMIT)
                .isTrue();
        double shedBefore = shed("content-service");

        HttpResponse<String> beyond = http.send(post(), HttpResponse.BodyHandlers.ofString());

        assertThat(beyond.statusCode()).isEqualTo(503);
        assertThat(beyond.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(beyond.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(beyond.body())
                .contains(
                        "\"status\":503", "\"title\":\"Service busy\"", "\"type\":\"about:blank\"", "content-service");
        assertThat(shed("content-service") - shedBefore).isEqualTo(1.0);
        // one service at its limit takes nothing from another
        HttpResponse<String> member =
                http.send(authorized("/api/members/7").GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(member.statusCode()).isEqualTo(200);

        release.countDown();
        for (CompletableFuture<HttpResponse<String>> answer : held) {
            assertThat(answer.get(PROMPTLY.toSeconds(), TimeUnit.SECONDS).statusCode())
                    .isEqualTo(201);
        }
        HttpResponse<String> after = http.send(post(), HttpResponse.BodyHandlers.ofString());
        assertThat(after.statusCode())
                .as("the permits came back with the answers")
                .isEqualTo(201);
    }

    @Test
    void aServiceThatFailsToAnswerGivesItsPermitBack() throws Exception {
        services.content().on("/api/posts", exchange -> {
            exchange.close(); // the connection ends without an answer: the gateway answers 503 of its own
        });
        for (int i = 0; i < LIMIT + 2; i++) {
            HttpResponse<String> failed = http.send(post(), HttpResponse.BodyHandlers.ofString());
            assertThat(failed.body())
                    .as("not shed: the earlier failures gave their permits back")
                    .doesNotContain("Service busy");
        }
        services.content().reset();

        HttpResponse<String> answered = http.send(post(), HttpResponse.BodyHandlers.ofString());

        assertThat(answered.statusCode()).isEqualTo(200);
        assertThat(answered.body()).contains("\"backend\":\"content\"");
    }

    private HttpRequest post() {
        return authorized("/api/posts")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"title\":\"t\",\"content\":\"c\"}"))
                .build();
    }

    private HttpRequest.Builder authorized(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(PROMPTLY)
                .header("Authorization", "Bearer " + tokens.member(7));
    }

    private double shed(String service) {
        return meters.get("dailyfeed.gateway.requests.shed")
                .tag("service", service)
                .counter()
                .count();
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
