package dailyfeed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.harness.FreePorts;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The gateway is ready, and healthy, only while every service it routes to has an instance whose readiness is UP;
 * it is alive regardless. Content-service has a second instance that is down throughout: one ready instance is enough.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayReadinessIntegrationTests {

    static final StubServices services = StubServices.start();
    static final String NOBODY_LISTENS = "http://127.0.0.1:" + new FreePorts().free();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        services.register(registry);
        registry.add(
                "CONTENT_SERVICE_URL",
                () -> NOBODY_LISTENS + "," + services.content().uri());
    }

    @AfterAll
    static void stopBackends() {
        services.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void everyServiceReady() {
        services.reset();
        await().atMost(Duration.ofSeconds(10)).until(() -> status("/actuator/health") == 200);
    }

    @Test
    void isUpAliveAndReadyWhileEachServiceHasAReadyInstance() throws Exception {
        var health = get("/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/actuator/health/readiness").body()).isEqualTo("{\"status\":\"UP\"}");
        assertThat(get("/actuator/health/liveness").body()).isEqualTo("{\"status\":\"UP\"}");
    }

    @Test
    void isDownAndNotReadyButAliveWhileAServiceIsNotReady() throws Exception {
        services.content().ready(false);

        await().atMost(Duration.ofSeconds(10)).until(() -> status("/actuator/health") == 503);
        var health = get("/actuator/health");
        assertThat(health.body()).isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(status("/actuator/health/readiness")).isEqualTo(503);
        var liveness = get("/actuator/health/liveness");
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).isEqualTo("{\"status\":\"UP\"}");

        services.content().ready(true);
        await().atMost(Duration.ofSeconds(10)).until(() -> status("/actuator/health/readiness") == 200);
    }

    @Test
    void asksEachServiceAtMostOncePerSecondHoweverOftenItIsAsked() throws Exception {
        int before = services.member().readinessProbes();
        long started = System.nanoTime();
        for (int i = 0; i < 100; i++) {
            assertThat(status("/actuator/health")).isEqualTo(200);
        }
        long seconds = Duration.ofNanos(System.nanoTime() - started).toSeconds();

        // one probe per started second of the flood, and one more for an answer that went stale just before it began
        assertThat(services.member().readinessProbes() - before).isBetween(0, (int) seconds + 2);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private int status(String path) throws IOException, InterruptedException {
        return get(path).statusCode();
    }
}
