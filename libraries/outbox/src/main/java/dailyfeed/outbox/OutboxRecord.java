package dailyfeed.outbox;

import java.util.UUID;

/** A row of the outbox: one event, ready to be sent as a Kafka record. */
record OutboxRecord(long id, UUID eventId, String topic, String key, String payload, int attempts) {}
