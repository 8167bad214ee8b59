package dailyfeed.activity.ingest;

import dailyfeed.activity.store.ActivityRecorder;
import dailyfeed.activity.store.EventChecks;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Turns batches of the activity topic into rows of {@code member_activities}. The container commits a batch's
 * offsets after this method returns, that is after the rows committed.
 *
 * <p>Every failure is reported as a {@link BatchListenerFailedException} naming the first record not dealt with, so
 * that the error handler ({@link IngestConfiguration}) commits what was stored, sends a rejected record to the
 * dead-letter topic at once, and redelivers a batch the database could not take, with backoff, for as long as it takes.
 * A record is rejected when it cannot be read, breaks a rule, reuses a known event id with another body, or is
 * refused by the database for its own content ({@link DatabaseRefusal}); the database being unavailable is no reason.
 *
 * <p>Each batch is traced ({@link IngestTracing}): a span per record in the trace of the write it comes from, and one
 * for the batch, linked to them.
 */
@Component
class ActivityEventsListener {

    static final String LISTENER_ID = "activity-ingest";

    private final ActivityRecorder recorder;
    private final EventChecks checks;
    private final IngestTracing tracing;

    ActivityEventsListener(ActivityRecorder recorder, EventChecks checks, IngestTracing tracing) {
        this.recorder = recorder;
        this.checks = checks;
        this.tracing = tracing;
    }

    // idIsGroup = false: the group is spring.kafka.consumer.group-id, shared by all instances, not the listener id
    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = "${dailyfeed.activity-topic}", batch = "true")
    void onBatch(List<ConsumerRecord<String, String>> records) {
        IngestTracing.Batch spans = tracing.start(records, records.get(0).topic());
        int failedIndex = records.size();
        Throwable failure = null;
        try (var scope = spans.inScope()) {
            readAndStore(records, spans);
        } catch (BatchListenerFailedException e) {
            failedIndex = Math.max(e.getIndex(), 0);
            failure = e;
            throw e;
        } catch (RuntimeException e) {
            failedIndex = 0;
            failure = e;
            throw e;
        } finally {
            spans.end(failedIndex, failure);
        }
    }

    private void readAndStore(List<ConsumerRecord<String, String>> records, IngestTracing.Batch spans) {
        List<ActivityEvent> readable = new ArrayList<>(records.size());
        Map<UUID, String> traceParents = new HashMap<>();
        for (int i = 0; i < records.size(); i++) {
            try {
                ActivityEvent event = read(records.get(i), checks);
                readable.add(event);
                spans.traceParentOf(i).ifPresent(traceParent -> traceParents.putIfAbsent(event.eventId(), traceParent));
            } catch (EventRejected rejected) {
                // store the good records before the rejected one, so the handler may commit up to it
                store(readable, traceParents);
                throw new BatchListenerFailedException(rejected.getMessage(), rejected, i);
            }
        }
        store(readable, traceParents);
    }

    /** Stores {@code events}, the records of the batch from index 0 on, or names the first one that failed. */
    private void store(List<ActivityEvent> events, Map<UUID, String> traceParents) {
        if (events.isEmpty()) {
            return;
        }
        ActivityRecorder.Recorded recorded;
        try {
            recorded = recorder.record(events, traceParents);
        } catch (RuntimeException e) {
            if (!DatabaseRefusal.isTheRecordsFault(e)) {
                // Nothing of this call committed: index 0 makes the handler re-seek the whole batch and retry it.
                throw new BatchListenerFailedException("Could not store the batch: " + e.getMessage(), e, 0);
            }
            storeOneByOne(events, traceParents);
            return;
        }
        refuseFirstTaken(events, recorded, 0);
    }

    /**
     * The database refused the batch for what one record holds: each record alone, in order, finds which one. The
     * ones before it are stored, and the handler commits them, sends it to the dead-letter topic and redelivers the rest.
     */
    private void storeOneByOne(List<ActivityEvent> events, Map<UUID, String> traceParents) {
        for (int i = 0; i < events.size(); i++) {
            ActivityRecorder.Recorded recorded;
            try {
                recorded = recorder.record(List.of(events.get(i)), traceParents);
            } catch (RuntimeException e) {
                if (DatabaseRefusal.isTheRecordsFault(e)) {
                    EventRejected rejected = new EventRejected(
                            "Event " + events.get(i).eventId() + " was refused by the database: "
                                    + DatabaseRefusal.describe(e),
                            e);
                    throw new BatchListenerFailedException(rejected.getMessage(), rejected, i);
                }
                throw new BatchListenerFailedException("Could not store the record: " + e.getMessage(), e, i);
            }
            refuseFirstTaken(List.of(events.get(i)), recorded, i);
        }
    }

    /**
     * Rejects the first event that reused a known id with another body. The batch committed without it (and changed
     * nothing for it): the handler dead-letters it and redelivers the records after it, absorbed by their ids.
     */
    private static void refuseFirstTaken(
            List<ActivityEvent> events, ActivityRecorder.Recorded recorded, int firstIndex) {
        if (recorded.refused().isEmpty()) {
            return;
        }
        for (int i = 0; i < events.size(); i++) {
            if (recorded.refused().contains(events.get(i))) {
                EventRejected rejected =
                        new EventRejected("Event " + events.get(i).eventId()
                                + " is stored with a different body: an event id names one event, this copy is not it");
                throw new BatchListenerFailedException(rejected.getMessage(), rejected, firstIndex + i);
            }
        }
    }

    /** The event a record carries, or {@link EventRejected} saying why there is none. */
    static ActivityEvent read(ConsumerRecord<String, String> record, EventChecks checks) {
        if (record.headers().lastHeader(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER) != null) {
            throw new EventRejected("The value could not be deserialized");
        }
        if (record.value() == null) {
            throw new EventRejected("The message has no value");
        }
        ActivityEvent event;
        try {
            event = ActivityEventJson.read(record.value());
        } catch (ActivityEventJson.MalformedEvent e) {
            throw new EventRejected("Not an activity event: " + e.getMessage(), e);
        }
        checks.check(event).ifPresent(violation -> {
            throw new EventRejected("Event " + event.eventId() + " breaks a rule: " + violation);
        });
        return event;
    }
}
