package dailyfeed.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.RunningDailyfeed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The system as an operator starts it: the launcher says "is up" only once the gateway's health is UP, and that means
 * a sign-up succeeds at once (no retry, no 503 while services warm up). The first class of the suite, so the shared
 * system (E2eSystem, started with {@code DAILYFEED_LOG_FORMAT=json}) is fresh: the services and the gateway write JSON lines to
 * their logs while the launcher's own output stays text (the harness reads its "ready at" lines).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Order(1)
class StartupIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = E2eSystem.shared();

    /** Boot's readable console line: {@code 2026-11-30T17:30:15.123Z  INFO 4711 --- [member-service] [main] ...}. */
    static final Pattern TEXT_LOG_LINE =
            Pattern.compile("^\\d{4}-\\d\\d-\\d\\dT\\S+\\s+(TRACE|DEBUG|INFO|WARN|ERROR) .*");

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    @Order(1)
    void aSignUpSucceedsAtOnceOnceTheGatewaySaysUp() throws Exception {
        HttpResponse<String> health = get(dailyfeed.baseUrl() + "/actuator/health");
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");

        String handle = "ready_" + Long.toString(System.currentTimeMillis() % 46_656L, 36);
        GatewayClient.to(dailyfeed.baseUrl())
                .createMember(handle, "Ready", "password-" + handle)
                .expect(201);
    }

    @Test
    @Order(2)
    void everyServiceAndTheGatewayIsAliveAndReady() throws Exception {
        assumeTrue(dailyfeed.port("member-service").isPresent(), "the services' ports of a system this run started");
        for (String base : List.of(
                dailyfeed.baseUrl(),
                serviceUrl("member-service"),
                serviceUrl("content-service"),
                serviceUrl("activity-service"))) {
            for (String group : List.of("liveness", "readiness")) {
                HttpResponse<String> answer = get(base + "/actuator/health/" + group);
                assertThat(answer.statusCode()).as(base + " " + group).isEqualTo(200);
                assertThat(answer.body()).as(base + " " + group).isEqualTo("{\"status\":\"UP\"}");
            }
        }
    }

    @Test
    @Order(3)
    void theServicesAndTheGatewayLogJsonLinesWithTheirNames() throws IOException {
        assumeTrue(dailyfeed.dataDir().isPresent(), "the logs of a system this run started");
        Path logs = dailyfeed.dataDir().orElseThrow().resolve("logs");
        JsonMapper json = JsonMapper.builder().build();
        for (String component : List.of("member-service", "content-service", "activity-service", "gateway")) {
            List<String> lines = Files.readAllLines(logs.resolve(component + ".log"));
            assertThat(lines)
                    .as(component + ": no readable text lines")
                    .noneMatch(line -> TEXT_LOG_LINE.matcher(line).matches());
            List<JsonNode> entries = lines.stream()
                    .filter(line -> line.startsWith("{"))
                    .map(json::readTree)
                    .toList();
            assertThat(entries).as(component + ": JSON lines").hasSizeGreaterThan(5);
            assertThat(entries).allSatisfy(entry -> {
                assertThat(entry.at("/service/name").asString()).isEqualTo(component);
                assertThat(entry.path("@timestamp").asString()).isNotBlank();
                assertThat(entry.at("/log/level").asString()).isNotBlank();
                assertThat(entry.has("message")).isTrue();
            });
        }
    }

    private String serviceUrl(String service) {
        return "http://localhost:" + dailyfeed.port(service).orElseThrow();
    }

    private HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
