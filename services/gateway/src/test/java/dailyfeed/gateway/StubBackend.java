package dailyfeed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for one service: records every request it gets and answers with what a test told it, or by
 * default with a small JSON naming itself (and the {@code X-Backend} header) so a test sees who answered.
 */
final class StubBackend implements AutoCloseable {

    /** One request as the service received it; {@code query} is decoded. */
    record Received(String method, String path, String query, Headers headers, String body) {

        String header(String name) {
            return headers.getFirst(name);
        }
    }

    private final String name;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Map<String, HttpHandler> fixed = new ConcurrentHashMap<>();
    private final Map<String, HttpHandler> perTest = new ConcurrentHashMap<>();
    private final AtomicInteger readinessProbes = new AtomicInteger();
    private volatile boolean ready = true;

    private StubBackend(String name) {
        this.name = name;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        // a long accept queue: a test may open hundreds of streams at once
        server.createContext("/", this::handle);
        // the gateway asks each service whether it is ready (its own health depends on it); not recorded as a request
        fixed.put("/actuator/health/readiness", this::answerReadiness);
        server.setExecutor(executor);
        server.start();
    }

    static StubBackend start(String name) {
        return new StubBackend(name);
    }

    URI uri() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Whether this service's readiness says UP (200) or OUT_OF_SERVICE (503); ready until told otherwise. */
    void ready(boolean ready) {
        this.ready = ready;
    }

    /** How often the gateway asked this service whether it is ready. */
    int readinessProbes() {
        return readinessProbes.get();
    }

    /** Serves {@code path} for the whole test class, without recording (e.g. the JWKS the gateway fetches). */
    void serveAlways(String path, HttpHandler handler) {
        fixed.put(path, handler);
    }

    /** Serves {@code path} until {@link #reset()}. */
    void on(String path, HttpHandler handler) {
        perTest.put(path, handler);
    }

    /** Serves {@code tokens}' public key as member-service's JWKS, for as long as the stub runs. */
    void publishKeys(TestTokens tokens) {
        serveAlways("/.well-known/jwks.json", exchange -> respond(exchange, 200, "application/json", tokens.jwks()));
    }

    /** The next request this service received; fails if none arrives soon. */
    Received takeRequest() {
        try {
            Received request = received.poll(5, TimeUnit.SECONDS);
            assertThat(request).as("a request reached " + name).isNotNull();
            return request;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    boolean receivedNothing() {
        return received.isEmpty();
    }

    void reset() {
        received.clear();
        perTest.clear();
        ready = true;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        String path = exchange.getRequestURI().getPath();
        HttpHandler always = fixed.get(path);
        if (always != null) {
            always.handle(exchange);
            return;
        }
        String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
        received.add(new Received(
                exchange.getRequestMethod(),
                path,
                exchange.getRequestURI().getQuery(),
                exchange.getRequestHeaders(),
                body));
        perTest.getOrDefault(path, this::answerWithName).handle(exchange);
    }

    private void answerReadiness(HttpExchange exchange) throws IOException {
        readinessProbes.incrementAndGet();
        boolean now = ready;
        respond(
                exchange,
                now ? 200 : 503,
                "application/json",
                "{\"status\":\"" + (now ? "UP" : "OUT_OF_SERVICE") + "\"}");
    }

    private void answerWithName(HttpExchange exchange) throws IOException {
        exchange.getResponseHeaders().set("X-Backend", name);
        respond(exchange, 200, "application/json", "{\"backend\":\"" + name + "\"}");
    }

    static void respond(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (var out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
