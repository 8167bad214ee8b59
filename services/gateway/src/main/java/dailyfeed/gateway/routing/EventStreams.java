package dailyfeed.gateway.routing;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.boot.http.client.JdkHttpClientBuilder;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * The event streams open through this gateway, and the HTTP client that carries them. The client runs on a few
 * threads of its own, whatever the number of streams: the JDK client reads every connection from one selector
 * thread and hands the data to these threads, and nothing run on them blocks.
 */
@Component
class EventStreams implements SmartLifecycle, DisposableBean {

    private final Set<EventStreamRelay> open = ConcurrentHashMap.newKeySet();
    private final ExecutorService executor;
    /** Looks for streams whose client took nothing for the stall timeout: one thread looks at all of them. */
    private final ScheduledExecutorService stalls =
            Executors.newSingleThreadScheduledExecutor(daemonThreads("gateway-stream-stalls-"));

    private final Duration stallTimeout;
    private final HttpClient client;
    private volatile boolean running;

    EventStreams(StreamSettings settings, HttpClientSettings clientSettings, MeterRegistry meters) {
        this.executor = Executors.newFixedThreadPool(settings.clientThreads(), daemonThreads("gateway-stream-"));
        this.stallTimeout = settings.stallTimeout();
        // a stream is dropped between one and one and a quarter stall timeouts after its client stopped taking data
        long every = Math.max(stallTimeout.toMillis() / 4, 100);
        stalls.scheduleWithFixedDelay(this::dropStalled, every, every, TimeUnit.MILLISECONDS);
        this.client = new JdkHttpClientBuilder()
                .withExecutor(executor)
                .withCustomizer(builder -> builder.version(HttpClient.Version.HTTP_1_1))
                .build(clientSettings);
        Gauge.builder("dailyfeed.gateway.stream.connections", open, Set::size)
                .description("Event streams open through the gateway")
                .register(meters);
    }

    HttpClient client() {
        return client;
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
        executor.shutdownNow();
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
