package dailyfeed.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.SignedJWT;
import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.LaunchedSecrets;
import dailyfeed.harness.Member;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, points 4 (the per-handle login lockout), 5, 7 and 8: what one client can make the system spend. Bursts
 * of guesses and sign-ups, bodies above the limit, tokens with made-up key ids, all through the gateway. The suite
 * launches member-service with a short login window ({@code DAILYFEED_LOGIN_WINDOW}, see the pom), so the lockout's
 * end can be awaited.
 */
@Order(4)
class ResourceLimitsIntegrationTests {

    @RegisterExtension
    static final dailyfeed.harness.RunningDailyfeed dailyfeed = SuiteSystem.shared();

    /** The request body limit of every service and the gateway (http-api.md). */
    static final int BODY_LIMIT = 64 * 1024;
    /** member-service's failed logins per handle and window (its default, {@code DAILYFEED_LOGIN_MAX_FAILURES}). */
    static final int MAX_FAILURES = 5;
    /** How long the lockout's end may be awaited; a running system with the default 15 minutes is not waited for. */
    static final long LONGEST_WINDOW_AWAITED = 120;
    /** The key-set fetch interval of the resource servers (default of {@code dailyfeed.security.jwks.min-fetch-interval}). */
    static final Duration KEY_SET_INTERVAL = Duration.ofSeconds(30);
    /**
     * member-service's pool waits this long for a connection before the request fails: a read that took longer
     * during a sign-up burst was starved, whatever it answered.
     */
    static final Duration CONNECTION_TIMEOUT = Duration.ofSeconds(5);
    /** The lockout's problem title; a 429 with another one is the gateway's rate limit. */
    static final String LOCKOUT_TITLE = "Too many login attempts";

    /** The password of the members the body tests sign up (a canary, as every password of the suite). */
    static final String BIG_PASSWORD = Credentials.newPassword();

    static GatewayClient gateway;
    static Member author;

    @BeforeAll
    static void members() {
        gateway = Recorded.gateway(dailyfeed.baseUrl());
        author = Credentials.signUp(gateway, "limits");
    }

    // ---- the per-handle login lockout (point 4)

    @Test
    void aBurstOfGuessesGetsNoMoreWrongPasswordAnswersThanTheLimitAndTheRightPasswordWaitsForTheWindow() {
        Member target = Credentials.signUp(gateway, "burst");
        String wrong = login(target.handle(), "not-" + target.password());
        List<Answer> burst = Burst.of(40, i -> gateway.json("POST", "/api/auth/login", null, wrong));
        Map<Integer, Long> statuses = new TreeMap<>();
        for (Answer answer : burst) {
            Figures.hand("POST /api/auth/login (limits)", answer);
            Checks.problem(answer, answer.status());
            Checks.noInternals(answer);
            statuses.merge(answer.status(), 1L, Long::sum);
            if (answer.status() == 429) {
                assertThat(answer.header("Retry-After")).as("%s", answer).isPresent();
            }
        }
        System.out.printf("40 concurrent wrong passwords for one handle: %s (status: count)%n", statuses);
        assertThat(statuses.keySet())
                .as("only wrong-password and too-many answers")
                .isSubsetOf(401, 429);
        long checked = statuses.getOrDefault(401, 0L);
        assertThat(checked).as("password checks let through").isLessThanOrEqualTo(MAX_FAILURES);
        if (burst.stream().filter(a -> a.status() == 429).allMatch(ResourceLimitsIntegrationTests::lockedOut)) {
            // no 429 came from the gateway's rate limit: every guess reached member-service, exactly the limit passed
            assertThat(checked).isEqualTo(MAX_FAILURES);
        }

        // the right password is refused too, unchecked, until the window ends
        // the window is kept by member-service's wall clock, so its end is awaited by this host's wall clock too: a
        // step of the clock while waiting (time synchronisation on a virtual machine) moves both alike, not only the
        // server's
        long refusedFrom = System.currentTimeMillis();
        Answer refused = gateway.json("POST", "/api/auth/login", null, login(target.handle(), target.password()));
        Figures.hand("POST /api/auth/login (limits)", refused);
        Checks.problem(refused, 429);
        assertThat(refused.body()).doesNotContain("accessToken");
        long retryAfter = Long.parseLong(refused.header("Retry-After").orElseThrow());
        assertThat(retryAfter).isPositive();
        assumeTrue(
                retryAfter <= LONGEST_WINDOW_AWAITED,
                "the lockout ends in " + retryAfter + " s: not awaited (the suite launches with a short window)");
        AtomicReference<Answer> admitted = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(retryAfter + 90))
                .pollInterval(Duration.ofSeconds(2))
                .until(() -> {
                    Answer again =
                            gateway.json("POST", "/api/auth/login", null, login(target.handle(), target.password()));
                    Figures.hand("POST /api/auth/login (limits)", again);
                    assertThat(again.status()).as("%s", again).isIn(200, 429);
                    admitted.set(again);
                    return again.status() == 200;
                });
        double waited = (System.currentTimeMillis() - refusedFrom) / 1e3;
        System.out.printf(
                "The right password was refused for %.1f s after the burst (Retry-After said %d s)%n",
                waited, retryAfter);
        // Retry-After is the rest of the window, from the server's clock when it refused, rounded down (at least 1)
        assertThat(waited).as("refused until the window ended").isGreaterThanOrEqualTo(retryAfter - 1);
        assertThat(admitted.get().json().path("accessToken").asString()).isNotBlank();
    }

    @Test
    void failedLoginsAreForgottenAfterTheirWindow() throws SQLException {
        Optional<String> memberDatabase = dailyfeed.jdbcUrl("member");
        assumeTrue(memberDatabase.isPresent(), "against an already running system its login_failures are not read");
        Member member = Credentials.signUp(gateway, "forgotten");
        // a handle no one has: guesses at unknown handles are counted (and stored) the same way
        String unknown = Credentials.uniqueHandle("nobody");
        for (int attempt = 1; attempt <= MAX_FAILURES; attempt++) {
            for (String handle : List.of(member.handle(), unknown)) {
                Answer answer =
                        gateway.json("POST", "/api/auth/login", null, login(handle, "not-" + member.password()));
                Figures.hand("POST /api/auth/login (limits)", answer);
                assertThat(answer.status()).as("%s", answer).isIn(401, 429);
            }
        }
        Answer locked = gateway.json("POST", "/api/auth/login", null, login(member.handle(), member.password()));
        Checks.problem(locked, 429);
        long retryAfter = Long.parseLong(locked.header("Retry-After").orElseThrow());
        assumeTrue(
                retryAfter <= LONGEST_WINDOW_AWAITED,
                "the window ends in " + retryAfter + " s: not awaited (the suite launches with a short window)");
        assertThat(loginFailures(memberDatabase.get(), member.handle()))
                .as("counted")
                .hasValue(MAX_FAILURES);
        assertThat(loginFailures(memberDatabase.get(), unknown)).as("counted").isPresent();

        // no login in between: only member-service's own clean-up can remove them
        long from = System.nanoTime();
        await().atMost(Duration.ofSeconds(2 * retryAfter + 90))
                .pollInterval(Duration.ofSeconds(1))
                .until(() ->
                        loginFailures(memberDatabase.get(), member.handle()).isEmpty()
                                && loginFailures(memberDatabase.get(), unknown).isEmpty());
        System.out.printf(
                "Failed logins forgotten %.1f s after the lockout (its window had %d s to run)%n",
                (System.nanoTime() - from) / 1e9, retryAfter);
        assertThat(gateway.json("POST", "/api/auth/login", null, login(member.handle(), member.password()))
                        .status())
                .as("the handle logs in again")
                .isEqualTo(200);
    }

    private static boolean lockedOut(Answer answer) {
        return answer.status() == 429
                && Json.read(answer.body()).path("title").asString().equals(LOCKOUT_TITLE);
    }

    private static String login(String handle, String password) {
        return Json.write(Map.of("handle", handle, "password", password));
    }

    /** The failure count member-service keeps for {@code handle}, if it keeps one. */
    private static Optional<Integer> loginFailures(String memberDatabase, String handle) throws SQLException {
        // as member-service itself connects: its own role, which owns the member database
        try (Connection connection = DriverManager.getConnection(
                        memberDatabase,
                        LaunchedSecrets.roleOf("member"),
                        dailyfeed.secrets().rolePassword("member"));
                PreparedStatement query =
                        connection.prepareStatement("SELECT failures FROM login_failures WHERE handle = ?")) {
            query.setString(1, handle);
            try (ResultSet row = query.executeQuery()) {
                return row.next() ? Optional.of(row.getInt(1)) : Optional.empty();
            }
        }
    }

    // ---- point 5: no database connection held while hashing

    @Test
    void aBurstOfSignUpsDoesNotStarveOtherRequests() throws InterruptedException {
        Member reader = Credentials.signUp(gateway, "reader");
        AtomicBoolean burstOver = new AtomicBoolean();
        List<Answer> reads = Collections.synchronizedList(new ArrayList<>());
        List<Long> readMillis = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Throwable> readFailure = new AtomicReference<>();
        Thread reading = new Thread(
                () -> {
                    try {
                        while (!burstOver.get()) {
                            long start = System.nanoTime();
                            Answer me = gateway.me(reader);
                            readMillis.add((System.nanoTime() - start) / 1_000_000);
                            reads.add(me);
                        }
                    } catch (Throwable e) {
                        readFailure.set(e);
                    }
                },
                "reads-during-sign-ups");
        reading.start();
        long start = System.nanoTime();
        List<Answer> signUps = Burst.of(
                30,
                i -> gateway.createMember(Credentials.uniqueHandle("crowd"), "Crowd " + i, Credentials.newPassword()));
        double seconds = (System.nanoTime() - start) / 1e9;
        burstOver.set(true);
        reading.join();
        assertThat(readFailure.get()).as("every read got an answer").isNull();

        Map<Integer, Long> statuses = new TreeMap<>();
        for (Answer signUp : signUps) {
            Figures.hand("POST /api/members (limits)", signUp);
            Checks.clientErrorOrSuccess(signUp);
            statuses.merge(signUp.status(), 1L, Long::sum);
        }
        long slowest = readMillis.stream().mapToLong(Long::longValue).max().orElse(0);
        System.out.printf(
                "30 concurrent sign-ups in %.1f s: %s (status: count); meanwhile %d reads of /api/members/me, %s, slowest %d ms%n",
                seconds,
                statuses,
                reads.size(),
                reads.stream().collect(Collectors.groupingBy(Answer::status, TreeMap::new, Collectors.counting())),
                slowest);
        // a 429 is the gateway's rate limit on sign-ups; everything that reached member-service was stored
        assertThat(statuses.keySet()).isSubsetOf(201, 429);
        assertThat(statuses.getOrDefault(201, 0L)).as("sign-ups that hashed").isPositive();
        assertThat(reads).as("reads during the burst").isNotEmpty();
        for (Answer read : reads) {
            Figures.hand("GET /api/members/me (limits)", read);
            assertThat(read.status()).as("%s", read).isEqualTo(200);
        }
        assertThat(slowest).as("no read waited for a connection").isLessThan(CONNECTION_TIMEOUT.toMillis());
    }

    // ---- point 7: request bodies above the limit

    /** An endpoint of each service that stores its body, and how to see whether it stored it. */
    private record Storing(String name, String method, String target, Supplier<String> token, BodyMaker body) {}

    /** A valid body, unique per {@code key}, and whether the thing it creates exists now. */
    private interface BodyMaker {
        String json(String key);

        boolean stored(String key);
    }

    private static List<Storing> storingEndpoints() {
        String service = gateway.serviceToken(Credentials.registrationClient(dailyfeed), "activities.write");
        return List.of(
                new Storing("POST /api/members", "POST", "/api/members", () -> null, new BodyMaker() {
                    @Override
                    public String json(String key) {
                        return Json.write(Map.of("handle", key, "displayName", "Big " + key, "password", BIG_PASSWORD));
                    }

                    @Override
                    public boolean stored(String key) {
                        return gateway.logIn(key, BIG_PASSWORD).status() == 200;
                    }
                }),
                new Storing("POST /api/posts", "POST", "/api/posts", author::token, new BodyMaker() {
                    @Override
                    public String json(String key) {
                        return Json.write(Map.of("title", key, "content", "a body at the limit"));
                    }

                    @Override
                    public boolean stored(String key) {
                        return gateway.postsBy(author, author.id(), 100).body().contains(key);
                    }
                }),
                new Storing("POST /api/activities", "POST", "/api/activities", () -> service, new BodyMaker() {
                    private final Map<String, String> events = new java.util.concurrent.ConcurrentHashMap<>();

                    @Override
                    public String json(String key) {
                        return events.computeIfAbsent(key, k -> event(UUID.randomUUID()));
                    }

                    @Override
                    public boolean stored(String key) {
                        // registering the same event again says whether it was stored: 200 if so, 201 if new
                        return gateway.json("POST", "/api/activities", service, events.get(key))
                                        .status()
                                == 200;
                    }
                }));
    }

    private static String event(UUID id) {
        return Json.write(Json.object(
                Map.entry("eventId", id.toString()),
                Map.entry("type", "POST_CREATED"),
                Map.entry("occurredAt", Instant.now().toString()),
                Map.entry("actor", Map.of("id", author.id(), "handle", author.handle(), "displayName", "Limits")),
                Map.entry("postId", 1),
                Map.entry("summary", "a body at the limit"),
                Map.entry("schemaVersion", 1)));
    }

    /** {@code json} followed by spaces (valid JSON) up to exactly {@code bytes}. */
    private static byte[] padded(String json, int bytes) {
        byte[] document = json.getBytes(StandardCharsets.UTF_8);
        byte[] body = new byte[bytes];
        java.util.Arrays.fill(body, (byte) ' ');
        System.arraycopy(document, 0, body, 0, document.length);
        return body;
    }

    private static Answer send(Storing endpoint, byte[] body, boolean chunked) {
        HttpRequest.Builder request =
                gateway.request(endpoint.target(), endpoint.token().get()).header("Content-Type", "application/json");
        if (chunked) {
            // no length known in advance: HTTP/1.1 sends it as chunks, and only counting it as it comes can stop it
            request.version(HttpClient.Version.HTTP_1_1)
                    .method(
                            endpoint.method(),
                            HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));
        } else {
            request.method(endpoint.method(), HttpRequest.BodyPublishers.ofByteArray(body));
        }
        return gateway.send(request.build());
    }

    @Test
    void bodiesAboveTheLimitAre413AtEveryServiceAndNothingIsStored() {
        List<String> lines = new ArrayList<>();
        for (Storing endpoint : storingEndpoints()) {
            for (boolean chunked : List.of(false, true)) {
                String how = chunked ? "chunked" : "with Content-Length";
                // at the limit: a valid document padded with spaces is read whole and stored
                String atLimit = Credentials.uniqueHandle("at");
                Answer accepted = send(endpoint, padded(endpoint.body().json(atLimit), BODY_LIMIT), chunked);
                Figures.hand(endpoint.name() + " (limits)", accepted);
                assertThat(accepted.status())
                        .as("%d bytes %s to %s: %s", BODY_LIMIT, how, endpoint.name(), accepted)
                        .isEqualTo(201);
                // one byte more: refused, nothing stored
                for (int bytes : List.of(BODY_LIMIT + 1, 16 * BODY_LIMIT)) {
                    String over = Credentials.uniqueHandle("over");
                    Answer refused = send(endpoint, padded(endpoint.body().json(over), bytes), chunked);
                    Figures.hand(endpoint.name() + " (limits)", refused);
                    Checks.problem(refused, 413);
                    Checks.noInternals(refused);
                    assertThat(endpoint.body().stored(over))
                            .as("%d bytes %s to %s stored nothing", bytes, how, endpoint.name())
                            .isFalse();
                }
                lines.add(endpoint.name() + " " + how);
            }
        }
        System.out.printf(
                "Bodies of %d bytes stored, of %d and %d bytes 413 with nothing stored: %s%n",
                BODY_LIMIT, BODY_LIMIT + 1, 16 * BODY_LIMIT, String.join("; ", lines));
    }

    // ---- point 8: key-set fetches

    @Test
    void tokensWithMadeUpKeyIdsFetchTheKeySetAtMostTwicePerInterval() throws Exception {
        Optional<Integer> memberPort = dailyfeed.port("member-service");
        assumeTrue(memberPort.isPresent(), "against an already running system member-service's port is not known");
        KeySetRequests served = new KeySetRequests(URI.create("http://localhost:" + memberPort.get()));
        // the counter counts what it should: one key-set request through the gateway is one more
        double before = served.count();
        assertThat(gateway.get("/.well-known/jwks.json", null).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(10)).until(() -> served.count() == before + 1);

        SignedJWT real = SignedJWT.parse(author.token());
        RSAKey attacker = new RSAKeyGenerator(2048).generate();
        List<String> forged = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            forged.add(signed(attacker, "made-up-" + UUID.randomUUID(), real));
        }
        double start = served.count();
        long from = System.nanoTime();
        List<long[]> timed = Burst.of(forged.size(), i -> {
            long sent = System.nanoTime();
            Answer answer = gateway.get("/api/members/me", forged.get(i));
            Figures.hand("GET (limits)", answer);
            Checks.problem(answer, 401);
            return new long[] {(System.nanoTime() - sent) / 1_000_000};
        });
        Duration flood = Duration.ofNanos(System.nanoTime() - from);
        long intervals = 1 + flood.toNanos() / KEY_SET_INTERVAL.toNanos();
        long allowed = 2 * intervals;
        // a fetch is counted once its answer is written; give the last ones time to land before reading the total
        await().during(Duration.ofSeconds(2))
                .atMost(Duration.ofSeconds(10))
                .until(() -> served.count() - start <= allowed);
        long fetches = Math.round(served.count() - start);
        long slowest = timed.stream().mapToLong(t -> t[0]).max().orElse(0);
        System.out.printf(
                "50 tokens with made-up kids in %d ms: all 401 (slowest %d ms), %d key-set fetches from member-service (at most %d allowed)%n",
                flood.toMillis(), slowest, fetches, allowed);
        assertThat(fetches).isLessThanOrEqualTo(allowed);
        assertThat(slowest).as("no token waited for a fetch it was refused").isLessThan(5_000);
        // the real token still works: the 401s were about the made-up keys
        assertThat(gateway.me(author).status()).isEqualTo(200);
    }

    private static String signed(RSAKey key, String kid, SignedJWT real) throws ParseException, JOSEException {
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(kid)
                        .type(JOSEObjectType.JWT)
                        .build(),
                real.getJWTClaimsSet());
        jwt.sign(new RSASSASigner(key));
        return jwt.serialize();
    }

    /**
     * How often member-service has served its key set, from its {@code http.server.requests} metric. The key set is
     * served by Spring Authorization Server's filter, not by a controller, so its requests carry {@code uri=UNKNOWN}
     * (no handler pattern); GET with status 200 and that tag is only the key set, as nothing else member-service
     * answers is a filter's successful GET. The positive check in the test proves the count moves with a fetch.
     */
    private record KeySetRequests(URI memberService) {

        double count() {
            Answer metric = gateway.send(HttpRequest.newBuilder(memberService.resolve(
                            "/actuator/metrics/http.server.requests?tag=method:GET&tag=status:200&tag=uri:UNKNOWN"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + OPERATIONS_TOKEN.get())
                    .build());
            if (metric.status() == 404) {
                return 0; // no such request yet
            }
            assertThat(metric.status())
                    .as("member-service's metric: %s", metric)
                    .isEqualTo(200);
            for (JsonNode measurement : Json.read(metric.body()).path("measurements")) {
                if (measurement.path("statistic").asString().equals("COUNT")) {
                    return measurement.path("value").asDouble();
                }
            }
            throw new AssertionError("no COUNT in " + metric.body());
        }
    }

    private static final Supplier<String> OPERATIONS_TOKEN = new Supplier<>() {
        private String token;

        @Override
        public synchronized String get() {
            if (token == null) {
                token = Credentials.operationsToken(gateway, dailyfeed);
            }
            return token;
        }
    };
}
