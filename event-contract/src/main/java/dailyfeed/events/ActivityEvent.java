package dailyfeed.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One member activity, as published on the activity topic.
 *
 * <p>{@code eventId} is unique and stable across retries and redrives: consumers deduplicate by it.
 * Target ids are {@code null} where they do not apply to the {@link EventType}.
 */
public record ActivityEvent(
        UUID eventId,
        EventType type,
        Instant occurredAt,
        Actor actor,
        Long postId,
        Long commentId,
        Long parentCommentId,
        Long targetMemberId,
        String summary,
        int schemaVersion) {

    /** The version of this shape; bumped only for changes old consumers cannot read. */
    public static final int CURRENT_SCHEMA_VERSION = 1;

    /** Longest {@code summary} a producer sends; the banner shows a line, not the whole text. */
    public static final int SUMMARY_MAX_LENGTH = 140;

    public ActivityEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        summary = summary == null ? "" : summary;
    }

    /** A new event of the current schema with a fresh id, occurring now. */
    public static ActivityEvent of(EventType type, Actor actor, Targets targets, String summary) {
        return new ActivityEvent(UUID.randomUUID(), type, Instant.now(), actor,
                targets.postId(), targets.commentId(), targets.parentCommentId(), targets.targetMemberId(),
                Summaries.shorten(summary), CURRENT_SCHEMA_VERSION);
    }

    /** The Kafka record key: the actor's id, so one member's events stay in one partition, in order. */
    public String recordKey() {
        return Long.toString(actor.id());
    }

    /** What an event concerns; build with the static factories. */
    public record Targets(Long postId, Long commentId, Long parentCommentId, Long targetMemberId) {

        public static Targets post(long postId) {
            return new Targets(postId, null, null, null);
        }

        public static Targets comment(long postId, long commentId, Long parentCommentId) {
            return new Targets(postId, commentId, parentCommentId, null);
        }

        public static Targets member(long targetMemberId) {
            return new Targets(null, null, null, targetMemberId);
        }
    }
}
