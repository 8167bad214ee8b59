package dailyfeed.activity.stream;

import dailyfeed.activity.store.ActivityItem;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The stream's events as bytes on the wire (the {@code text/event-stream} format). Each is encoded once and written
 * to every connection that gets it. Data is one line of JSON: the mapper escapes line breaks inside strings.
 */
@Component
class SseFrames {

    static final String ACTIVITY = "activity";
    static final String WITHDRAWN = "withdrawn";
    static final String SEEN = "seen";
    static final String RELOAD = "reload";

    private static final byte[] KEEP_ALIVE = ascii(":keep-alive\n\n");

    private final JsonMapper json;

    SseFrames(JsonMapper json) {
        this.json = json;
    }

    /** The first bytes of every stream: how long to wait before reconnecting, and a comment that shows it is open. */
    byte[] connected(long reconnectMillis) {
        return ascii("retry: " + reconnectMillis + "\n:connected\n\n");
    }

    byte[] keepAlive() {
        return KEEP_ALIVE;
    }

    byte[] activity(ActivityItem item) {
        return event(Long.toString(item.id()), ACTIVITY, item);
    }

    byte[] withdrawn(List<Long> activityIds) {
        return event(null, WITHDRAWN, Map.of("activityIds", activityIds));
    }

    byte[] seen(Instant until) {
        return event(null, SEEN, Map.of("until", until.toString()));
    }

    /** Tells the client to read the feed again; {@code resumeId} (nullable) is where the live events continue from. */
    byte[] reload(Long resumeId, String reason) {
        return event(resumeId == null ? null : resumeId.toString(), RELOAD, Map.of("reason", reason));
    }

    private byte[] event(String id, String name, Object data) {
        StringBuilder frame = new StringBuilder(256);
        if (id != null) {
            frame.append("id: ").append(id).append('\n');
        }
        frame.append("event: ")
                .append(name)
                .append('\n')
                .append("data: ")
                .append(json.writeValueAsString(data))
                .append("\n\n");
        return frame.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
