package dailyfeed.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client against a real HTTP server (the JDK's) that answers from a script and keeps what it was sent. */
class GatewayClientTests {

    /** What was sent, one line per request: method, target, Authorization, body. */
    private final List<String> received = new CopyOnWriteArrayList<>();
    /** Status and body of each answer in turn; the last one is repeated. */
    private final List<Object[]> script = Collections.synchronizedList(new ArrayList<>());

    private final AtomicInteger served = new AtomicInteger();
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::serve);
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private void answers(Object... statusesAndBodies) {
        for (int i = 0; i < statusesAndBodies.length; i += 2) {
            script.add(new Object[] {statusesAndBodies[i], statusesAndBodies[i + 1]});
        }
    }

    private void serve(HttpExchange exchange) throws IOException {
        received.add(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                + exchange.getRequestHeaders().getFirst("Authorization") + " "
                + new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        Object[] answer = script.get(Math.min(served.getAndIncrement(), script.size() - 1));
        String body = (String) answer[1];
        if (body == null) {
            exchange.sendResponseHeaders((int) answer[0], -1);
        } else {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders((int) answer[0], bytes.length);
            exchange.getResponseBody().write(bytes);
        }
        exchange.close();
    }

    @Test
    void signUpCreatesTheMemberThenLogsInAndKeepsTheToken() {
        answers(201, "{\"id\":42,\"handle\":\"amy\"}", 200, "{\"accessToken\":\"t-42\",\"tokenType\":\"Bearer\"}");

        Member amy = GatewayClient.to(baseUrl()).signUp("amy", "Amy", "password-amy");

        assertThat(amy).isEqualTo(new Member(42, "amy", "password-amy", "t-42"));
        assertThat(received)
                .containsExactly(
                        "POST /api/members null {\"handle\":\"amy\",\"displayName\":\"Amy\",\"password\":\"password-amy\"}",
                        "POST /api/auth/login null {\"handle\":\"amy\",\"password\":\"password-amy\"}");
    }

    @Test
    void typedCallsSendTheContractsPathsBodiesAndTheMembersToken() {
        answers(201, "{\"id\":7}");
        GatewayClient client = GatewayClient.to(baseUrl());
        Member amy = new Member(1, "amy", "pw", "t-1");

        client.createPost(amy, null, "no title");
        client.reply(amy, 7, 8, "a reply");
        client.follow(amy, 2);
        client.unlikeComment(amy, 8);
        client.followings(amy, 20, "a b");

        assertThat(received)
                .containsExactly(
                        "POST /api/posts Bearer t-1 {\"content\":\"no title\"}",
                        "POST /api/posts/7/comments Bearer t-1 {\"content\":\"a reply\",\"parentCommentId\":8}",
                        "PUT /api/members/2/follow Bearer t-1 ",
                        "DELETE /api/comments/8/like Bearer t-1 ",
                        "GET /api/activities/followings?size=20&cursor=a%20b Bearer t-1 ");
    }

    @Test
    void textThatUtf8CannotCarryTravelsAsAJsonEscape() {
        answers(201, "{\"id\":7}");

        GatewayClient.to(baseUrl()).comment(new Member(1, "amy", "pw", "t-1"), 7, "\ud800 \u00e9");

        assertThat(received).containsExactly("POST /api/posts/7/comments Bearer t-1 {\"content\":\"\\uD800 \\u00E9\"}");
    }

    @Test
    void aStatusIsAnAnswerAndExpectSaysWhatCameInstead() {
        answers(409, "{\"status\":409,\"title\":\"Conflict\"}");

        Answer taken = GatewayClient.to(baseUrl()).createMember("amy", "Amy", "password");

        assertThat(taken.status()).isEqualTo(409);
        assertThat(taken.rejected()).isTrue();
        assertThat(taken.json().path("title").asString()).isEqualTo("Conflict");
        assertThatThrownBy(() -> taken.expect(201))
                .isInstanceOf(UnexpectedAnswer.class)
                .hasMessage("POST /api/members answered 409 (expected 201): {\"status\":409,\"title\":\"Conflict\"}");
    }

    @Test
    void aPageHasItsItemsAndTheNextCursor() {
        answers(
                200,
                "{\"items\":[{\"id\":3},{\"id\":2}],\"nextCursor\":\"abc\"}",
                200,
                "{\"items\":[],\"nextCursor\":null}");
        GatewayClient client = GatewayClient.to(baseUrl());
        Member amy = new Member(1, "amy", "pw", "t-1");

        Page first = client.postsBy(amy, 1).page();
        Page last = client.postsBy(amy, 1, 5).page();

        assertThat(first.ids()).containsExactly(3L, 2L);
        assertThat(first.nextCursor()).contains("abc");
        assertThat(last.items()).isEmpty();
        assertThat(last.nextCursor()).isEmpty();
        assertThat(received).last().asString().startsWith("GET /api/posts?authorId=1&size=5 ");
    }

    @Test
    void rawCallsSendTheBytesAndHeadersAsGiven() {
        answers(400, "{\"status\":400}");

        Answer answer = GatewayClient.to(baseUrl())
                .send(
                        "POST",
                        "/api/posts?x=%27",
                        "{\"content\":".getBytes(StandardCharsets.UTF_8),
                        "application/json",
                        Map.of("Authorization", "Token abc"));

        assertThat(answer.target()).isEqualTo("/api/posts?x=%27");
        assertThat(answer.status()).isEqualTo(400);
        assertThat(received).containsExactly("POST /api/posts?x=%27 Token abc {\"content\":");
    }

    @Test
    void nothingIsRetriedUnlessTheBuilderSaysSo() {
        answers(503, "{\"status\":503}", 201, "{\"id\":1}");

        Answer answer = GatewayClient.to(baseUrl()).createMember("amy", "Amy", "password");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(received).hasSize(1);
    }

    @Test
    void anUnavailableSystemIsAskedAgainUntilItAnswers() {
        answers(503, "{\"status\":503}", 502, null, 201, "{\"id\":1}");
        List<Answer> observed = new CopyOnWriteArrayList<>();

        Answer answer = GatewayClient.builder(baseUrl())
                .retryWhileUnavailable(Duration.ofSeconds(10))
                .observer(observed::add)
                .build()
                .createMember("amy", "Amy", "password");

        assertThat(answer.status()).isEqualTo(201);
        assertThat(received).hasSize(3);
        assertThat(observed).containsExactly(answer);
    }

    @Test
    void retriesEndWithTheLastAnswer() {
        answers(503, "{\"status\":503}");

        Answer answer = GatewayClient.builder(baseUrl())
                .retryWhileUnavailable(Duration.ofMillis(500))
                .build()
                .createMember("amy", "Amy", "password");

        assertThat(answer.status()).isEqualTo(503);
        assertThat(received.size()).isGreaterThan(1);
    }

    @Test
    void noAnswerIsAStatusNotAnException() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }

        Answer answer = GatewayClient.to("http://127.0.0.1:" + closedPort).get("/api/members/me", "t-1");

        assertThat(answer.status()).isEqualTo(Answer.NO_ANSWER);
        assertThat(answer.answered()).isFalse();
        assertThatThrownBy(() -> answer.expect(200))
                .isInstanceOf(UnexpectedAnswer.class)
                .hasMessageStartingWith("GET /api/members/me got no answer (expected 200): no answer: ");
    }
}
