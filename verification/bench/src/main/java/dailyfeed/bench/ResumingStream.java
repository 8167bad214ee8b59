package dailyfeed.bench;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A member's live stream read through the gateway as a browser's {@code EventSource} reads it: when the system ends
 * the stream, it waits the {@code retry:} the stream asked for and opens it again with {@code Last-Event-ID}, so the
 * service replays what was missed. Each {@code data:} line goes to the consumer with the time it was read.
 */
final class ResumingStream implements AutoCloseable {

    /** What a browser waits before reconnecting when the stream never said. */
    private static final long DEFAULT_RETRY_MILLIS = 3_000;

    private final GatewayClient gateway;
    private final Member reader;
    private final Consumer<TimedLine> data;
    private final AtomicLong ends = new AtomicLong();
    private final Thread thread;

    private volatile boolean closing;
    private volatile HttpResponse<Stream<String>> current;
    private String lastEventId;
    private long retryMillis = DEFAULT_RETRY_MILLIS;

    /** A {@code data:} line's payload and when it was read ({@link System#nanoTime}). */
    record TimedLine(String payload, long nanos) {}

    private ResumingStream(GatewayClient gateway, Member reader, Consumer<TimedLine> data) {
        this.gateway = gateway;
        this.reader = reader;
        this.data = data;
        this.thread = new Thread(this::run, "sse-reader");
        this.thread.setDaemon(true);
    }

    /** Opens the stream (it must answer 200) and reads it on a thread of its own until {@link #close()}. */
    static ResumingStream open(GatewayClient gateway, Member reader, Consumer<TimedLine> data)
            throws IOException, InterruptedException {
        ResumingStream stream = new ResumingStream(gateway, reader, data);
        stream.current = stream.connect();
        stream.thread.start();
        return stream;
    }

    /** How often the system ended the stream and it was opened again. */
    long ends() {
        return ends.get();
    }

    private HttpResponse<Stream<String>> connect() throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.uri("/api/activities/followings/stream"))
                .header("Accept", "text/event-stream")
                .header("Authorization", "Bearer " + reader.token())
                .GET();
        if (lastEventId != null) {
            request.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<Stream<String>> response = gateway.exchange(request.build(), HttpResponse.BodyHandlers.ofLines());
        if (response.statusCode() != 200) {
            response.body().close();
            throw new IllegalStateException("the stream answered " + response.statusCode());
        }
        return response;
    }

    private void run() {
        while (!closing) {
            try {
                current.body().forEach(this::line);
            } catch (RuntimeException e) {
                // the connection ended mid-line: the same as an end, below
            }
            if (closing) {
                return;
            }
            ends.incrementAndGet();
            try {
                TimeUnit.MILLISECONDS.sleep(retryMillis); // the browser's reconnection delay, not a synchronization
                current = connect();
            } catch (InterruptedException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (closing) {
                    return;
                }
                throw new IllegalStateException("the stream could not be opened again", e);
            }
        }
    }

    private void line(String line) {
        if (line.startsWith("data:")) {
            data.accept(new TimedLine(line.substring(5), System.nanoTime()));
        } else if (line.startsWith("id:")) {
            lastEventId = line.substring(3).strip();
        } else if (line.startsWith("retry:")) {
            retryMillis = Long.parseLong(line.substring(6).strip());
        }
    }

    @Override
    public void close() {
        closing = true;
        thread.interrupt();
        HttpResponse<Stream<String>> response = current;
        if (response != null) {
            response.body().close();
        }
    }
}
