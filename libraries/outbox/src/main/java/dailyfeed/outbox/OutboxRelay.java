package dailyfeed.outbox;

import java.util.List;
import java.util.concurrent.ScheduledFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.scheduling.concurrent.ThreadPoolTaskScheduler;

/**
 * Publishes what the after-commit send did not: rows whose send failed, rows of a process that died before
 * sending, rows redriven by an operator. Runs on every instance; {@code SKIP LOCKED} claims with a lease keep
 * instances from sending the same row at once, so a duplicate needs a send slower than the lease or a crash
 * between the broker's ack and the row's delete — both absorbed by consumers deduplicating on {@code eventId}.
 */
class OutboxRelay implements SmartLifecycle, DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);

    private final OutboxRows rows;
    private final OutboxPublisher publisher;
    private final OutboxProperties properties;
    private final OutboxMetrics metrics;
    private final boolean scheduled;
    private final ThreadPoolTaskScheduler scheduler;
    private volatile List<ScheduledFuture<?>> tasks = List.of();

    /**
     * @param scheduled {@code true} in every deployment; {@code false} only in tests that run the relay themselves
     *                  (through {@link #relayDue} or an operator's redrive), so that it never races them
     */
    OutboxRelay(
            OutboxRows rows,
            OutboxPublisher publisher,
            OutboxProperties properties,
            OutboxMetrics metrics,
            boolean scheduled) {
        this.scheduled = scheduled;
        this.rows = rows;
        this.publisher = publisher;
        this.properties = properties;
        this.metrics = metrics;
        this.scheduler = new ThreadPoolTaskScheduler();
        scheduler.setThreadNamePrefix("outbox-relay-");
        scheduler.setPoolSize(1);
        scheduler.initialize();
    }

    /** Publishes every due row now, batch by batch; returns how many were published. Safe to call concurrently. */
    synchronized int relayDue() {
        int total = 0;
        while (true) {
            List<OutboxRecord> claimed = rows.claimDue(properties.batchSize(), properties.lease());
            if (claimed.isEmpty()) {
                return total;
            }
            int published = publisher.publishClaimed(claimed);
            total += published;
            if (published < claimed.size()) {
                return total; // the broker is failing: back off instead of spinning through the backlog
            }
        }
    }

    /** Makes every unpublished row due and relays them now. Returns how many rows were redriven. */
    int redrive() {
        int redriven = rows.redriveAll();
        relayDue();
        return redriven;
    }

    DeadLetterStats stats() {
        DeadLetterStats stats = rows.deadLetterStats(properties.grace());
        metrics.refresh(stats);
        return stats;
    }

    private void relayQuietly() {
        try {
            int published = relayDue();
            if (published > 0) {
                log.info("Relay published {} outbox events", published);
            }
            stats();
        } catch (RuntimeException e) {
            log.warn("Outbox relay run failed, retrying in {}: {}", properties.relayInterval(), e.toString());
        }
    }

    @Override
    public boolean isAutoStartup() {
        return scheduled;
    }

    @Override
    public void start() {
        tasks = List.of(scheduler.scheduleWithFixedDelay(this::relayQuietly, properties.relayInterval()));
    }

    /** Cancels the runs but keeps the scheduler: a stopped context (a paused test context, a refresh) starts again. */
    @Override
    public void stop() {
        tasks.forEach(task -> task.cancel(false));
        tasks = List.of();
    }

    /** The scheduler's thread ends with the bean, not with {@link #stop()}. */
    @Override
    public void destroy() {
        stop();
        scheduler.shutdown();
    }

    @Override
    public boolean isRunning() {
        return !tasks.isEmpty();
    }
}
