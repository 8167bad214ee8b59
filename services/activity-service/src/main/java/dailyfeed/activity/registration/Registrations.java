package dailyfeed.activity.registration;

import dailyfeed.activity.store.ActivityItem;
import dailyfeed.activity.store.ActivityRecorder;
import dailyfeed.activity.store.EventChecks;
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
    private final EventChecks checks;

    Registrations(ActivityRecorder recorder, MemberActivities activities, EventChecks checks) {
        this.recorder = recorder;
        this.activities = activities;
        this.checks = checks;
    }

    /**
     * Stores the event unless its id is stored already; either way answers the stored activity. A known id with a
     * different body is {@link EventIdTaken}, and changes nothing.
     */
    Registered register(ActivityEvent event) {
        checks.check(event).ifPresent(violation -> {
            throw new InvalidRequest(violation.field(), violation.message());
        });
        ActivityRecorder.Recorded recorded = recorder.record(List.of(event));
        if (recorded.refused().contains(event)) {
            throw new EventIdTaken(event.eventId());
        }
        boolean created = recorded.stored().contains(event.eventId());
        ActivityItem item = activities
                .findByEventId(event.eventId())
                .orElseThrow(
                        () -> new IllegalStateException("event " + event.eventId() + " was recorded but is not found"));
        return new Registered(item, created);
    }

    /** The stored activity, and whether this call stored it. */
    record Registered(ActivityItem item, boolean created) {}
}
