package dailyfeed.outbox;

import dailyfeed.platform.web.DependencyUnavailable;

/**
 * The event of a change could not be written to the outbox. The change must not commit without it, so the
 * transaction rolls back and the client gets a 503 to retry (the seed: "dead letter also failed → 5xx").
 */
public class EventNotRecorded extends DependencyUnavailable {

    public EventNotRecorded(Throwable cause) {
        super("the activity event could not be recorded", cause);
    }
}
