package dailyfeed.activity.registration;

import dailyfeed.activity.store.ActivityItem;
import dailyfeed.activity.store.ActivityRecorder;
import dailyfeed.activity.store.EventRules;
import dailyfeed.activity.store.MemberActivities;
import dailyfeed.events.ActivityEvent;
import dailyfeed.platform.web.InvalidRequest;
import java.util.List;
import org.springframework.stereotype.Service;

/** Activities registered over HTTP, stored through the same idempotent path as the Kafka ingest. */
@Service
class Registrations {

    private final ActivityRecorder recorder;
    private final MemberActivities activities;

    Registrations(ActivityRecorder recorder, MemberActivities activities) {
        this.recorder = recorder;
        this.activities = activities;
    }

    /** Stores the event unless its id is stored already; either way answers the stored activity. */
    Registered register(ActivityEvent event) {
        EventRules.check(event).ifPresent(violation -> {
            throw new InvalidRequest(violation.field(), violation.message());
        });
        boolean created = recorder.record(List.of(event)).contains(event.eventId());
        ActivityItem item = activities.findByEventId(event.eventId())
                .orElseThrow(() -> new IllegalStateException("event " + event.eventId() + " was recorded but is not found"));
        return new Registered(item, created);
    }

    /** The stored activity, and whether this call stored it. */
    record Registered(ActivityItem item, boolean created) {
    }
}
