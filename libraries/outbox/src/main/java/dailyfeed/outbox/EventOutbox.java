package dailyfeed.outbox;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Records activity events in the caller's transaction and publishes them after it commits.
 *
 * <p>Contract: call {@link #record} inside the transaction that makes the change. If the transaction rolls back,
 * the event is never published; if it commits, the event is published at least once, even if Kafka is down or the
 * process dies (the relay publishes what is left, also after a restart). Consumers deduplicate by {@code eventId}.
 */
public class EventOutbox {

    private final OutboxRows rows;
    private final OutboxPublisher publisher;
    private final OutboxProperties properties;
    private final OutboxTracing tracing;
    private final boolean sendsAfterCommit;

    /**
     * @param sendsAfterCommit {@code true} in every deployment; {@code false} only in tests that leave every event
     *                         to the relay, as if the process had died right after its commit
     */
    EventOutbox(
            OutboxRows rows,
            OutboxPublisher publisher,
            OutboxProperties properties,
            OutboxTracing tracing,
            boolean sendsAfterCommit) {
        this.rows = rows;
        this.publisher = publisher;
        this.properties = properties;
        this.tracing = tracing;
        this.sendsAfterCommit = sendsAfterCommit;
    }

    /**
     * Writes the event to the outbox as part of the current transaction, with the context of the current span, so
     * that its Kafka record continues this trace whenever it is sent.
     *
     * @throws IllegalStateException if there is no transaction: the event would not be atomic with its change
     * @throws EventNotRecorded if the row cannot be written; the caller's transaction must roll back
     */
    public void record(ActivityEvent event) {
        if (!TransactionSynchronizationManager.isActualTransactionActive()) {
            throw new IllegalStateException("an event must be recorded in the transaction of its change");
        }
        String payload = ActivityEventJson.write(event);
        String traceParent = tracing.currentTraceParent();
        OutboxRows.Inserted inserted;
        try {
            inserted = rows.insert(
                    event.eventId(),
                    properties.topic(),
                    event.recordKey(),
                    payload,
                    traceParent,
                    properties.grace(),
                    publisher.publishedUpTo(event.recordKey()));
        } catch (DataAccessException e) {
            throw new EventNotRecorded(e);
        }
        if (sendsAfterCommit) {
            var record = new OutboxRecord(
                    inserted.id(), event.eventId(), properties.topic(), event.recordKey(), payload, 0, traceParent);
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    publisher.publishSoon(record, inserted);
                }
            });
        }
    }
}
