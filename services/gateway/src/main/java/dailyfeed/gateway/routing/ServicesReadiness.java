package dailyfeed.gateway.routing;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.SmartLifecycle;

/**
 * The gateway can serve only when every service it routes to can: each must have at least one instance whose
 * {@code GET /actuator/health/readiness} answers 200 within the timeout. Without this, the gateway said UP while the
 * services were still starting, and a client that waited for UP got 503 for its sign-up.
 * <p>
 * All instances are asked at once, and the answer is kept for a short while, so that a flood of health checks (load
 * balancers, orchestrators, scripts polling) costs each instance at most one probe per interval and a hung instance
 * holds a health check no longer than the timeout. Each probe's finding also steers the balancing ({@link
 * ServiceInstances#readiness}), and for that the instances are asked every {@code probeEvery} even when nobody checks
 * the gateway's health.
 */
final class ServicesReadiness implements HealthIndicator, SmartLifecycle {

    static final String READINESS_PATH = "/actuator/health/readiness";

    private final List<ServiceInstances> services;
    private final ReadinessSettings settings;
    private final LongSupplier nanoClock;
    private final HttpClient http;
    private volatile Answer last;
    private ScheduledExecutorService prober;

    ServicesReadiness(List<ServiceInstances> services, ReadinessSettings settings, LongSupplier nanoClock) {
        this.services = List.copyOf(services);
        this.settings = settings;
        this.nanoClock = nanoClock;
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.timeout())
                .build();
    }

    private record Answer(Health health, long askedAt) {}

    @Override
    public synchronized void start() {
        prober = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "services-readiness");
            thread.setDaemon(true);
            return thread;
        });
        long every = settings.probeEvery().toMillis();
        prober.scheduleWithFixedDelay(this::probeQuietly, 0, every, TimeUnit.MILLISECONDS);
    }

    @Override
    public synchronized void stop() {
        if (prober != null) {
            prober.shutdownNow();
            prober = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return prober != null;
    }

    private void probeQuietly() {
        try {
            Answer answer = new Answer(ask(), nanoClock.getAsLong());
            synchronized (this) {
                last = answer;
            }
        } catch (RuntimeException e) {
            // the next round tries again; a failed round changes nothing
        }
    }

    @Override
    public Health health() {
        Answer answer = last;
        if (isFresh(answer)) {
            return answer.health();
        }
        synchronized (this) { // concurrent checks share one round of probes
            answer = last;
            if (!isFresh(answer)) {
                answer = new Answer(ask(), nanoClock.getAsLong());
                last = answer;
            }
            return answer.health();
        }
    }

    private boolean isFresh(Answer answer) {
        return answer != null
                && nanoClock.getAsLong() - answer.askedAt()
                        < settings.cacheFor().toNanos();
    }

    private Health ask() {
        // every instance of every service is asked at once; the answers are read afterwards
        Map<ServiceInstances, List<CompletableFuture<Boolean>>> probes = new LinkedHashMap<>();
        for (ServiceInstances service : services) {
            probes.put(service, service.all().stream().map(this::isReady).toList());
        }
        Health.Builder health = Health.up();
        probes.forEach((service, answers) -> {
            int ready = 0;
            for (int i = 0; i < answers.size(); i++) {
                boolean isReady = answers.get(i).join();
                service.readiness(service.all().get(i), isReady);
                ready += isReady ? 1 : 0;
            }
            if (ready == 0) {
                health.down();
            }
            health.withDetail(service.service(), ready + " of " + answers.size() + " instances ready");
        });
        return health.build();
    }

    /** Completes with whether {@code instance} says it is ready, false on any failure or after the timeout. */
    private CompletableFuture<Boolean> isReady(URI instance) {
        HttpRequest request = HttpRequest.newBuilder(instance.resolve(READINESS_PATH))
                .timeout(settings.timeout())
                .GET()
                .build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                .thenApply(response -> response.statusCode() == 200)
                .completeOnTimeout(false, settings.timeout().toMillis(), TimeUnit.MILLISECONDS)
                .exceptionally(failure -> false);
    }
}
