package dailyfeed.harness;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dailyfeed.harness.EventStreamClient.Event;
import dailyfeed.harness.EventStreamClient.Subscription;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The SSE client against a real HTTP server (the JDK's) that plays the stream endpoint from a script. */
class EventStreamClientTests {

    private static final String PATH = "/api/activities/followings/stream";

    /** What the server answers to its first, second, ... request; later requests get ": connected" and stay open. */
    private final List<String> script = new CopyOnWriteArrayList<>();

    private final List<Optional<String>> lastEventIds = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final CountDownLatch stopping = new CountDownLatch(1);
    private HttpServer server;
    private EventStreamClient client;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        server.setExecutor(Executors.newCachedThreadPool());
        server.createContext(PATH, this::serve);
        server.start();
        client = new EventStreamClient(2, Duration.ofMillis(100));
    }

    @AfterEach
    void stop() {
        client.close();
        stopping.countDown();
        server.stop(0);
    }

    private void serve(HttpExchange exchange) throws IOException {
        int request = lastEventIds.size();
        lastEventIds.add(Optional.ofNullable(exchange.getRequestHeaders().getFirst("Last-Event-ID")));
        authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream");
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream body = exchange.getResponseBody()) {
            body.write(": connected\n\n".getBytes(StandardCharsets.UTF_8));
            body.flush();
            if (request < script.size()) {
                body.write(script.get(request).getBytes(StandardCharsets.UTF_8));
                body.flush();
                return; // the server ends this stream
            }
            stopping.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private URI server() {
        return URI.create("http://localhost:" + server.getAddress().getPort());
    }

    @Test
    void resumesWithTheLastEventIdAfterTheServerEndsTheStream() {
        script.add("event: activity\nid: 1\ndata: {\"n\":1}\n\n"
                + "event: withdrawn\ndata: {\"activityIds\":[1]}\n\n" // no id: the last id stays 1
                + "event: activity\r\nid: 2\r\ndata: two\r\ndata: lines\r\n\r\n");
        script.add("event: activity\nid: 3\ndata: {\"n\":3}\n\n");

        Subscription subscription = client.subscribe(List.of(server()), PATH, "token");

        await().atMost(Duration.ofSeconds(10)).until(() -> subscription.events().size() == 4);
        assertThat(subscription.events())
                .containsExactly(
                        new Event("activity", "1", "{\"n\":1}", 1),
                        new Event("withdrawn", null, "{\"activityIds\":[1]}", 1),
                        new Event("activity", "2", "two\nlines", 1),
                        new Event("activity", "3", "{\"n\":3}", 2));
        assertThat(lastEventIds).startsWith(Optional.empty(), Optional.of("2"));
        assertThat(authorizations).first().isEqualTo("Bearer token");
        assertThat(subscription.lastEventId()).isEqualTo("3");
        await().atMost(Duration.ofSeconds(10)).until(subscription::isConnected);
        assertThat(subscription.connections()).isEqualTo(3); // the third stays open
    }

    @Test
    void tellsAListenerOfEachEventWithWhenItArrived() {
        script.add("event: activity\nid: 1\ndata: one\n\nevent: activity\nid: 2\ndata: two\n\n");
        script.add("event: activity\nid: 3\ndata: three\n\n");
        List<Event> heard = new CopyOnWriteArrayList<>();
        List<Long> arrivals = new CopyOnWriteArrayList<>();
        long before = System.nanoTime();

        Subscription subscription = client.subscribe(List.of(server()), PATH, "token", (event, arrivalNanos) -> {
            heard.add(event);
            arrivals.add(arrivalNanos);
        });

        await().atMost(Duration.ofSeconds(10)).until(() -> heard.size() == 3);
        long after = System.nanoTime();
        assertThat(heard).isEqualTo(subscription.events());
        assertThat(arrivals)
                .isSorted()
                .allSatisfy(arrival -> assertThat(arrival).isBetween(before, after));
        // the third came on the second connection, at least the retry delay of 100 ms after the first one ended
        assertThat(arrivals.get(2) - arrivals.get(1))
                .isGreaterThanOrEqualTo(Duration.ofMillis(100).toNanos());
        // the second connection ends too, and may have by now
        assertThat(subscription.interruptions()).first().asString().endsWith(" #1: ended by the server");
    }

    @Test
    void dropsAnEventItsConnectionCutShortAndResumesBeforeIt() {
        script.add("event: activity\nid: 1\ndata: one\n\nevent: activity\nid: 2\ndata: {\"n\":"); // ends mid-line
        script.add("event: activity\nid: 2\ndata: two\n\n");

        Subscription subscription = client.subscribe(List.of(server()), PATH, "token");

        await().atMost(Duration.ofSeconds(10)).until(() -> subscription.events().size() == 2);
        assertThat(subscription.events())
                .containsExactly(new Event("activity", "1", "one", 1), new Event("activity", "2", "two", 2));
        assertThat(lastEventIds).startsWith(Optional.empty(), Optional.of("1"));
        assertThat(subscription.cutShort()).isEqualTo(1);
    }

    @Test
    void waitsTheStreamsRetryWhenToldToObeyIt() {
        script.add("retry: 50\nevent: activity\nid: 1\ndata: one\n\n");

        try (EventStreamClient obeying = EventStreamClient.obeyingRetry(2, Duration.ofMinutes(1))) {
            obeying.subscribe(List.of(server()), PATH, "token");

            // a minute when the retry: is ignored
            await().atMost(Duration.ofSeconds(10)).until(() -> lastEventIds.size() == 2);
        }
        assertThat(lastEventIds).containsExactly(Optional.empty(), Optional.of("1"));
    }

    @Test
    void ignoresTheStreamsRetryUnlessToldToObeyIt() {
        script.add("retry: 60000\nevent: activity\nid: 1\ndata: one\n\n");

        client.subscribe(List.of(server()), PATH, "token");

        // the client's own 100 ms, not the stream's minute
        await().atMost(Duration.ofSeconds(10)).until(() -> lastEventIds.size() == 2);
    }

    @Test
    void triesTheNextAddressWhenNobodyAnswersAtTheCurrentOne() {
        URI nobody = URI.create("http://localhost:" + new FreePorts().free());

        Subscription subscription = client.subscribe(List.of(nobody, server()), PATH, "token");

        await().atMost(Duration.ofSeconds(10)).until(subscription::isConnected);
        assertThat(subscription.base()).isEqualTo(server());
        assertThat(subscription.connections()).isEqualTo(1);
        assertThat(subscription.interruptions())
                .singleElement()
                .asString()
                .startsWith(nobody + " #1: ")
                .contains("ConnectException");
    }

    @Test
    void aClosedSubscriptionDoesNotReconnect() {
        Subscription subscription = client.subscribe(List.of(server()), PATH, "token");
        await().atMost(Duration.ofSeconds(10)).until(subscription::isConnected);

        subscription.close();

        await().atMost(Duration.ofSeconds(10)).until(() -> !subscription.isConnected());
        // a reconnection would be a second request within the retry delay of 100 ms; give it ten times that
        await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(2)).until(() -> lastEventIds.size() == 1);
    }
}
