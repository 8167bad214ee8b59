package dailyfeed.activity.ingest;

/** A message on the activity topic cannot be recorded as it is: not an event, or an event breaking a rule. */
class EventRejected extends RuntimeException {

    EventRejected(String reason, Throwable cause) {
        super(reason, cause);
    }

    EventRejected(String reason) {
        super(reason);
    }
}
