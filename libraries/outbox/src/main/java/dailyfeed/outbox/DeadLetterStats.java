package dailyfeed.outbox;

import java.time.Duration;
import java.time.Instant;

/**
 * Events that were not published right after their commit and wait for the relay.
 *
 * @param deadLetters unpublished events whose first send failed or did not happen within the grace period
 * @param pending all unpublished events, including fresh ones still being sent
 * @param oldestCreatedAt when the oldest dead letter was recorded, {@code null} if none
 * @param lastError the most recent send failure among unpublished events, {@code null} if none
 * @param lastErrorAt when that failure happened
 */
public record DeadLetterStats(
        long deadLetters, long pending, Instant oldestCreatedAt, String lastError, Instant lastErrorAt) {

    /** Age of the oldest dead letter, zero if there is none. */
    public Duration oldestAge(Instant now) {
        return oldestCreatedAt == null ? Duration.ZERO : Duration.between(oldestCreatedAt, now);
    }
}
