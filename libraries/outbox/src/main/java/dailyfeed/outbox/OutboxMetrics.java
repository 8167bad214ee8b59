package dailyfeed.outbox;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Micrometer view of the outbox: sends by route and outcome, and dead letters (count and oldest age).
 * The gauges read a snapshot the relay refreshes, so a scrape never queries the database.
 */
class OutboxMetrics {

    private final MeterRegistry registry;
    private final AtomicReference<DeadLetterStats> latest =
            new AtomicReference<>(new DeadLetterStats(0, 0, null, null, null));

    OutboxMetrics(MeterRegistry registry, Clock clock) {
        this.registry = registry;
        Gauge.builder(
                        "dailyfeed.outbox.dead.letters",
                        latest,
                        stats -> stats.get().deadLetters())
                .description("Events not published right after commit, waiting for the relay")
                .register(registry);
        Gauge.builder("dailyfeed.outbox.pending", latest, stats -> stats.get().pending())
                .description("Events recorded but not yet acknowledged by Kafka")
                .register(registry);
        Gauge.builder(
                        "dailyfeed.outbox.dead.letters.oldest.age",
                        latest,
                        stats -> stats.get().oldestAge(clock.instant()).toMillis() / 1000.0)
                .baseUnit("seconds")
                .description("Age of the oldest dead letter")
                .register(registry);
    }

    void refresh(DeadLetterStats stats) {
        latest.set(stats);
    }

    void sent(String route) {
        counter("success", route).increment();
    }

    void failed(String route) {
        counter("failure", route).increment();
    }

    /** An after-commit send left to the relay because an earlier event of its key was not yet published. */
    void deferred() {
        counter("deferred", "after-commit").increment();
    }

    private Counter counter(String outcome, String route) {
        return Counter.builder("dailyfeed.outbox.sends")
                .description("Sends of outbox events to Kafka")
                .tag("route", route)
                .tag("outcome", outcome)
                .register(registry);
    }
}
