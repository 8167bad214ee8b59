package dailyfeed.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.RSAKey;
import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Part 5 of issue 7: forged tokens are 401 on every protected endpoint, other members' content and activities are
 * 403, the registration API refuses member tokens, and logins per handle are throttled.
 */
@Order(2)
class AttackIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = new RunningDailyfeed();

    static GatewayClient gateway;
    static Member owner;
    static Member intruder;
    static long postId;
    static long commentId;

    @BeforeAll
    static void members() {
        gateway = Recorded.gateway(dailyfeed.baseUrl());
        owner = Credentials.signUp(gateway, "owner");
        intruder = Credentials.signUp(gateway, "intruder");
        postId = gateway.createPost(owner, "owner's post", "owner's words")
                .expect(201)
                .id();
        commentId =
                gateway.comment(owner, postId, "owner's comment").expect(201).id();
    }

    /** Every endpoint of API.md that needs a token, with a body where it takes one. */
    static List<String[]> protectedEndpoints() {
        String post = "{\"title\":\"t\",\"content\":\"c\"}";
        String comment = "{\"content\":\"c\"}";
        return List.of(
                new String[] {"GET", "/api/members/me", null},
                new String[] {"GET", "/api/members/" + owner.id(), null},
                new String[] {"PUT", "/api/members/" + owner.id() + "/follow", null},
                new String[] {"DELETE", "/api/members/" + owner.id() + "/follow", null},
                new String[] {"GET", "/api/members/" + owner.id() + "/followings", null},
                new String[] {"GET", "/api/members/" + owner.id() + "/followers", null},
                new String[] {"POST", "/api/posts", post},
                new String[] {"GET", "/api/posts/" + postId, null},
                new String[] {"GET", "/api/posts?authorId=" + owner.id(), null},
                new String[] {"PUT", "/api/posts/" + postId, post},
                new String[] {"DELETE", "/api/posts/" + postId, null},
                new String[] {"POST", "/api/posts/" + postId + "/comments", comment},
                new String[] {"GET", "/api/posts/" + postId + "/comments", null},
                new String[] {"PUT", "/api/comments/" + commentId, comment},
                new String[] {"DELETE", "/api/comments/" + commentId, null},
                new String[] {"PUT", "/api/posts/" + postId + "/like", null},
                new String[] {"DELETE", "/api/posts/" + postId + "/like", null},
                new String[] {"PUT", "/api/comments/" + commentId + "/like", null},
                new String[] {"DELETE", "/api/comments/" + commentId + "/like", null},
                new String[] {"GET", "/api/activities/followings", null},
                new String[] {"GET", "/api/activities/members/" + owner.id(), null},
                new String[] {"GET", "/api/activities/followings/unread-count", null},
                new String[] {"PUT", "/api/activities/followings/seen", "{}"},
                new String[] {"GET", "/api/activities/followings/stream", null},
                new String[] {"POST", "/api/activities", "{}"});
    }

    private static Answer call(String[] endpoint, Map<String, String> headers) {
        byte[] body = endpoint[2] == null ? null : endpoint[2].getBytes(StandardCharsets.UTF_8);
        return gateway.send(endpoint[0], endpoint[1], body, body == null ? null : "application/json", headers);
    }

    private static String ownerState() {
        return gateway.get("/api/posts/" + postId, owner.token()).body()
                + gateway.get("/api/posts/" + postId + "/comments", owner.token())
                        .body()
                + gateway.get("/api/members/" + owner.id(), owner.token()).body();
    }

    @Test
    void noTokenAndEveryForgedTokenIs401OnEveryProtectedEndpoint() {
        String jwks = gateway.get("/.well-known/jwks.json", null).body();
        Optional<RSAKey> stolen = Tokens.stolenSigningKey(dailyfeed.jdbcUrl("member"), dailyfeed::secrets, jwks);
        if (stolen.isEmpty()) {
            System.out.println(
                    "Against an already running system: the expired and wrong-issuer tokens (which need the real key) are left out");
        }
        Map<String, String> forgeries = Tokens.forgeries(owner.token(), jwks, stolen);
        String before = ownerState();
        int checked = 0;
        for (String[] endpoint : protectedEndpoints()) {
            Answer none = call(endpoint, Map.of());
            Figures.hand(endpoint[0] + " (attacks)", none);
            Checks.problem(none, 401);
            assertThat(none.header("WWW-Authenticate"))
                    .as("%s", none)
                    .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
            for (String scheme : List.of(
                    "Basic "
                            + java.util.Base64.getEncoder().encodeToString("owner:pw".getBytes(StandardCharsets.UTF_8)),
                    "Bearer",
                    "Bearer ",
                    "bearer " + owner.token() + "x",
                    "Token " + owner.token())) {
                Answer wrongScheme = call(endpoint, Map.of("Authorization", scheme));
                Figures.hand(endpoint[0] + " (attacks)", wrongScheme);
                assertThat(wrongScheme.status())
                        .as("%s with %s", wrongScheme, scheme.split(" ")[0])
                        .isIn(400, 401);
                Checks.clientErrorOrSuccess(wrongScheme);
            }
            for (Map.Entry<String, String> forgery : forgeries.entrySet()) {
                Answer answer = call(endpoint, Map.of("Authorization", "Bearer " + forgery.getValue()));
                Figures.hand(endpoint[0] + " (attacks)", answer);
                assertThat(answer.status())
                        .as("%s: %s", forgery.getKey(), answer)
                        .isEqualTo(401);
                Checks.problem(answer, 401);
                Checks.noInternals(answer);
                checked++;
            }
        }
        assertThat(ownerState()).as("no forged write changed anything").isEqualTo(before);
        assertThat(checked).isEqualTo(protectedEndpoints().size() * forgeries.size());
        System.out.printf(
                "Forged tokens: %d kinds x %d protected endpoints = %d requests, all 401 (%s)%n",
                forgeries.size(), protectedEndpoints().size(), checked, String.join("; ", forgeries.keySet()));
        // and the real token still works: the 401s were about the forgeries, not a broken setup
        assertThat(gateway.get("/api/members/me", owner.token()).status()).isEqualTo(200);
    }

    @Test
    void anotherMembersPostsAndCommentsCannotBeEditedOrDeleted() {
        String before = ownerState();
        List<Answer> attempts = List.of(
                gateway.json(
                        "PUT",
                        "/api/posts/" + postId,
                        intruder.token(),
                        "{\"title\":\"mine now\",\"content\":\"defaced\"}"),
                gateway.delete("/api/posts/" + postId, intruder.token()),
                gateway.json("PUT", "/api/comments/" + commentId, intruder.token(), "{\"content\":\"defaced\"}"),
                gateway.delete("/api/comments/" + commentId, intruder.token()));
        for (Answer attempt : attempts) {
            Figures.hand(attempt.method() + " (attacks)", attempt);
            Checks.problem(attempt, 403);
            Checks.noInternals(attempt);
        }
        assertThat(ownerState()).isEqualTo(before);
        // the owner still can: the 403s are about who asks
        assertThat(gateway.json("PUT", "/api/comments/" + commentId, owner.token(), "{\"content\":\"owner's comment\"}")
                        .status())
                .isEqualTo(200);
    }

    @Test
    void aMembersActivitiesAreForbiddenUntilTheReaderFollowsThem() {
        Member followee = Credentials.signUp(gateway, "followee");
        Member stranger = Credentials.signUp(gateway, "stranger");
        gateway.createPost(followee, "something", "to show in the activities").expect(201);
        Answer forbidden = gateway.get("/api/activities/members/" + followee.id(), stranger.token());
        Figures.hand("GET (attacks)", forbidden);
        Checks.problem(forbidden, 403);
        gateway.follow(stranger, followee.id()).expect(204);
        // the follow reaches activity-service through Kafka: wait for it, then the same read is allowed
        await().atMost(Duration.ofSeconds(60))
                .untilAsserted(() -> assertThat(
                                gateway.get("/api/activities/members/" + followee.id(), stranger.token())
                                        .status())
                        .isEqualTo(200));
        // and the member themself always could
        assertThat(gateway.get("/api/activities/members/" + followee.id(), followee.token())
                        .status())
                .isEqualTo(200);
    }

    @Test
    void theRegistrationApiRefusesMemberTokensAndMemberApisRefuseServiceTokens() {
        String event = Json.write(Json.object(
                Map.entry("eventId", UUID.randomUUID().toString()),
                Map.entry("type", "POST_CREATED"),
                Map.entry("occurredAt", Instant.now().toString()),
                Map.entry("actor", Map.of("id", owner.id(), "handle", owner.handle(), "displayName", "Owner")),
                Map.entry("postId", postId),
                Map.entry("summary", "forged by a member"),
                Map.entry("schemaVersion", 1)));
        Answer byMember = gateway.json("POST", "/api/activities", intruder.token(), event);
        Figures.hand("POST /api/activities (attacks)", byMember);
        Checks.problem(byMember, 403);
        // nothing was stored: the same event from a service is new (201, not 200 "already stored")
        String service = gateway.serviceToken(Credentials.registrationClient(dailyfeed), "activities.write");
        assertThat(gateway.json("POST", "/api/activities", service, event).status())
                .isEqualTo(201);
        // a token with only the operations scope may not register either
        Answer operations = gateway.json(
                "POST",
                "/api/activities",
                Credentials.operationsToken(gateway, dailyfeed),
                event.replaceFirst("[0-9a-f-]{36}", UUID.randomUUID().toString()));
        Checks.problem(operations, 403);
        // a service token is no member: it may not write or read as one
        for (String[] endpoint : protectedEndpoints()) {
            if (endpoint[1].equals("/api/activities")) {
                continue;
            }
            Answer answer = call(endpoint, Map.of("Authorization", "Bearer " + service));
            Figures.hand(endpoint[0] + " (attacks)", answer);
            assertThat(answer.status())
                    .as("service token on %s %s: %s", endpoint[0], endpoint[1], answer)
                    .isEqualTo(403);
            Checks.problem(answer, 403);
        }
        // and a service client with a wrong secret gets no token
        Answer wrongSecret = gateway.send(
                "POST",
                "/oauth2/token",
                "grant_type=client_credentials&scope=activities.write".getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded",
                Map.of(
                        "Authorization",
                        "Basic "
                                + java.util.Base64.getEncoder()
                                        .encodeToString((Credentials.registrationClient(dailyfeed)
                                                                .id() + ":wrong-secret")
                                                .getBytes(StandardCharsets.UTF_8))));
        assertThat(wrongSecret.status()).as("%s", wrongSecret).isEqualTo(401);
        assertThat(wrongSecret.body()).doesNotContain("access_token");
    }

    @Test
    void loginAttemptsPerHandleAreLimitedWith429AndRetryAfter() {
        Member target = Credentials.signUp(gateway, "target");
        Member bystander = Credentials.signUp(gateway, "bystander");
        String wrong = Json.write(Map.of("handle", target.handle(), "password", "not-" + target.password()));
        for (int attempt = 1; attempt <= 5; attempt++) {
            Answer answer = gateway.json("POST", "/api/auth/login", null, wrong);
            Figures.hand("POST /api/auth/login (attacks)", answer);
            Checks.problem(answer, 401);
        }
        for (String body :
                List.of(wrong, Json.write(Map.of("handle", target.handle(), "password", target.password())))) {
            Answer throttled = gateway.json("POST", "/api/auth/login", null, body);
            Figures.hand("POST /api/auth/login (attacks)", throttled);
            Checks.problem(throttled, 429);
            assertThat(throttled.header("Retry-After"))
                    .as("%s", throttled)
                    .hasValueSatisfying(
                            seconds -> assertThat(Long.parseLong(seconds)).isBetween(1L, 15 * 60L));
            assertThat(throttled.body()).doesNotContain("accessToken");
        }
        // the limit is per handle: someone else logs in as usual
        assertThat(gateway.memberToken(bystander.handle(), bystander.password()))
                .isNotBlank();
        // and tokens issued before keep working: throttling logins locks no one out of a session
        assertThat(gateway.get("/api/members/me", target.token()).status()).isEqualTo(200);
    }

    @Test
    void theJwksPublishesNoPrivateKeyParts() {
        JsonNode jwks = Json.read(gateway.get("/.well-known/jwks.json", null).body());
        assertThat(jwks.path("keys").size()).isPositive();
        for (JsonNode key : jwks.path("keys")) {
            for (String privatePart : List.of("d", "p", "q", "dp", "dq", "qi", "k")) {
                assertThat(key.has(privatePart))
                        .as("JWKS key has no '%s'", privatePart)
                        .isFalse();
            }
        }
    }
}
