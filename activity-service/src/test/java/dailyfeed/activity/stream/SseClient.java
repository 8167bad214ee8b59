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

    /** One dispatched event; {@code receivedNanos} is {@link System#nanoTime()} when its blank line arrived. */
    record Received(String name, String data, long receivedNanos) {
    }

    private final BlockingQueue<Received> events = new LinkedBlockingQueue<>();
    private final List<String> comments = new CopyOnWriteArrayList<>();
    private final CountDownLatch opened = new CountDownLatch(1);
    private volatile Stream<String> lines;
    private volatile int status;
    private volatile String contentType;

    private SseClient() {
    }

    /** Connects and waits until the server's first comment arrived: from then on, nothing new is missed. */
    static SseClient open(int port, String bearer) throws InterruptedException {
        SseClient client = new SseClient();
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/activities/followings/stream"))
                .header("Authorization", bearer)
                .header("Accept", "text/event-stream")
                .build();
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
            HttpResponse<Stream<String>> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5)).build()
                    .send(request, HttpResponse.BodyHandlers.ofLines());
            status = response.statusCode();
            contentType = response.headers().firstValue("Content-Type").orElse("");
            lines = response.body();
            String name = null;
            StringBuilder data = null;
            for (String line : (Iterable<String>) lines::iterator) {
                if (line.isEmpty()) {
                    if (data != null) {
                        events.add(new Received(name == null ? "message" : name, data.toString(), System.nanoTime()));
                    }
                    name = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    comments.add(line.substring(1));
                    opened.countDown();
                } else if (line.startsWith("event:")) {
                    name = line.substring(6).strip();
                } else if (line.startsWith("data:")) {
                    data = (data == null ? new StringBuilder() : data.append('\n')).append(line.substring(5).stripLeading());
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

    List<Received> pending() {
        return List.copyOf(events);
    }

    List<String> comments() {
        return List.copyOf(comments);
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
