package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DemoDataTests {

    private final StubGateway gateway = new StubGateway();
    private final ByteArrayOutputStream output = new ByteArrayOutputStream();
    private final PrintStream console = new PrintStream(output, true, StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws IOException {
        gateway.start();
    }

    @AfterEach
    void stop() {
        gateway.stop();
    }

    @Test
    void signsUpMembersWhoFollowPostCommentAndLikeThenPrintsALogin() {
        assertThat(new DemoData(gateway.uri(), console).load()).isTrue();

        assertThat(gateway.requests("POST /api/members")).hasSize(5);
        assertThat(gateway.requests("PUT /api/members/")).hasSize(9).allMatch(request -> request.endsWith("/follow"));
        assertThat(gateway.requests("POST /api/posts"))
                .filteredOn(request -> !request.contains("/comments"))
                .hasSize(5);
        assertThat(gateway.requests("POST /api/posts/"))
                .filteredOn(request -> request.contains("/comments"))
                .hasSize(6);
        assertThat(gateway.requests("PUT /api/posts/")).hasSize(5);
        assertThat(gateway.requests("PUT /api/comments/")).hasSize(1);
        assertThat(gateway.bodies).anyMatch(body -> body.contains("\"parentCommentId\":"));
        assertThat(output.toString(StandardCharsets.UTF_8)).contains("demo login: alice / dailyfeed-demo");
    }

    @Test
    void aSecondRunKeepsTheMembersAndWritesNoSecondCopyOfTheContent() {
        new DemoData(gateway.uri(), console).load();
        int posts = gateway.posts.get();

        assertThat(new DemoData(gateway.uri(), console).load()).isTrue();

        assertThat(gateway.posts.get()).isEqualTo(posts);
        assertThat(gateway.members).hasSize(5);
        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("demo data is there already")
                .containsPattern("(?s)demo login: alice.*demo login: alice");
    }

    @Test
    void anUnavailableSystemIsReportedAndDoesNotThrow() {
        gateway.unavailable = true;

        assertThat(new DemoData(gateway.uri(), console, Duration.ofMillis(500)).load())
                .isFalse();

        assertThat(output.toString(StandardCharsets.UTF_8))
                .contains("demo data could not be loaded: POST /api/members answered 503");
    }

    /** Just enough of the gateway's API for the demo loader, keeping what it was asked. */
    private static final class StubGateway {

        private static final Pattern FIELD = Pattern.compile("\"(handle|authorId)\"\\s*:\\s*\"?([a-z0-9_]+)");

        final Map<String, Long> members = new HashMap<>();
        final Map<Long, Integer> postsByAuthor = new HashMap<>();
        final List<String> lines = Collections.synchronizedList(new ArrayList<>());
        final List<String> bodies = Collections.synchronizedList(new ArrayList<>());
        final AtomicLong ids = new AtomicLong(100);
        final AtomicInteger posts = new AtomicInteger();
        volatile boolean unavailable;
        private HttpServer server;

        void start() throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/", this::handle);
            server.start();
        }

        void stop() {
            server.stop(0);
        }

        URI uri() {
            return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
        }

        List<String> requests(String prefix) {
            return lines.stream().filter(line -> line.startsWith(prefix)).toList();
        }

        private synchronized void handle(HttpExchange exchange) throws IOException {
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().toString();
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            lines.add(method + " " + path);
            bodies.add(body);
            if (unavailable) {
                answer(exchange, 503, "{\"status\":503}");
                return;
            }
            String token = exchange.getRequestHeaders().getFirst("Authorization");
            Long caller = token == null ? null : Long.parseLong(token.substring("Bearer t-".length()));
            if (method.equals("POST") && path.equals("/api/members")) {
                String handle = field(body);
                if (members.containsKey(handle)) {
                    answer(exchange, 409, "{\"status\":409}");
                } else {
                    members.put(handle, ids.incrementAndGet());
                    answer(exchange, 201, "{\"id\":" + members.get(handle) + "}");
                }
            } else if (path.equals("/api/auth/login")) {
                answer(
                        exchange,
                        200,
                        "{\"accessToken\":\"t-" + members.get(field(body)) + "\",\"tokenType\":\"Bearer\"}");
            } else if (path.equals("/api/members/me")) {
                answer(exchange, 200, "{\"id\":" + caller + ",\"handle\":\"x\"}");
            } else if (method.equals("GET") && path.startsWith("/api/posts?authorId=")) {
                long author = Long.parseLong(path.replaceAll(".*authorId=(\\d+).*", "$1"));
                answer(
                        exchange,
                        200,
                        postsByAuthor.getOrDefault(author, 0) == 0
                                ? "{\"items\":[],\"nextCursor\":null}"
                                : "{\"items\":[{\"id\":1}],\"nextCursor\":null}");
            } else if (method.equals("POST") && path.equals("/api/posts")) {
                posts.incrementAndGet();
                postsByAuthor.merge(caller, 1, Integer::sum);
                answer(exchange, 201, "{\"id\":" + ids.incrementAndGet() + ",\"authorId\":" + caller + "}");
            } else if (method.equals("POST") && path.endsWith("/comments")) {
                answer(exchange, 201, "{\"id\":" + ids.incrementAndGet() + "}");
            } else if (method.equals("PUT")) {
                answer(exchange, 204, null);
            } else {
                answer(exchange, 404, "{\"status\":404}");
            }
        }

        private static String field(String body) {
            Matcher matcher = FIELD.matcher(body);
            return matcher.find() ? matcher.group(2) : "";
        }

        private static void answer(HttpExchange exchange, int status, String body) throws IOException {
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().add("Content-Type", "application/json");
                exchange.sendResponseHeaders(status, bytes.length);
                exchange.getResponseBody().write(bytes);
            }
            exchange.close();
        }
    }
}
