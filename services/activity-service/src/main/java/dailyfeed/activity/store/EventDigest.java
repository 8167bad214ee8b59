package dailyfeed.activity.store;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The fingerprint of an event as it was received: SHA-256 of its canonical JSON. Two bodies that parse to the same
 * event (fields in another order, an omitted {@code null}, a deletion's summary) have the same digest.
 */
final class EventDigest {

    private EventDigest() {}

    static byte[] of(ActivityEvent event) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(ActivityEventJson.writeUtf8(event));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
