package dailyfeed.outbox;

import java.util.UUID;

/**
 * A row of the outbox: one event, ready to be sent as a Kafka record.
 *
 * @param traceParent the W3C {@code traceparent} of the span that recorded the event, {@code null} if none
 */
record OutboxRecord(
        long id, UUID eventId, String topic, String key, String payload, int attempts, String traceParent) {}
