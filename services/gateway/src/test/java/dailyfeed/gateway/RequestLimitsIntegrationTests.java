package dailyfeed.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.nimbusds.jose.jwk.JWKSet;
import java.io.ByteArrayInputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gateway's limits on what a request may cost: body size, and how often it fetches the signing keys. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "dailyfeed.security.jwks.min-fetch-interval=3s")
class RequestLimitsIntegrationTests {

    static final StubServices services = StubServices.start();
    static final StubBackend member = services.member();
    static final StubBackend content = services.content();
    static final StubBackend activity = services.activity();
    static final TestTokens tokens = TestTokens.generate("member-key");
    static final TestTokens stranger = TestTokens.generate("stranger-key");
    static final AtomicReference<String> published = new AtomicReference<>(tokens.jwks());
    static final AtomicInteger keySetFetches = new AtomicInteger();

    static {
        member.serveAlways("/.well-known/jwks.json", exchange -> {
            keySetFetches.incrementAndGet();
            StubBackend.respond(exchange, 200, "application/json", published.get());
        });
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

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void resetBackends() {
        services.reset();
    }

    @Test
    void aBodyDeclaredLargerThanTheLimitIsA413AndNeverForwarded() throws Exception {
        var response = post(HttpRequest.BodyPublishers.ofByteArray(json(64 * 1024 + 1)));

        assertTooLarge(response);
        assertThat(content.receivedNothing()).isTrue();
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsA413NotA5xx() throws Exception {
        var response =
                post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json(1024 * 1024))));

        assertTooLarge(response);
    }

    @Test
    void aChunkedBodyOneBytePastTheLimitIsNeverForwarded() throws Exception {
        var response =
                post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(json(64 * 1024 + 1))));

        assertTooLarge(response);
        // not even its first 64 KiB, framed as a complete body that the service would store
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(content::receivedNothing);
    }

    @Test
    void aChunkedBodyWithinTheLimitArrivesWithItsLengthAndUnchanged() throws Exception {
        byte[] body = varied(60 * 1024);
        var response = post(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertThat(response.statusCode()).isEqualTo(200);
        var received = content.takeRequest();
        assertThat(received.headers().get("Content-Length")).containsExactly(Integer.toString(body.length));
        assertThat(received.headers().containsKey("Transfer-Encoding")).isFalse();
        assertThat(received.body()).isEqualTo(new String(body, StandardCharsets.UTF_8));
    }

    @Test
    void aBodyThatBreaksOffPartWayIsTheClients400AndNeverForwarded() throws Exception {
        // chunked framing that turns to garbage after the first chunk: the body cannot be read whole
        String request = "POST /api/posts HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + tokens.member(7)
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\n{\"con\r\nzz-not-a-chunk-size\r\n\r\n";
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            String answer = new String(socket.getInputStream().readNBytes(12), StandardCharsets.US_ASCII);

            assertThat(answer).isEqualTo("HTTP/1.1 400");
        }
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3)).until(content::receivedNothing);
    }

    @Test
    void tokensWithUnknownKeyIdsDoNotMakeTheGatewayFetchTheKeysAgainAndAgain() throws Exception {
        assertThat(get(tokens.member(7)).statusCode()).isEqualTo(200);
        int before = keySetFetches.get();
        long started = System.nanoTime();

        for (int i = 0; i < 50; i++) {
            var response = get(stranger.withKeyId(UUID.randomUUID().toString()).member(7));
            assertThat(response.statusCode()).isEqualTo(401);
        }

        // Nimbus allows two fetches per interval (one for a rotation, one spare); a slow machine may span several
        long intervalsSpanned = Duration.ofNanos(System.nanoTime() - started).toMillis() / 3_000 + 1;
        assertThat(keySetFetches.get() - before)
                .as("key-set fetches for 50 unknown kids over %d interval(s) of 3 s", intervalsSpanned)
                .isLessThanOrEqualTo((int) (2 * intervalsSpanned))
                .isLessThan(50);
        assertThat(get(tokens.member(7)).statusCode()).isEqualTo(200);
    }

    @Test
    void aGenuinelyNewKeyIsAcceptedOnceTheIntervalHasPassed() throws Exception {
        TestTokens rotated = TestTokens.generate("rotated-" + UUID.randomUUID());
        assertThat(get(tokens.member(7)).statusCode()).isEqualTo(200);

        // as member-service rotates: the new key is published beside the old one
        published.set(bothKeys(tokens, rotated));

        await().atMost(Duration.ofSeconds(20))
                .pollInterval(Duration.ofMillis(500))
                .untilAsserted(
                        () -> assertThat(get(rotated.member(8)).statusCode()).isEqualTo(200));
        published.set(tokens.jwks());
    }

    private static String bothKeys(TestTokens old, TestTokens fresh) throws java.text.ParseException {
        var keys = new java.util.ArrayList<>(JWKSet.parse(old.jwks()).getKeys());
        keys.addAll(JWKSet.parse(fresh.jwks()).getKeys());
        return new JWKSet(keys).toString();
    }

    private void assertTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":413").contains("\"title\":\"Request body too large\"");
    }

    private HttpResponse<String> post(HttpRequest.BodyPublisher body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/posts"))
                        .header("Authorization", "Bearer " + tokens.member(7))
                        .header("Content-Type", "application/json")
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String token) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/posts?authorId=7"))
                        .header("Authorization", "Bearer " + token)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** A JSON document of exactly {@code size} bytes. */
    private static byte[] json(int size) {
        return ("{\"content\":\"" + "a".repeat(size - 14) + "\"}").getBytes(StandardCharsets.UTF_8);
    }

    /** A JSON document of exactly {@code size} bytes whose text varies (one to four bytes a character). */
    private static byte[] varied(int size) {
        String[] characters = {"a", "é", "✓", "🌍", "7", " "};
        var text = new StringBuilder();
        int bytes = 14; // {"content":""}
        for (int i = 0; bytes + 4 <= size; i++) {
            String character = characters[i % characters.length];
            text.append(character);
            bytes += character.getBytes(StandardCharsets.UTF_8).length;
        }
        text.append("a".repeat(size - bytes));
        return ("{\"content\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
