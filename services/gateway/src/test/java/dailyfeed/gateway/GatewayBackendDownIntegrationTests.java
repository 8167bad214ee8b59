package dailyfeed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.harness.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gateway while every service, member-service's keys included, is down. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayBackendDownIntegrationTests {

    static final String NOBODY_LISTENS = "http://127.0.0.1:" + new FreePorts().free();

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("MEMBER_SERVICE_URL", () -> NOBODY_LISTENS);
        registry.add("CONTENT_SERVICE_URL", () -> NOBODY_LISTENS);
        registry.add("ACTIVITY_SERVICE_URL", () -> NOBODY_LISTENS);
        registry.add("DAILYFEED_ISSUER", () -> TestTokens.ISSUER);
    }

    @LocalServerPort
    int port;

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void answers503ProblemWhenTheServiceCannotBeReached() throws Exception {
        var response = http.send(
                request("/api/members")
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"handle\":\"ann\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertUnavailable(response);
    }

    @Test
    void answers503ProblemWhenTokensCannotBeCheckedForLackOfKeys() throws Exception {
        var response = http.send(
                request("/api/posts/1")
                        .header(
                                "Authorization",
                                "Bearer " + TestTokens.generate("k").member(7))
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertUnavailable(response);
    }

    @Test
    void isAliveButNeitherHealthyNorReady() throws Exception {
        var health = http.send(request("/actuator/health").GET().build(), HttpResponse.BodyHandlers.ofString());
        var readiness =
                http.send(request("/actuator/health/readiness").GET().build(), HttpResponse.BodyHandlers.ofString());
        var liveness =
                http.send(request("/actuator/health/liveness").GET().build(), HttpResponse.BodyHandlers.ofString());

        assertThat(health.statusCode()).isEqualTo(503);
        assertThat(health.body()).isEqualTo("{\"status\":\"DOWN\"}");
        assertThat(readiness.statusCode()).isEqualTo(503);
        assertThat(liveness.statusCode()).isEqualTo(200);
        assertThat(liveness.body()).isEqualTo("{\"status\":\"UP\"}");
    }

    private static void assertUnavailable(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(response.body())
                .contains(
                        "\"type\":\"about:blank\"",
                        "\"status\":503",
                        "\"title\":\"Service unavailable\"",
                        "\"detail\":")
                .doesNotContain("Exception", "at org.");
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + path));
    }
}
