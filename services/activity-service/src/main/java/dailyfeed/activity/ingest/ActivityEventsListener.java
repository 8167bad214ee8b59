package dailyfeed.activity.ingest;

import dailyfeed.activity.store.ActivityRecorder;
import dailyfeed.activity.store.EventRules;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.springframework.kafka.annotation.KafkaListener;
import org.springframework.kafka.listener.BatchListenerFailedException;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * Turns batches of the activity topic into rows of {@code member_activities}. The container commits a batch's
 * offsets after this method returns, that is after the rows committed.
 *
 * <p>Every failure is reported as a {@link BatchListenerFailedException} naming the first record not stored, so that
 * the error handler ({@link IngestConfiguration}) commits what was stored, sends a rejected record to the dead-letter
 * topic at once, and redelivers a batch the database could not take, with backoff, for as long as it takes.
 */
@Component
class ActivityEventsListener {

    static final String LISTENER_ID = "activity-ingest";

    private final ActivityRecorder recorder;

    ActivityEventsListener(ActivityRecorder recorder) {
        this.recorder = recorder;
    }

    // idIsGroup = false: the group is spring.kafka.consumer.group-id, shared by all instances, not the listener id
    @KafkaListener(id = LISTENER_ID, idIsGroup = false, topics = "${dailyfeed.activity-topic}", batch = "true")
    void onBatch(List<ConsumerRecord<String, String>> records) {
        List<ActivityEvent> readable = new ArrayList<>(records.size());
        for (int i = 0; i < records.size(); i++) {
            try {
                readable.add(read(records.get(i)));
            } catch (EventRejected rejected) {
                // store the good records before the rejected one, so the handler may commit up to it
                store(readable);
                throw new BatchListenerFailedException(rejected.getMessage(), rejected, i);
            }
        }
        store(readable);
    }

    private void store(List<ActivityEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            recorder.record(events);
        } catch (RuntimeException e) {
            // Nothing of this call committed: index 0 makes the handler re-seek the whole batch and retry it.
            throw new BatchListenerFailedException("Could not store the batch: " + e.getMessage(), e, 0);
        }
    }

    /** The event a record carries, or {@link EventRejected} saying why there is none. */
    static ActivityEvent read(ConsumerRecord<String, String> record) {
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
        EventRules.check(event).ifPresent(violation -> {
            throw new EventRejected("Event " + event.eventId() + " breaks a rule: " + violation);
        });
        return event;
    }
}
