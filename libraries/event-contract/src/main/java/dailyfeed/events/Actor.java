package dailyfeed.events;

import java.util.Objects;

/** The member who did something, as they were named when they did it. */
public record Actor(long id, String handle, String displayName) {

    public Actor {
        Objects.requireNonNull(handle, "handle");
        Objects.requireNonNull(displayName, "displayName");
    }
}
