package dailyfeed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.harness.FreePorts;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The live stream while activity-service is down (and member-service, with the keys, is up). */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EventStreamServiceDownIntegrationTests {

    static final StubBackend member = StubBackend.start("member");
    static final TestTokens tokens = TestTokens.generate("member-key");
    static final String NOBODY_LISTENS = "http://127.0.0.1:" + new FreePorts().free();

    static {
        member.publishKeys(tokens);
    }

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("MEMBER_SERVICE_URL", () -> member.uri().toString());
        registry.add("CONTENT_SERVICE_URL", () -> member.uri().toString());
        registry.add("ACTIVITY_SERVICE_URL", () -> NOBODY_LISTENS + "," + NOBODY_LISTENS);
        registry.add("DAILYFEED_ISSUER", () -> TestTokens.ISSUER);
    }

    @AfterAll
    static void stopBackends() {
        member.close();
    }

    @LocalServerPort
    int port;

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void answersTheSame503ProblemAsTheOtherRoutes() throws Exception {
        var stream = send("/api/activities/followings/stream", "text/event-stream");
        var page = send("/api/activities/followings", "application/json");

        assertThat(page.statusCode()).isEqualTo(503);
        assertThat(stream.statusCode()).isEqualTo(503);
        assertThat(stream.headers().firstValue("Content-Type"))
                .isEqualTo(page.headers().firstValue("Content-Type"));
        assertThat(stream.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(stream.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(stream.body())
                .isEqualTo(page.body()
                        .replace(
                                "\"instance\":\"/api/activities/followings\"",
                                "\"instance\":\"/api/activities/followings/stream\""))
                .contains("\"status\":503", "\"title\":\"Service unavailable\"");
    }

    private HttpResponse<String> send(String path, String accept) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                        .timeout(Duration.ofSeconds(10))
                        .header("Authorization", "Bearer " + tokens.member(7))
                        .header("Accept", accept)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
