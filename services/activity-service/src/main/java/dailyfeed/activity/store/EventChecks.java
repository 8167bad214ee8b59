package dailyfeed.activity.store;

import dailyfeed.events.ActivityEvent;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * {@link EventRules} at this moment: an event may be ahead of this service's clock by at most
 * {@code dailyfeed.activity.events.max-ahead} (default 5 minutes), the drift allowed between the producers' clocks and
 * ours. Further ahead, it would sort above everything real in every feed until that time came.
 */
@Component
public class EventChecks {

    private final Duration maxAhead;
    private final Clock clock;

    EventChecks(@Value("${dailyfeed.activity.events.max-ahead:5m}") Duration maxAhead) {
        this.maxAhead = maxAhead;
        this.clock = Clock.systemUTC();
    }

    /** The first rule {@code event} breaks now, if any. */
    public Optional<EventRules.Violation> check(ActivityEvent event) {
        return EventRules.check(event, clock.instant().plus(maxAhead));
    }
}
