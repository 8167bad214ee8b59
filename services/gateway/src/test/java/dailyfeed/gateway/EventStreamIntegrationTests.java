package dailyfeed.gateway;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The live stream through the gateway while Tomcat has only a few request threads: open streams must cost none. A
 * client that takes nothing is dropped after 2 s here (15 s by default).
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"server.tomcat.threads.max=20", "dailyfeed.gateway.stream.stall-timeout=2s"})
class EventStreamIntegrationTests {

    static final String STREAM = "/api/activities/followings/stream";

    static final StubBackend member = StubBackend.start("member");
    static final StubBackend activity = StubBackend.start("activity");
    static final TestTokens tokens = TestTokens.generate("member-key");

    static {
        member.publishKeys(tokens);
    }

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        registry.add("MEMBER_SERVICE_URL", () -> member.uri().toString());
        registry.add("CONTENT_SERVICE_URL", () -> member.uri().toString());
        registry.add("ACTIVITY_SERVICE_URL", () -> activity.uri().toString());
        registry.add("DAILYFEED_ISSUER", () -> TestTokens.ISSUER);
        // the streams here are spread over two clients (the default is one): the relay must not care which
        registry.add("dailyfeed.gateway.stream.client-threads", () -> "2");
    }

    @AfterAll
    static void stopBackends() {
        Stream.of(member, activity).forEach(StubBackend::close);
    }

    @LocalServerPort
    int port;

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    /** Lets the stub's open streams end, so that no test leaves streams behind for the next. */
    final CountDownLatch endStreams = new CountDownLatch(1);

    @BeforeEach
    void resetBackends() {
        Stream.of(member, activity).forEach(StubBackend::reset);
    }

    @AfterEach
    void endOpenStreams() {
        endStreams.countDown();
    }

    @Test
    void holdsNoRequestThreadWhileStreamsAreOpen() {
        var opened = new AtomicInteger();
        activity.on(STREAM, exchange -> {
            opened.incrementAndGet();
            openEventStream(exchange, body -> {
                body.write(": connected\n\n".getBytes(UTF_8));
                body.flush();
                awaitQuietly(endStreams, 60);
            });
        });
        int streams = 200; // ten times Tomcat's request threads in this test
        var connected = new CountDownLatch(streams);
        List<CompletableFuture<?>> responses = new ArrayList<>();
        for (int i = 0; i < streams; i++) {
            responses.add(http.sendAsync(streamRequest().build(), HttpResponse.BodyHandlers.ofLines())
                    .thenAccept(response -> {
                        // the first line is the stub's ": connected": the stream is open from end to end
                        response.body().findFirst();
                        connected.countDown();
                    }));
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> connected.getCount() == 0);
        assertThat(opened).hasValue(streams);

        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
            var me = send(request("/api/members/me")
                    .header("Authorization", "Bearer " + tokens.member(7))
                    .GET());
            assertThat(me.statusCode()).isEqualTo(200);
            assertThat(me.headers().firstValue("X-Backend")).hasValue("member");
            assertThat(send(request("/actuator/health").GET()).statusCode()).isEqualTo(200);
        });
        endStreams.countDown();
        responses.forEach(response -> response.cancel(true));
    }

    @Test
    void dropsAClientThatDoesNotReadWhileOtherStreamsKeepReceiving() throws Exception {
        var stalledStreamClosed = new CountDownLatch(1);
        var liveEventsSent = new AtomicInteger();
        byte[] bigEvent = ("data: " + "x".repeat(64 * 1024) + "\n\n").getBytes(UTF_8);
        activity.on(
                STREAM,
                exchange -> openEventStream(exchange, body -> {
                    if ("reader=stalled".equals(exchange.getRequestURI().getQuery())) {
                        try {
                            // far more than every buffer between here and the client can hold; bounded, so that the
                            // test ends
                            for (int i = 0; i < 2_000; i++) {
                                body.write(bigEvent);
                                body.flush();
                            }
                        } catch (IOException closedByTheGateway) {
                            stalledStreamClosed.countDown();
                        }
                        return;
                    }
                    while (!awaitQuietly(endStreams, 0)) {
                        body.write(("data: " + liveEventsSent.incrementAndGet() + "\n\n").getBytes(UTF_8));
                        body.flush();
                        awaitQuietly(endStreams, 0, 50);
                    }
                }));
        var liveEventsReceived = new AtomicInteger();
        var live = http.sendAsync(streamRequest().build(), HttpResponse.BodyHandlers.ofLines())
                .thenAccept(response -> response.body()
                        .filter(line -> line.startsWith("data:"))
                        .forEach(line -> liveEventsReceived.incrementAndGet()));
        await().atMost(Duration.ofSeconds(10)).until(() -> liveEventsReceived.get() > 0);

        try (var stalled = new Socket()) {
            stalled.setReceiveBufferSize(4096); // before connecting, so that the window stays small
            stalled.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            stalled.getOutputStream().write(rawStreamRequest("reader=stalled").getBytes(UTF_8));
            // ... and never reads

            assertThat(awaitQuietly(stalledStreamClosed, 30))
                    .as("the gateway closed the stalled stream's service connection")
                    .isTrue();
            int receivedAtTheDrop = liveEventsReceived.get();
            // five events take a quarter of a second; the bound is for a machine shared with other builds, where
            // the 128 MB the stalled stream's service pushes can keep both cores busy for seconds
            await().atMost(Duration.ofSeconds(30)).until(() -> liveEventsReceived.get() >= receivedAtTheDrop + 5);
        }
        endStreams.countDown();
        live.cancel(true);
    }

    @Test
    void carriesABurstWholeToAClientThatReadsSlowerThanItArrives() throws Exception {
        // a backlog the service delivers at once after a pause: 8 MiB, 32 times what the gateway holds for a stream
        int events = 128;
        int eventSize = 64 * 1024;
        byte[] event = ("data: " + "y".repeat(eventSize) + "\n\n").getBytes(UTF_8);
        activity.on(
                STREAM,
                exchange -> openEventStream(exchange, body -> {
                    for (int i = 0; i < events; i++) {
                        body.write(event); // as fast as the gateway's connection takes it
                        body.flush();
                    }
                    awaitQuietly(endStreams, 60); // the stream stays open
                }));

        long received = 0;
        try (var reader = new Socket()) {
            reader.setReceiveBufferSize(4096); // before connecting, so that the window stays small
            // a stream that stops short (dropped: the response ends, the connection stays) ends the reading
            reader.setSoTimeout(5_000);
            reader.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
            reader.getOutputStream().write(rawStreamRequest("reader=slow").getBytes(UTF_8));
            InputStream in = reader.getInputStream();
            byte[] buffer = new byte[4096];
            int read;
            int headEnd = 0; // how much of the CRLF CRLF that ends the head was seen; 4: the body is being read
            try {
                while (received < (long) events * eventSize && (read = in.read(buffer)) >= 0) {
                    for (int i = 0; i < read; i++) {
                        if (headEnd < 4) {
                            headEnd =
                                    buffer[i] == "\r\n\r\n".charAt(headEnd) ? headEnd + 1 : (buffer[i] == '\r' ? 1 : 0);
                        } else if (buffer[i] == 'y') { // the events' payload; the chunks' framing is hex and CRLF
                            received++;
                        }
                    }
                    LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1)); // slower than the burst: ~4 MB/s
                }
            } catch (SocketTimeoutException nothingMoreCame) {
                // the count says how far it got
            }
        }
        assertThat(received)
                .as("payload bytes that reached the slow client before its stream ended")
                .isEqualTo((long) events * eventSize);
        endStreams.countDown();
    }

    @Test
    void passesAnAnswerOtherThanOkThroughUnchanged() throws Exception {
        String problem =
                "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,\"detail\":\"8 streams open.\"}";
        activity.on(STREAM, exchange -> {
            exchange.getResponseHeaders().set("Retry-After", "5");
            StubBackend.respond(exchange, 429, "application/problem+json", problem);
        });

        var response = send(streamRequest());

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.headers().firstValue("Retry-After")).hasValue("5");
        assertThat(response.body()).isEqualTo(problem);
    }

    @Test
    void forwardsTheClientsHeadersAndEndsWhenTheServiceEndsTheStream() throws Exception {
        activity.on(STREAM, exchange -> {
            exchange.getResponseHeaders().set("X-Accel-Buffering", "no");
            openEventStream(exchange, body -> body.write("id: 43\nevent: activity\ndata: {}\n\n".getBytes(UTF_8)));
        });
        String token = tokens.member(7);

        var response = send(request(STREAM + "?since=a%2Fb")
                .header("Authorization", "Bearer " + token)
                .header("Accept", "text/event-stream")
                .header("Last-Event-ID", "42"));

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("X-Accel-Buffering")).hasValue("no");
        assertThat(response.body()).isEqualTo("id: 43\nevent: activity\ndata: {}\n\n");
        var received = activity.takeRequest();
        assertThat(received.path()).isEqualTo(STREAM);
        assertThat(received.query()).isEqualTo("since=a/b");
        assertThat(received.header("Authorization")).isEqualTo("Bearer " + token);
        assertThat(received.header("Last-Event-ID")).isEqualTo("42");
        assertThat(received.header("Accept")).isEqualTo("text/event-stream");
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("localhost:" + port);
        assertThat(received.header("X-Forwarded-For")).isNotBlank();
    }

    @Test
    void closesTheServiceConnectionWhenTheClientGoesAway() throws Exception {
        var serviceConnectionClosed = new CountDownLatch(1);
        activity.on(
                STREAM,
                exchange -> openEventStream(exchange, body -> {
                    try {
                        body.write(": connected\n\n".getBytes(UTF_8));
                        body.flush();
                        // a keep-alive comment now and then, as activity-service sends: a write is how a peer learns it
                        // is alone
                        for (int i = 0; i < 400 && !awaitQuietly(endStreams, 0, 50); i++) {
                            body.write(": keep-alive\n\n".getBytes(UTF_8));
                            body.flush();
                        }
                    } catch (IOException closedByTheGateway) {
                        serviceConnectionClosed.countDown();
                    }
                }));

        try (var client = new Socket(InetAddress.getLoopbackAddress(), port)) {
            client.getOutputStream().write(rawStreamRequest("reader=leaving").getBytes(UTF_8));
            var in = new BufferedReader(new InputStreamReader(client.getInputStream(), UTF_8));
            assertThat(in.readLine()).startsWith("HTTP/1.1 200");
            await().atMost(Duration.ofSeconds(10)).until(() -> in.readLine().contains("connected"));
        }

        assertThat(awaitQuietly(serviceConnectionClosed, 10))
                .as("the gateway closed the service connection")
                .isTrue();
    }

    @Test
    void refusesAStreamWithoutAValidTokenBeforeTheServiceIsCalled() throws Exception {
        var response = send(request(STREAM).header("Accept", "text/event-stream"));

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        assertThat(activity.receivedNothing()).isTrue();
    }

    String rawStreamRequest(String query) {
        return "GET " + STREAM + "?" + query + " HTTP/1.1\r\nHost: localhost:" + port + "\r\nAuthorization: Bearer "
                + tokens.member(7) + "\r\nAccept: text/event-stream\r\n\r\n";
    }

    interface EventWriter {
        void write(OutputStream body) throws IOException;
    }

    static void openEventStream(HttpExchange exchange, EventWriter writer) throws IOException {
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            writer.write(body);
        }
    }

    HttpRequest.Builder streamRequest() {
        return request(STREAM)
                .header("Authorization", "Bearer " + tokens.member(7))
                .header("Accept", "text/event-stream")
                .timeout(Duration.ofSeconds(30)); // until the head arrives, while hundreds of streams open at once
    }

    HttpRequest.Builder request(String pathAndQuery) {
        return HttpRequest.newBuilder(URI.create("http://localhost:" + port + pathAndQuery))
                .timeout(Duration.ofSeconds(5));
    }

    HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    static boolean awaitQuietly(CountDownLatch latch, int seconds) {
        return awaitQuietly(latch, seconds, 0);
    }

    static boolean awaitQuietly(CountDownLatch latch, int seconds, int millis) {
        try {
            return latch.await(seconds * 1000L + millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
