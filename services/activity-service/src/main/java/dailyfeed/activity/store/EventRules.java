package dailyfeed.activity.store;

import dailyfeed.events.ActivityEvent;
import java.time.Instant;
import java.util.Optional;

/**
 * What an event must carry to be recorded, beyond what its JSON shape already guarantees. The Kafka ingest sends an
 * event breaking a rule to the dead-letter topic; the registration API answers 400.
 */
public final class EventRules {

    /** No event happened before dailyfeed existed: an earlier {@code occurredAt} is a broken clock or a made-up event. */
    public static final Instant EARLIEST_OCCURRED_AT = Instant.parse("2020-01-01T00:00:00Z");

    private EventRules() {}

    /** A rule an event breaks: the field (as named in the event's JSON) and what is wrong with it. */
    public record Violation(String field, String message) {

        @Override
        public String toString() {
            return field + " " + message;
        }
    }

    /**
     * The first rule {@code event} breaks, if any; {@code latest} is the latest {@code occurredAt} accepted now (the
     * receiver's clock plus the drift allowed between clocks, see {@link EventChecks}).
     */
    public static Optional<Violation> check(ActivityEvent event, Instant latest) {
        if (event.occurredAt().isBefore(EARLIEST_OCCURRED_AT)) {
            return violation("occurredAt", "must not be before " + EARLIEST_OCCURRED_AT);
        }
        if (event.occurredAt().isAfter(latest)) {
            return violation("occurredAt", "must not be in the future (latest accepted now: " + latest + ")");
        }
        if (event.schemaVersion() < 1 || event.schemaVersion() > ActivityEvent.CURRENT_SCHEMA_VERSION) {
            return violation(
                    "schemaVersion",
                    "must be between 1 and " + ActivityEvent.CURRENT_SCHEMA_VERSION
                            + " (this service reads no other version)");
        }
        if (event.actor().id() <= 0) {
            return violation("actor.id", "must be positive");
        }
        if (event.actor().handle().isBlank()) {
            return violation("actor.handle", "must not be blank");
        }
        return switch (event.type()) {
            case POST_CREATED, POST_UPDATED, POST_DELETED, POST_LIKED, POST_UNLIKED ->
                event.postId() == null ? violation("postId", "is required for " + event.type()) : Optional.empty();
            case COMMENT_CREATED, COMMENT_UPDATED, COMMENT_DELETED, COMMENT_LIKED, COMMENT_UNLIKED ->
                event.commentId() == null
                        ? violation("commentId", "is required for " + event.type())
                        : Optional.empty();
            case MEMBER_FOLLOWED, MEMBER_UNFOLLOWED -> {
                if (event.targetMemberId() == null) {
                    yield violation("targetMemberId", "is required for " + event.type());
                }
                yield event.targetMemberId() == event.actor().id()
                        ? violation("targetMemberId", "must not be the actor: members do not follow themselves")
                        : Optional.empty();
            }
        };
    }

    private static Optional<Violation> violation(String field, String message) {
        return Optional.of(new Violation(field, message));
    }
}
