package dailyfeed.events;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * One member activity, as published on the activity topic.
 *
 * <p>{@code eventId} is unique and stable across retries and redrives: consumers deduplicate by it.
 * Target ids are {@code null} where they do not apply to the {@link EventType}. {@code summary} quotes the post or
 * comment the event is about; it is always empty in a deletion ({@link EventType#isDeletion()}).
 * {@code followVersion} orders the changes of one follow pair: for a follow or unfollow, the pair's version in
 * member-service's database, one higher with each change of the pair; {@code null} in every other event and in
 * follow events produced before it existed (then {@code occurredAt} orders them, as before).
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
        int schemaVersion,
        Long followVersion) {

    /** The version of this shape; bumped only for changes old consumers cannot read. */
    public static final int CURRENT_SCHEMA_VERSION = 1;

    /** Longest {@code summary} a producer sends; the banner shows a line, not the whole text. */
    public static final int SUMMARY_MAX_LENGTH = 140;

    /** An event without a {@code followVersion}, as every event was before it existed. */
    public ActivityEvent(
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
        this(
                eventId,
                type,
                occurredAt,
                actor,
                postId,
                commentId,
                parentCommentId,
                targetMemberId,
                summary,
                schemaVersion,
                null);
    }

    public ActivityEvent {
        Objects.requireNonNull(eventId, "eventId");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(occurredAt, "occurredAt");
        Objects.requireNonNull(actor, "actor");
        // a deletion withdraws the text: the event that announces it must not spread it once more
        summary = summary == null || type.isDeletion() ? "" : summary;
    }

    /** A new event of the current schema with a fresh id, occurring now. */
    public static ActivityEvent of(EventType type, Actor actor, Targets targets, String summary) {
        return new ActivityEvent(
                UUID.randomUUID(),
                type,
                Instant.now(),
                actor,
                targets.postId(),
                targets.commentId(),
                targets.parentCommentId(),
                targets.targetMemberId(),
                Summaries.shorten(summary),
                CURRENT_SCHEMA_VERSION);
    }

    /** The same event without its quoted text, as stored once the post or comment it quotes was deleted. */
    public ActivityEvent withoutSummary() {
        return new ActivityEvent(
                eventId,
                type,
                occurredAt,
                actor,
                postId,
                commentId,
                parentCommentId,
                targetMemberId,
                "",
                schemaVersion,
                followVersion);
    }

    /** The same follow or unfollow event, ordered among the changes of its pair by {@code version}. */
    public ActivityEvent withFollowVersion(long version) {
        return new ActivityEvent(
                eventId,
                type,
                occurredAt,
                actor,
                postId,
                commentId,
                parentCommentId,
                targetMemberId,
                summary,
                schemaVersion,
                version);
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
