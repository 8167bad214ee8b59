package dailyfeed.gateway.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/** A service's instances answering their readiness as told: ready, not ready, or not at all (hung). */
class ServicesReadinessTests {

    static final int READY = 200;
    static final int NOT_READY = 503;
    static final int HUNG = 0;
    /** For tests about what a probe finds, not about its timeout: a loaded machine's answer still counts. */
    static final ReadinessSettings PATIENT =
            new ReadinessSettings(Duration.ofSeconds(10), Duration.ofSeconds(1), Duration.ofSeconds(2));

    static final ReadinessSettings SETTINGS =
            new ReadinessSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(2));

    final AtomicLong now = new AtomicLong();
    final AtomicInteger probes = new AtomicInteger();
    final CountDownLatch hungUntil = new CountDownLatch(1);
    final List<HttpServer> servers = new ArrayList<>();

    @AfterEach
    void stop() {
        hungUntil.countDown();
        servers.forEach(server -> server.stop(0));
    }

    @Test
    void oneReadyInstanceIsEnoughAndEveryServiceNeedsOne() {
        Health oneOfTwo = readiness(List.of(READY, NOT_READY)).health();
        assertThat(oneOfTwo.getStatus()).isEqualTo(Status.UP);
        assertThat(oneOfTwo.getDetails()).containsEntry("content-service", "1 of 2 instances ready");

        Health none = readiness(List.of(NOT_READY)).health();
        assertThat(none.getStatus()).isEqualTo(Status.DOWN);
    }

    @Test
    void theBalancingTriesAnInstanceThatIsNotReadyLast() {
        URI ready = instance(READY);
        URI notReady = instance(NOT_READY);
        var content = new ServiceInstances("content-service", List.of(notReady, ready), now::get);
        assertThat(content.inTurn()).containsExactly(notReady, ready);

        new ServicesReadiness(List.of(content), PATIENT, now::get).health();

        assertThat(content.inTurn()).containsExactly(ready, notReady);
        assertThat(content.inTurn()).containsExactly(ready, notReady);
    }

    @Test
    void probesEveryInstanceOnItsOwnWithoutAHealthCheck() {
        URI hung = instance(HUNG);
        URI ready = instance(READY);
        var content = new ServiceInstances("content-service", List.of(hung, ready), now::get);
        // a timeout long enough for a loaded machine to answer for the ready one, short enough for the hung one
        var settings = new ReadinessSettings(Duration.ofSeconds(3), Duration.ofSeconds(1), Duration.ofMillis(500));
        var readiness = new ServicesReadiness(List.of(content), settings, System::nanoTime);

        readiness.start();
        try {
            // in turn, two requests in a row start at each instance once; once the hung one is known, both start at
            // the ready one
            Awaitility.await()
                    .atMost(Duration.ofSeconds(30))
                    .until(
                            () -> List.of(
                                    content.inTurn().get(0), content.inTurn().get(0)),
                            List.of(ready, ready)::equals);
        } finally {
            readiness.stop();
        }
        assertThat(readiness.isRunning()).isFalse();
    }

    @Test
    void aHungInstanceCountsAsNotReadyAfterTheTimeout() {
        long started = System.nanoTime();

        Health health = readiness(List.of(HUNG)).health();

        assertThat(health.getStatus()).isEqualTo(Status.DOWN);
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void keepsAnAnswerForTheCachePeriod() {
        ServicesReadiness readiness = readiness(List.of(READY));

        readiness.health();
        readiness.health();
        now.addAndGet(SETTINGS.cacheFor().toNanos() - 1);
        readiness.health();
        assertThat(probes).hasValue(1);

        now.addAndGet(1);
        readiness.health();
        assertThat(probes).hasValue(2);
    }

    /** content-service with one instance per answer. */
    private ServicesReadiness readiness(List<Integer> answers) {
        List<URI> instances = answers.stream().map(this::instance).toList();
        return new ServicesReadiness(
                List.of(new ServiceInstances("content-service", instances, now::get)), SETTINGS, now::get);
    }

    /** An instance whose readiness answers {@code status}, or never ({@link #HUNG}). */
    private URI instance(int status) {
        try {
            HttpServer http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
            http.createContext(ServicesReadiness.READINESS_PATH, exchange -> {
                probes.incrementAndGet();
                if (status == HUNG) {
                    await(hungUntil);
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            http.setExecutor(Executors.newCachedThreadPool());
            http.start();
            servers.add(http);
            return URI.create("http://127.0.0.1:" + http.getAddress().getPort());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
