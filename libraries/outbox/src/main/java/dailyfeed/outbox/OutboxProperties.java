package dailyfeed.outbox;

import dailyfeed.events.ActivityTopic;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Settings of the outbox ({@code dailyfeed.outbox.*}).
 *
 * <p>Only operating settings live here. Tests that need an outbox no deployment wants (no send after commit, a
 * relay they drive by hand) import the configurations of {@code OutboxForTests} from this module's test jar.
 *
 * @param topic where events go
 * @param grace how long the after-commit send owns a fresh row before the relay may take it
 * @param relayInterval how often the relay looks for rows to (re-)publish
 * @param batchSize rows the relay claims at once
 * @param sendTimeout how long one send may take before it counts as failed; the relay's lease is twice this
 * @param initialBackoff wait after the first failure; doubles per attempt up to {@code maxBackoff}
 * @param maxBackoff longest wait between attempts
 */
@ConfigurationProperties("dailyfeed.outbox")
public record OutboxProperties(
        @DefaultValue(ActivityTopic.DEFAULT_NAME) String topic,
        @DefaultValue("5s") Duration grace,
        @DefaultValue("500ms") Duration relayInterval,
        @DefaultValue("500") int batchSize,
        @DefaultValue("10s") Duration sendTimeout,
        @DefaultValue("1s") Duration initialBackoff,
        @DefaultValue("1m") Duration maxBackoff) {

    /** The wait before attempt {@code attempts + 1}, doubling from {@code initialBackoff}, capped at {@code maxBackoff}. */
    Duration backoffAfter(int attempts) {
        int doublings = Math.min(Math.max(attempts - 1, 0), 20);
        Duration wait = initialBackoff.multipliedBy(1L << doublings);
        return wait.compareTo(maxBackoff) > 0 ? maxBackoff : wait;
    }

    Duration lease() {
        return sendTimeout.multipliedBy(2);
    }
}
