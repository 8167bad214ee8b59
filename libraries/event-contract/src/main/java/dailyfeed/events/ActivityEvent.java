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
 *
 * <p>The owners name whom an activity is about, so that it can reach them whether or not they follow the actor:
 * {@code targetOwnerId} is the author of what the activity acts on — the post of a post event, the comment of a
 * comment's edit, deletion, like or unlike, the comment answered by a reply (for a top-level comment: the post) — and
 * the followed member of a follow or unfollow; {@code postOwnerId} is the author of the post of a post or comment
 * event. Both are {@code null} in events produced before they existed.
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
        Long followVersion,
        Long targetOwnerId,
        Long postOwnerId) {

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
                null,
                null,
                null);
    }

    /** An event without owners, as every event was before they existed. */
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
            int schemaVersion,
            Long followVersion) {
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
                followVersion,
                null,
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
                CURRENT_SCHEMA_VERSION,
                null,
                targets.targetOwnerId(),
                targets.postOwnerId());
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
                followVersion,
                targetOwnerId,
                postOwnerId);
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
                version,
                targetOwnerId,
                postOwnerId);
    }

    /** The Kafka record key: the actor's id, so one member's events stay in one partition, in order. */
    public String recordKey() {
        return Long.toString(actor.id());
    }

    /** What an event concerns and whose it is; build with the static factories. */
    public record Targets(
            Long postId,
            Long commentId,
            Long parentCommentId,
            Long targetMemberId,
            Long targetOwnerId,
            Long postOwnerId) {

        /** A post, written by {@code authorId}. */
        public static Targets post(long postId, long authorId) {
            return new Targets(postId, null, null, null, authorId, authorId);
        }

        /**
         * A comment or reply being written: {@code answeredAuthorId} wrote what it answers (the parent comment of a
         * reply, else the post).
         */
        public static Targets newComment(
                long postId, long postAuthorId, long commentId, Long parentCommentId, long answeredAuthorId) {
            return new Targets(postId, commentId, parentCommentId, null, answeredAuthorId, postAuthorId);
        }

        /** An existing comment or reply, written by {@code authorId}, edited, deleted, liked or unliked. */
        public static Targets comment(
                long postId, long postAuthorId, long commentId, Long parentCommentId, long authorId) {
            return new Targets(postId, commentId, parentCommentId, null, authorId, postAuthorId);
        }

        /** A member followed or unfollowed. */
        public static Targets member(long targetMemberId) {
            return new Targets(null, null, null, targetMemberId, targetMemberId, null);
        }
    }
}
