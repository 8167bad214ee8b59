package dailyfeed.security;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.IntFunction;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, point 4: a script that floods sign-up, login, the token endpoint or writes from one address gets 429
 * problem+json with {@code Retry-After} from the gateway, and a new {@code X-Forwarded-For} each time does not get it
 * fresh buckets. On a system of its own with small limits, started first so the other classes share theirs.
 */
@Order(0)
class RateLimitIntegrationTests {

    static final int SIGNUPS = 3;
    static final int LOGINS = 3;
    static final int TOKENS = 3;
    static final int WRITES = 5;

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = SuiteSystem.withSmallRateLimits(SIGNUPS, LOGINS, TOKENS, WRITES);

    static GatewayClient gateway;
    static Member writer;

    @BeforeAll
    static void member() {
        gateway = Recorded.gateway(dailyfeed.baseUrl());
        writer = Credentials.signUp(gateway, "writer"); // one sign-up and one login of the budgets
    }

    @Test
    void signUpsPastTheLimitAre429() {
        assertLimited(
                "POST /api/members",
                SIGNUPS,
                attempt -> gateway.send(
                        "POST",
                        "/api/members",
                        signUpJson(Credentials.uniqueHandle("flood")),
                        "application/json",
                        Map.of()),
                forwardedFor -> gateway.send(
                        "POST",
                        "/api/members",
                        signUpJson(Credentials.uniqueHandle("flood")),
                        "application/json",
                        Map.of("X-Forwarded-For", forwardedFor)));
    }

    @Test
    void loginsPastTheLimitAre429WhateverTheHandle() {
        // each attempt another handle: member-service's per-handle lockout never applies, the gateway's limit does
        assertLimited(
                "POST /api/auth/login",
                LOGINS,
                attempt -> gateway.logIn(Credentials.uniqueHandle("guess"), "wrong-password"),
                forwardedFor -> gateway.send(
                        "POST",
                        "/api/auth/login",
                        loginJson(Credentials.uniqueHandle("guess")),
                        "application/json",
                        Map.of("X-Forwarded-For", forwardedFor)));
    }

    @Test
    void tokenRequestsPastTheLimitAre429() {
        assertLimited(
                "POST /oauth2/token",
                TOKENS,
                attempt -> tokenRequest(Map.of()),
                forwardedFor -> tokenRequest(Map.of("X-Forwarded-For", forwardedFor)));
    }

    @Test
    void writesPastTheLimitAre429AndReadsStillPass() {
        assertLimited(
                "POST /api/posts",
                WRITES,
                attempt -> gateway.createPost(writer, "flood " + attempt, "words"),
                forwardedFor -> gateway.send(
                        "POST",
                        "/api/posts",
                        "{\"title\":\"t\",\"content\":\"c\"}".getBytes(StandardCharsets.UTF_8),
                        "application/json",
                        Map.of("Authorization", "Bearer " + writer.token(), "X-Forwarded-For", forwardedFor)));
        assertThat(gateway.follow(writer, writer.id() + 1).status())
                .as("a follow is a write too")
                .isEqualTo(429);
        assertThat(gateway.me(writer).status()).as("reads are not limited").isEqualTo(200);
    }

    /**
     * Sends until the gateway says 429 (the budget left of {@code perMinute}, which other requests of this class may
     * have used), then checks the 429 and that rotating {@code X-Forwarded-For} does not get past it.
     */
    private static void assertLimited(
            String endpoint, int perMinute, IntFunction<Answer> attempt, Function<String, Answer> spoofed) {
        Answer answer = null;
        int sent = 0;
        while (sent <= perMinute) {
            answer = attempt.apply(sent++);
            Figures.hand(endpoint + " (rate limit)", answer);
            if (answer.status() == 429) {
                break;
            }
            // the token endpoint's own errors are OAuth 2.0 JSON, not problem+json: only the class is checked here
            assertThat(answer.status() / 100).as("a 2xx or a 4xx: %s", answer).isIn(2, 4);
        }
        assertThat(answer.status())
                .as("within %d requests of %s the limit of %d a minute is reached", sent, endpoint, perMinute)
                .isEqualTo(429);
        assertTooManyRequests(answer, perMinute);
        for (int i = 1; i <= 5; i++) {
            Answer spoof = spoofed.apply("203.0.113." + i);
            Figures.hand(endpoint + " (rate limit)", spoof);
            assertThat(spoof.status())
                    .as("another X-Forwarded-For is no other client: %s", spoof)
                    .isEqualTo(429);
        }
    }

    private static void assertTooManyRequests(Answer answer, int perMinute) {
        JsonNode problem = Checks.problem(answer, 429);
        assertThat(problem.path("detail").asString()).contains("this address");
        long retryAfter = Long.parseLong(answer.header("Retry-After").orElseThrow());
        // a token comes back every 60/perMinute seconds
        assertThat(retryAfter).isBetween(1L, 60L / perMinute + 1);
    }

    private static Answer tokenRequest(Map<String, String> headers) {
        String basic = Base64.getEncoder()
                .encodeToString((Credentials.registrationClient(dailyfeed).id() + ":wrong-secret")
                        .getBytes(StandardCharsets.UTF_8));
        Map<String, String> all = new HashMap<>(headers);
        all.put("Authorization", "Basic " + basic);
        return gateway.send(
                "POST",
                "/oauth2/token",
                "grant_type=client_credentials&scope=operations".getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded",
                all);
    }

    private static byte[] signUpJson(String handle) {
        return Json.write(Map.of("handle", handle, "displayName", "Flood", "password", Credentials.newPassword()))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] loginJson(String handle) {
        return Json.write(Map.of("handle", handle, "password", "wrong-password"))
                .getBytes(StandardCharsets.UTF_8);
    }
}
