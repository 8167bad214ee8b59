package dailyfeed.activity.stream;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Reads a {@code text/event-stream} as a browser would, recording each event with the moment it arrived. */
final class SseClient implements AutoCloseable {

    /**
     * One dispatched event; {@code id} is the stream's last event id when it was dispatched (as a browser tracks it),
     * {@code receivedNanos} is {@link System#nanoTime()} when its blank line arrived.
     */
    record Received(String name, String id, String data, long receivedNanos) {

        /** The {@code eventId} in an {@code activity} event's data. */
        java.util.UUID eventId() {
            int start = data.indexOf("\"eventId\":\"") + 11;
            return java.util.UUID.fromString(data.substring(start, data.indexOf('"', start)));
        }
    }

    private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    /** {@link System#nanoTime()} at each keep-alive comment. */
    private final List<Long> keepAlives = new CopyOnWriteArrayList<>();

    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile Stream<String> lines;
    private volatile int status;
    private volatile String contentType;

    private SseClient() {}

    /** Connects and waits until the server's first comment arrived: from then on, nothing new is missed. */
    static SseClient open(int port, String bearer) throws InterruptedException {
        return open(port, bearer, null);
    }

    /** The same, resuming after the event with id {@code lastEventId} (sent as {@code Last-Event-ID}). */
    static SseClient open(int port, String bearer, String lastEventId) throws InterruptedException {
        SseClient client = new SseClient();
        HttpRequest.Builder request = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/api/activities/followings/stream"))
                .header("Authorization", bearer)
                .header("Accept", "text/event-stream");
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        return client.start(request.build());
    }

    private SseClient start(HttpRequest request) throws InterruptedException {
        SseClient client = this;
        Thread reader = new Thread(() -> client.read(request), "sse-client");
        reader.setDaemon(true);
        reader.start();
        if (!client.opened.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("the stream did not open: status " + client.status);
        }
        return client;
    }

    private void read(HttpRequest request) {
        try {
            HttpResponse<Stream<String>> response = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build()
                    .send(request, HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            contentType = response.headers().firstValue("Content-Type").orElse("");
            lines = response.body();
            String name = null;
            String lastId = null;
            StringBuilder data = null;
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Received(
                                name == null ? "message" : name, lastId, data.toString(), System.nanoTime()));
                    }
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1));
                    if (line.equals(":keep-alive")) {
                        keepAlives.add(System.nanoTime());
                    }
                    opened.countDown();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("id:")) {
                    lastId = line.substring(3).strip();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n'))
                            .append(line.substring(5).stripLeading());
                }
            }
        } catch (Exception e) {
            // closed by the test, or the server ended the stream
        }
    }

    /** The next event, waiting up to {@code timeout}; {@code null} if none came. */
    Received next(Duration timeout) throws InterruptedException {
        return events.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Every event that arrives within {@code quiet} of the one before; stops at the first gap. */
    List<Received> drain(Duration quiet) throws InterruptedException {
        List<Received> received = new java.util.ArrayList<>();
        for (Received next = next(quiet); next != null; next = next(quiet)) {
            received.add(next);
        }
        return received;
    }

    List<Received> pending() {
        return List.copyOf(events);
    }

    List<String> comments() {
        return List.copyOf(comments);
    }

    /** When each keep-alive comment arrived ({@link System#nanoTime()}), in order. */
    List<Long> keepAliveTimes() {
        return List.copyOf(keepAlives);
    }

    String contentType() {
        return contentType;
    }

    @Override
    public void close() {
        Stream<String> open = lines;
        if (open != null) {
            open.close();
        }
    }
}
