package dailyfeed.activity;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;

/** Small factories of activity events and member ids for the tests. */
public final class Events {

    private static final AtomicLong ids = new AtomicLong(10_000);

    private Events() {}

    /** A member id no other test uses. */
    public static long newMember() {
        return ids.incrementAndGet();
    }

    /** A post or comment id no other test uses. */
    public static long newId() {
        return ids.incrementAndGet();
    }

    /** Now, at the precision PostgreSQL keeps, so that instants compare equal after a round trip. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    public static Actor actor(long id) {
        return new Actor(id, "member" + id, "Member " + id);
    }

    /** An event of {@code type} with every target that type has, at {@code at}. */
    public static ActivityEvent of(EventType type, long actorId, Instant at) {
        long n = ids.incrementAndGet();
        return switch (type) {
            case POST_CREATED, POST_UPDATED, POST_DELETED, POST_LIKED, POST_UNLIKED ->
                event(type, actorId, at, n, null, null, null, "post " + n);
            case COMMENT_CREATED, COMMENT_UPDATED, COMMENT_DELETED, COMMENT_LIKED, COMMENT_UNLIKED ->
                event(type, actorId, at, n, n + 1, n + 2, null, "comment " + n);
            case MEMBER_FOLLOWED, MEMBER_UNFOLLOWED ->
                event(type, actorId, at, null, null, null, newMember(), "member");
        };
    }

    /**
     * An event of {@code type} as the producers write it now, naming whom it is about: build {@code targets} with the
     * contract's factories ({@code Targets.post(postId, authorId)} and so on). The summary quotes the post, comment or
     * member ("post 12", "comment 31", "Member 7").
     */
    public static ActivityEvent of(EventType type, long actorId, Instant at, ActivityEvent.Targets targets) {
        String summary = targets.commentId() != null
                ? "comment " + targets.commentId()
                : targets.postId() != null ? "post " + targets.postId() : "Member " + targets.targetMemberId();
        return new ActivityEvent(
                UUID.randomUUID(),
                type,
                at,
                actor(actorId),
                targets.postId(),
                targets.commentId(),
                targets.parentCommentId(),
                targets.targetMemberId(),
                summary,
                ActivityEvent.CURRENT_SCHEMA_VERSION,
                null,
                targets.targetOwnerId(),
                targets.postOwnerId());
    }

    /** The same event as a producer wrote it before events named their owners. */
    public static ActivityEvent withoutOwners(ActivityEvent event) {
        return new ActivityEvent(
                event.eventId(),
                event.type(),
                event.occurredAt(),
                event.actor(),
                event.postId(),
                event.commentId(),
                event.parentCommentId(),
                event.targetMemberId(),
                event.summary(),
                event.schemaVersion(),
                event.followVersion());
    }

    public static ActivityEvent post(long actorId, Instant at) {
        return of(EventType.POST_CREATED, actorId, at);
    }

    public static ActivityEvent follow(long followerId, long followeeId, Instant at) {
        return event(EventType.MEMBER_FOLLOWED, followerId, at, null, null, null, followeeId, "Member " + followeeId);
    }

    public static ActivityEvent unfollow(long followerId, long followeeId, Instant at) {
        return event(EventType.MEMBER_UNFOLLOWED, followerId, at, null, null, null, followeeId, "Member " + followeeId);
    }

    /** The same event under another id: a different body for a known id, when {@code eventId} is taken. */
    public static ActivityEvent withId(ActivityEvent event, UUID eventId) {
        return new ActivityEvent(
                eventId,
                event.type(),
                event.occurredAt(),
                event.actor(),
                event.postId(),
                event.commentId(),
                event.parentCommentId(),
                event.targetMemberId(),
                event.summary(),
                event.schemaVersion());
    }

    public static ActivityEvent event(
            EventType type,
            long actorId,
            Instant at,
            Long postId,
            Long commentId,
            Long parentCommentId,
            Long targetMemberId,
            String summary) {
        return new ActivityEvent(
                UUID.randomUUID(),
                type,
                at,
                actor(actorId),
                postId,
                commentId,
                parentCommentId,
                targetMemberId,
                summary,
                ActivityEvent.CURRENT_SCHEMA_VERSION);
    }
}
