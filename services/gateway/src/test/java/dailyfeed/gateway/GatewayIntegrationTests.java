package dailyfeed.gateway;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** The gateway in front of three stub services, driven over real HTTP. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class GatewayIntegrationTests {

    static final StubServices services = StubServices.start();
    static final StubBackend member = services.member();
    static final StubBackend content = services.content();
    static final StubBackend activity = services.activity();
    static final TestTokens tokens = TestTokens.generate("member-key");
    static final TestTokens strangers = TestTokens.generate("member-key");

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

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @BeforeEach
    void resetBackends() {
        services.reset();
    }

    @ParameterizedTest(name = "{0} {1} -> {2}")
    @CsvSource({
        "GET,    /api/members/me,                                     member",
        "PUT,    /api/members/42/follow,                              member",
        "GET,    /api/members/42/followings?cursor=MTIz&size=5,       member",
        "POST,   /api/posts,                                          content",
        "GET,    /api/posts?authorId=7&size=2,                        content",
        "PUT,    /api/comments/9,                                     content",
        "DELETE, /api/comments/9/like,                                content",
        "GET,    /api/activities/followings?types=POST_CREATED%2CPOST_LIKED&size=3, activity",
        "POST,   /api/activities,                                     activity",
    })
    void routesEachPrefixToItsServiceUnchanged(String method, String pathAndQuery, String backend) throws Exception {
        String token = tokens.member(7);
        String body = method.equals("POST") || method.equals("PUT") ? "{\"content\":\"héllo \\\"world\\\" 🌍\"}" : "";

        var response = send(request(pathAndQuery)
                .header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json")
                .method(
                        method,
                        body.isEmpty()
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body)));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Backend")).hasValue(backend);
        var received = stub(backend).takeRequest();
        URI sent = URI.create(pathAndQuery);
        assertThat(received.method()).isEqualTo(method);
        assertThat(received.path()).isEqualTo(sent.getPath());
        assertThat(received.query()).isEqualTo(sent.getQuery());
        assertThat(received.body()).isEqualTo(body);
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
        Stream.of(member, content, activity)
                .forEach(other -> assertThat(other.receivedNothing()).isTrue());
    }

    @Test
    void letsSignUpLoginAndServiceTokenRequestsThroughWithoutAToken() throws Exception {
        var signUp = send(request("/api/members")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"handle\":\"ann\"}")));
        assertThat(signUp.headers().firstValue("X-Backend")).hasValue("member");
        assertThat(member.takeRequest().body()).isEqualTo("{\"handle\":\"ann\"}");

        var login = send(request("/api/auth/login")
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"handle\":\"ann\",\"password\":\"secret-password\"}")));
        assertThat(login.headers().firstValue("X-Backend")).hasValue("member");
        assertThat(member.takeRequest().path()).isEqualTo("/api/auth/login");

        var serviceToken = send(request("/oauth2/token")
                .header("Authorization", "Basic ZGFpbHlmZWVkLXNlcnZpY2U6c2VjcmV0")
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("grant_type=client_credentials&scope=activities.write")));
        assertThat(serviceToken.headers().firstValue("X-Backend")).hasValue("member");
        var tokenRequest = member.takeRequest();
        assertThat(tokenRequest.body()).isEqualTo("grant_type=client_credentials&scope=activities.write");
        assertThat(tokenRequest.query()).isNull();
        assertThat(tokenRequest.header("Authorization")).isEqualTo("Basic ZGFpbHlmZWVkLXNlcnZpY2U6c2VjcmV0");

        var jwks = send(request("/.well-known/jwks.json").GET());
        assertThat(jwks.statusCode()).isEqualTo(200);
        assertThat(jwks.body()).contains("\"kid\":\"member-key\"");
    }

    @Test
    void passesStatusHeadersAndProblemBodiesThroughUnchanged() throws Exception {
        String problem = "{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,\"detail\":\"No post 5.\"}";
        content.on("/api/posts/5", exchange -> StubBackend.respond(exchange, 404, "application/problem+json", problem));
        String failure = "{\"type\":\"about:blank\",\"title\":\"Service unavailable\",\"status\":503}";
        content.on("/api/posts/6", exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "1");
            StubBackend.respond(exchange, 503, "application/problem+json", failure);
        });
        member.on("/api/members/moved", exchange -> {
            exchange.getResponseHeaders().set("Location", "/api/members/1");
            StubBackend.respond(exchange, 302, "application/json", "");
        });
        content.on("/api/posts", exchange -> {
            exchange.getResponseHeaders().set("Location", "/api/posts/77");
            StubBackend.respond(exchange, 201, "application/json", "{\"id\":77}");
        });
        String token = "Bearer " + tokens.member(7);

        var notFound =
                send(request("/api/posts/5").header("Authorization", token).GET());
        assertThat(notFound.statusCode()).isEqualTo(404);
        assertThat(notFound.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(notFound.body()).isEqualTo(problem);

        var unavailable =
                send(request("/api/posts/6").header("Authorization", token).GET());
        assertThat(unavailable.statusCode()).isEqualTo(503);
        assertThat(unavailable.headers().firstValue("Retry-After")).hasValue("1");
        assertThat(unavailable.body()).isEqualTo(failure);

        var moved = send(
                request("/api/members/moved").header("Authorization", token).GET());
        assertThat(moved.statusCode())
                .as("redirects are passed on, not followed")
                .isEqualTo(302);
        assertThat(moved.headers().firstValue("Location")).hasValue("/api/members/1");

        var created = send(request("/api/posts")
                .header("Authorization", token)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"hi\"}")));
        assertThat(created.statusCode()).isEqualTo(201);
        assertThat(created.headers().firstValue("Location")).hasValue("/api/posts/77");
        assertThat(created.body()).isEqualTo("{\"id\":77}");
    }

    @Test
    void passesCompressedBodiesThroughAsTheyAre() throws Exception {
        byte[] json = "{\"items\":[],\"nextCursor\":null}".getBytes(UTF_8);
        var gzipped = new ByteArrayOutputStream();
        try (var gzip = new GZIPOutputStream(gzipped)) {
            gzip.write(json);
        }
        content.on("/api/posts", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.getResponseHeaders().set("Content-Encoding", "gzip");
            exchange.sendResponseHeaders(200, gzipped.size());
            try (var out = exchange.getResponseBody()) {
                out.write(gzipped.toByteArray());
            }
        });

        var response = http.send(
                request("/api/posts?authorId=1")
                        .header("Authorization", "Bearer " + tokens.member(7))
                        .header("Accept-Encoding", "gzip")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());

        assertThat(response.headers().firstValue("Content-Encoding")).hasValue("gzip");
        assertThat(response.body()).isEqualTo(gzipped.toByteArray());
        assertThat(content.takeRequest().header("Accept-Encoding")).isEqualTo("gzip");

        send(request("/api/posts?authorId=1")
                .header("Authorization", "Bearer " + tokens.member(7))
                .GET());
        assertThat(content.takeRequest().header("Accept-Encoding"))
                .as("the gateway asks for no encoding the client cannot read")
                .isNull();
    }

    static Stream<Arguments> requestsWithoutAValidToken() {
        return Stream.of(
                Arguments.of("no token, content", "/api/posts/1", null),
                Arguments.of("no token, member", "/api/members/1", null),
                Arguments.of("no token, activity", "/api/activities/followings", null),
                Arguments.of("signed with another key under the same key id", "/api/posts/1", strangers.member(7)),
                Arguments.of("expired", "/api/posts/1", tokens.expired(7)),
                Arguments.of("issued by someone else", "/api/posts/1", tokens.issuedBy("http://elsewhere.test", 7)),
                Arguments.of(
                        "meant for another service", "/api/posts/1", tokens.meantFor(List.of("activity-service"), 7)),
                Arguments.of("meant for no service", "/api/posts/1", tokens.meantFor(List.of(), 7)),
                Arguments.of("not a JWT", "/api/posts/1", "not-a-jwt"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requestsWithoutAValidToken")
    void refusesProtectedPathsWithoutAValidTokenBeforeAnyServiceIsCalled(String description, String path, String token)
            throws Exception {
        var request = request(path).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }

        var response = send(request);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.headers().firstValue("WWW-Authenticate"))
                .hasValueSatisfying(value -> assertThat(value).startsWith("Bearer"));
        assertThat(response.body()).contains("\"status\":401");
        Stream.of(member, content, activity)
                .forEach(backend -> assertThat(backend.receivedNothing()).isTrue());
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"%00", "%2F", "%5C", "%ff", "%25", "1;x=y", "%3B", "..%2F..%2Fetc%2Fpasswd"})
    void pathsRefusedBeforeAnyControllerAreProblemsToo(String segment) throws Exception {
        // Tomcat's own refusals were its HTML error page, the security firewall's were Boot's error JSON
        var response = send(request("/api/posts/" + segment).GET());

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(response.body())
                .contains("\"status\":400", "\"type\":\"about:blank\"", "\"detail\":")
                .doesNotContain("Tomcat", "Exception");
        Stream.of(member, content, activity)
                .forEach(backend -> assertThat(backend.receivedNothing()).isTrue());
    }

    /**
     * A header with a control character in it (here NEL, byte 0x85, which HTTP lets through as "obs-text" and Tomcat
     * passes on) is refused by the security firewall, whose header checks are the platform's own predicates, and
     * reaches no service; a tab in a value is allowed, as by the firewall's default. Sent over a plain socket: the JDK
     * client would write the character as '?'.
     */
    @Test
    void headersWithControlCharactersAreRefusedBeforeAnyService() throws Exception {
        String refused = rawGet("/api/members/me", "X-Note: before\u0085after");

        assertThat(refused).startsWith("HTTP/1.1 400").containsIgnoringCase("Content-Type: application/problem+json");
        Stream.of(member, content, activity)
                .forEach(backend -> assertThat(backend.receivedNothing()).isTrue());

        member.on("/api/members/me", exchange -> StubBackend.respond(exchange, 200, "application/json", "{}"));
        assertThat(rawGet("/api/members/me", "X-Note: before\tafter")).startsWith("HTTP/1.1 200");
    }

    /** The whole answer to a GET with one extra header line, its bytes as ISO-8859-1 (one byte, one character). */
    private String rawGet(String path, String headerLine) throws IOException {
        try (var socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(10_000);
            String head = "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + tokens.member(7)
                    + "\r\n" + headerLine + "\r\nConnection: close\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(ISO_8859_1));
            return new String(socket.getInputStream().readAllBytes(), ISO_8859_1);
        }
    }

    @Test
    void streamsServerSentEventsAsTheyArrive() {
        var firstEventReceived = new CountDownLatch(1);
        var streamedBeforeTheSecondWasWritten = new AtomicBoolean();
        activity.on("/api/activities/followings/stream", exchange -> {
            exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream body = exchange.getResponseBody()) {
                body.write("event: activity\ndata: first\n\n".getBytes(UTF_8));
                body.flush();
                // a buffering gateway would hold "first" back until the stream ends, so this wait would time out
                streamedBeforeTheSecondWasWritten.set(awaitQuietly(firstEventReceived));
                body.write("event: activity\ndata: second\n\n".getBytes(UTF_8));
            }
        });

        assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
            var response = http.send(
                    request("/api/activities/followings/stream")
                            .header("Authorization", "Bearer " + tokens.member(7))
                            .header("Accept", "text/event-stream")
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofLines());
            assertThat(response.statusCode()).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/event-stream"));
            Iterator<String> lines = response.body().iterator();

            assertThat(nextData(lines)).isEqualTo("first");
            firstEventReceived.countDown();
            assertThat(nextData(lines)).isEqualTo("second");
        });
        assertThat(streamedBeforeTheSecondWasWritten)
                .as("the first event reached the client before the second was written")
                .isTrue();
    }

    @Test
    void answersAPlainUpWhenEveryServiceIsReadyWithoutProxyingTheHealthCall() throws Exception {
        var health = send(request("/actuator/health").GET());
        assertThat(health.statusCode()).isEqualTo(200);
        assertThat(health.body()).isEqualTo("{\"status\":\"UP\"}");
        Stream.of(member, content, activity).forEach(backend -> {
            assertThat(backend.readinessProbes())
                    .as("the gateway asked whether it is ready")
                    .isPositive();
            assertThat(backend.receivedNothing()).isTrue();
        });
    }

    @Test
    void offersSwaggerUiOverEveryServicesDescription() throws Exception {
        var config = send(request("/v3/api-docs/swagger-config").GET());
        assertThat(config.statusCode()).isEqualTo(200);
        assertThat(config.body())
                .contains(
                        "\"url\":\"/v3/api-docs/member\"",
                        "\"url\":\"/v3/api-docs/content\"",
                        "\"url\":\"/v3/api-docs/activity\"");

        content.on(
                "/v3/api-docs",
                exchange -> StubBackend.respond(exchange, 200, "application/json", "{\"openapi\":\"3.1.0\"}"));
        var docs = send(request("/v3/api-docs/content").GET());
        assertThat(docs.statusCode()).isEqualTo(200);
        assertThat(docs.body()).isEqualTo("{\"openapi\":\"3.1.0\"}");
        var received = content.takeRequest();
        assertThat(received.path()).isEqualTo("/v3/api-docs");
        // so the service's OpenAPI "servers" names the gateway, and Swagger UI's "try it out" goes through it
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("localhost:" + port);

        var ui = send(request("/swagger-ui/index.html").GET());
        assertThat(ui.statusCode()).isEqualTo(200);
        assertThat(ui.body()).contains("Swagger UI");
    }

    @Test
    void servesTheWebUiPlaceholderAtTheRoot() throws Exception {
        var page = send(request("/").GET());
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.body()).contains("dailyfeed", "/swagger-ui.html");
    }

    private StubBackend stub(String name) {
        return switch (name) {
            case "member" -> member;
            case "content" -> content;
            case "activity" -> activity;
            default -> throw new IllegalArgumentException(name);
        };
    }

    private HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(20));
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    private static String nextData(Iterator<String> lines) {
        while (lines.hasNext()) {
            String line = lines.next();
            if (line.startsWith("data:")) {
                return line.substring("data:".length()).trim();
            }
        }
        return null;
    }

    private static boolean awaitQuietly(CountDownLatch latch) {
        try {
            return latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
