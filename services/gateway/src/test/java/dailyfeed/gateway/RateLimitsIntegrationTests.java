package dailyfeed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The per-address rate limits, set small here: over a limit the gateway answers 429 problem+json with Retry-After
 * and forwards nothing; each limit has its own bucket; X-Forwarded-For from the client changes nothing. Also the
 * gateway's own management endpoints: health is public, metrics are for the operations scope.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "DAILYFEED_RATE_LIMIT_SIGNUPS=2",
            "DAILYFEED_RATE_LIMIT_LOGINS=3",
            "DAILYFEED_RATE_LIMIT_TOKENS=2",
            "DAILYFEED_RATE_LIMIT_WRITES=4"
        })
class RateLimitsIntegrationTests {

    static final StubServices services = StubServices.start();
    static final StubBackend member = services.member();
    static final StubBackend content = services.content();
    static final StubBackend activity = services.activity();
    static final TestTokens tokens = TestTokens.generate("member-key");

    static {
        member.publishKeys(tokens);
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

    @BeforeEach
    void resetBackends() {
        services.reset();
    }

    @Test
    void signUpsOverTheLimitAre429WithRetryAfterAndNotForwarded() throws Exception {
        assertLimited("signups", 2, () -> send("POST", "/api/members", null, "{}"), member);
    }

    @Test
    void loginsOverTheLimitAre429EvenWithAnotherXForwardedForEachTime() throws Exception {
        int[] attempt = {0};
        assertLimited(
                "logins",
                3,
                () -> send(HttpRequest.newBuilder(uri("/api/auth/login"))
                        .header("Content-Type", "application/json")
                        .header("X-Forwarded-For", "203.0.113." + (++attempt[0]))
                        .POST(HttpRequest.BodyPublishers.ofString("{}"))),
                member);
    }

    @Test
    void tokenRequestsOverTheLimitAre429() throws Exception {
        assertLimited(
                "tokens",
                2,
                () -> send(HttpRequest.newBuilder(uri("/oauth2/token"))
                        .header("Content-Type", "application/x-www-form-urlencoded")
                        .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials"))),
                member);
    }

    @Test
    void writesOverTheLimitAre429WhileReadsAndOtherLimitsStillPass() throws Exception {
        String token = tokens.member(7);
        assertLimited("writes", 4, () -> send("PUT", "/api/members/8/follow", token, null), member);

        assertThat(send("DELETE", "/api/posts/1", token, null).statusCode())
                .as("every write shares the one bucket")
                .isEqualTo(429);
        assertThat(send("GET", "/api/posts?authorId=7", token, null).statusCode())
                .as("reads are not limited")
                .isEqualTo(200);
    }

    @Test
    void theGatewaysHealthIsPublicAndItsMetricsNeedTheOperationsScope() throws Exception {
        assertThat(send("GET", "/actuator/health", null, null).statusCode()).isEqualTo(200);
        for (String endpoint : new String[] {"/actuator/metrics", "/actuator/prometheus"}) {
            assertThat(send("GET", endpoint, null, null).statusCode())
                    .as("anonymous " + endpoint)
                    .isEqualTo(401);
            assertThat(send("GET", endpoint, tokens.member(7), null).statusCode())
                    .as("member token " + endpoint)
                    .isEqualTo(403);
            assertThat(send("GET", endpoint, tokens.operations(), null).statusCode())
                    .as("operations token " + endpoint)
                    .isEqualTo(200);
        }
    }

    private void assertLimited(String limit, int perMinute, Call call, StubBackend backend) throws Exception {
        double rejectedBefore = rejections(limit);
        for (int i = 0; i < perMinute; i++) {
            assertThat(call.send().statusCode())
                    .as("request %d of %d", i + 1, perMinute)
                    .isNotEqualTo(429);
        }
        backend.reset();

        HttpResponse<String> refused = call.send();

        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(refused.body()).contains("\"status\":429").contains("\"title\":\"Too Many Requests\"");
        long retryAfter =
                Long.parseLong(refused.headers().firstValue("Retry-After").orElseThrow());
        // one token comes back every 60/perMinute seconds
        assertThat(retryAfter).isBetween(1L, 60L / perMinute + 1);
        assertThat(backend.receivedNothing())
                .as("the refused request was not forwarded")
                .isTrue();
        assertThat(rejections(limit) - rejectedBefore).isEqualTo(1.0);
    }

    private double rejections(String limit) {
        var counter = meters.find("dailyfeed.gateway.rate.limit.rejections")
                .tag("limit", limit)
                .counter();
        return counter == null ? 0 : counter.count();
    }

    @FunctionalInterface
    private interface Call {
        HttpResponse<String> send() throws Exception;
    }

    private HttpResponse<String> send(String method, String target, String token, String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(target))
                .method(
                        method,
                        json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
        if (json != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return send(request);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String target) {
        return URI.create("http://localhost:" + port + target);
    }
}
