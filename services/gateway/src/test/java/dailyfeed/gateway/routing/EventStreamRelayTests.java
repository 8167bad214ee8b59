package dailyfeed.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.http.HttpHeaders;
import org.springframework.util.unit.DataSize;

/**
 * The relay's side of the client's response. The container recycles a completed response for the next request, on
 * any connection: what the relay writes after the completion lands in another client's stream (seen as a live stream
 * through the gateway that broke right after its head, when the stream before it on the same recycled response was
 * dropped while an event was being written to it).
 */
class EventStreamRelayTests {

    private final EventStreams streams = new EventStreams(
            new StreamSettings(DataSize.ofKilobytes(256), Duration.ofHours(1), 1, Duration.ofSeconds(15)),
            HttpClientSettings.defaults(),
            new SimpleMeterRegistry());

    /** What happened to the response, in order. */
    private final Queue<String> happened = new ConcurrentLinkedQueue<>();

    private final GatedOutput output = new GatedOutput(happened);

    @AfterEach
    void stop() {
        output.open.countDown();
        streams.destroy();
    }

    @Test
    void completesTheResponseOnlyAfterTheWriteUnderWayAndWritesNothingAfterIt() throws Exception {
        AsyncContext async = asyncContext();
        var relay = new EventStreamRelay(async, DataSize.ofKilobytes(256).toBytes(), streams);
        relay.listen();
        relay.answered(new EventStreamRelay.Head(200, new HttpHeaders()));
        relay.onSubscribe(new NoDemand());
        relay.onWritePossible(); // the head goes out
        output.gate(); // the next write waits until the test opens the gate

        // the service's events, relayed on the JDK client's thread: the first write stays under way
        var service = new Thread(() -> {
            relay.onNext(List.of(event("data: 1\n\n")));
            relay.onNext(List.of(event("data: 2\n\n")));
        });
        service.start();
        assertThat(output.writing.await(10, TimeUnit.SECONDS)).isTrue();

        // meanwhile the container reports the client's connection failed, on its own thread
        var container = new Thread(() -> relay.onError(new AsyncEvent(async, new IOException("Broken pipe"))));
        container.start();
        // it completes at once, or waits for the write under way
        await().atMost(Duration.ofSeconds(10))
                .until(() -> container.getState() == Thread.State.TERMINATED
                        || container.getState() == Thread.State.WAITING);
        output.open.countDown();
        service.join(10_000);
        container.join(10_000);

        List<String> inOrder = List.copyOf(happened);
        assertThat(inOrder).containsSubsequence("write data: 1", "wrote", "complete");
        assertThat(inOrder.subList(inOrder.indexOf("complete"), inOrder.size()))
                .as("what was done to the response from its completion on")
                .containsExactly("complete");
    }

    private AsyncContext asyncContext() throws IOException {
        var response = mock(HttpServletResponse.class);
        when(response.getOutputStream()).thenReturn(output);
        var async = mock(AsyncContext.class);
        when(async.getResponse()).thenReturn(response);
        doAnswer(invocation -> happened.add("complete")).when(async).complete();
        return async;
    }

    private static ByteBuffer event(String text) {
        return ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8));
    }

    /** Always ready; once gated, its first write waits for {@link #open}. */
    private static final class GatedOutput extends ServletOutputStream {

        final CountDownLatch writing = new CountDownLatch(1);
        final CountDownLatch open = new CountDownLatch(1);
        private final Queue<String> happened;
        private volatile boolean gated;

        GatedOutput(Queue<String> happened) {
            this.happened = happened;
        }

        void gate() {
            gated = true;
        }

        @Override
        public void write(byte[] bytes, int offset, int length) throws IOException {
            happened.add("write " + new String(bytes, offset, length, StandardCharsets.UTF_8).strip());
            if (gated) {
                gated = false;
                writing.countDown();
                try {
                    open.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            happened.add("wrote");
        }

        @Override
        public void write(int b) {
            throw new UnsupportedOperationException("the relay writes whole chunks");
        }

        @Override
        public void flush() {
            happened.add("flush");
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setWriteListener(WriteListener listener) {}
    }

    /** The service's side: the test hands the relay its chunks itself. */
    private static final class NoDemand implements Flow.Subscription {

        @Override
        public void request(long n) {}

        @Override
        public void cancel() {}
    }
}
