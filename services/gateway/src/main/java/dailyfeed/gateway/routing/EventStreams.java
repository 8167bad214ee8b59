package dailyfeed.gateway.routing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.JdkHttpClientBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The event streams open through this gateway, and the HTTP clients that carry them: {@code client-threads} JDK
 * clients, each new stream on the next, whatever the number of streams. A JDK client reads its connections on one
 * selector thread and would hand every chunk read to an executor's thread, which asks the selector thread (by waking
 * it) to watch the connection again; here a client's executor runs that work at once, on the selector thread itself,
 * so an event costs a stream no hand-over and no wake-up. That is safe because nothing on the relay's path blocks:
 * the client's writes are non-blocking servlet writes. Several clients, each with its own selector thread, let the
 * streams' work use more than one core.
 */
@Component
class EventStreams implements SmartLifecycle, DisposableBean {

    private final Set<EventStreamRelay> open = ConcurrentHashMap.newKeySet();
    /** Looks for streams whose client took nothing for the stall timeout: one thread looks at all of them. */
    private final ScheduledExecutorService stalls =
            Executors.newSingleThreadScheduledExecutor(daemonThreads("gateway-stream-stalls-"));

    private final Duration stallTimeout;
    private final List<HttpClient> clients;
    private final AtomicInteger nextClient = new AtomicInteger();
    private volatile boolean running;

    EventStreams(StreamSettings settings, HttpClientSettings clientSettings, MeterRegistry meters) {
        this.stallTimeout = settings.stallTimeout();
        // a stream is dropped between one and one and a quarter stall timeouts after its client stopped taking data
        long every = Math.max(stallTimeout.toMillis() / 4, 100);
        stalls.scheduleWithFixedDelay(this::dropStalled, every, every, TimeUnit.MILLISECONDS);
        this.clients = IntStream.range(0, Math.max(1, settings.clientThreads()))
                .mapToObj(i -> new JdkHttpClientBuilder()
                        .withExecutor(Runnable::run) // on the client's selector thread: see above
                        .withCustomizer(builder -> builder.version(HttpClient.Version.HTTP_1_1))
                        .build(clientSettings))
                .toList();
        Gauge.builder("dailyfeed.gateway.stream.connections", open, Set::size)
                .description("Event streams open through the gateway")
                .register(meters);
    }

    /** The client for a new stream: each in turn, so that the streams are spread over their selector threads. */
    HttpClient client() {
        return clients.get(Math.floorMod(nextClient.getAndIncrement(), clients.size()));
    }

    /** Registers an opened stream; false once the gateway is stopping, when the stream must end at once. */
    boolean add(EventStreamRelay relay) {
        open.add(relay);
        if (!running) {
            open.remove(relay);
            return false;
        }
        return true;
    }

    void remove(EventStreamRelay relay) {
        open.remove(relay);
    }

    @Override
    public void start() {
        running = true;
    }

    private void dropStalled() {
        long stalledSince = System.nanoTime() - stallTimeout.toNanos();
        open.forEach(relay -> relay.endIfStalled(stalledSince));
    }

    /**
     * Ends every stream before the web server's graceful shutdown begins: a stream never finishes by itself, so the
     * server would otherwise wait out its whole grace period. Clients reconnect, to another gateway.
     */
    @Override
    public void stop() {
        running = false;
        open.forEach(EventStreamRelay::end);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE; // stopped first, before the web server
    }

    @Override
    public void destroy() {
        stalls.shutdownNow();
    }

    private static ThreadFactory daemonThreads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
