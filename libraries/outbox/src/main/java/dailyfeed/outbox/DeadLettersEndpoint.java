package dailyfeed.outbox;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/deadletters}: GET shows the events waiting for the relay; POST redrives them all now.
 */
@Endpoint(id = "deadletters")
public class DeadLettersEndpoint {

    private final OutboxRelay relay;
    private final Clock clock;

    DeadLettersEndpoint(OutboxRelay relay, Clock clock) {
        this.relay = relay;
        this.clock = clock;
    }

    @ReadOperation
    public Map<String, Object> deadLetters() {
        DeadLetterStats stats = relay.stats();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("deadLetters", stats.deadLetters());
        body.put("pending", stats.pending());
        body.put("oldestCreatedAt", stats.oldestCreatedAt());
        body.put("oldestAgeSeconds", stats.oldestAge(clock.instant()).toSeconds());
        body.put("lastError", stats.lastError());
        body.put("lastErrorAt", stats.lastErrorAt());
        return body;
    }

    @WriteOperation
    public Map<String, Object> redrive() {
        int redriven = relay.redrive();
        Map<String, Object> body = new LinkedHashMap<>(deadLetters());
        body.put("redriven", redriven);
        return body;
    }
}
