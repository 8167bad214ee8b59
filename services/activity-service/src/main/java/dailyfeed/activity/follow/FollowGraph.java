package dailyfeed.activity.follow;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who follows whom, as the {@code MEMBER_FOLLOWED} / {@code MEMBER_UNFOLLOWED} events tell it, so that no query has
 * to ask member-service. Each pair remembers the event that decided its state; an event only wins if it is newer, so
 * late, repeated, replayed or reordered events cannot undo a newer change. Newer is decided by member-service's
 * database: the pair's {@code followVersion}. Events without one (produced before it existed) lose to any event with
 * one, and among themselves are ordered by {@code (occurredAt, eventId)}, as before.
 */
@Repository
public class FollowGraph {

    private final JdbcClient jdbc;

    FollowGraph(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Applies one follow ({@code following = true}) or unfollow event of the pair's {@code version} ({@code null} if
     * the event has none); {@code false} if a newer event already decided.
     */
    public boolean apply(
            long followerId, long followeeId, boolean following, Instant occurredAt, UUID eventId, Long version) {
        return jdbc.sql("""
                INSERT INTO follows AS f (follower_id, followee_id, following, occurred_at, event_id, version)
                VALUES (?, ?, ?, ?, ?, ?::bigint)
                ON CONFLICT (follower_id, followee_id) DO UPDATE
                   SET following = excluded.following, occurred_at = excluded.occurred_at, event_id = excluded.event_id,
                       version = excluded.version
                 WHERE CASE WHEN excluded.version IS NOT NULL THEN f.version IS NULL OR excluded.version > f.version
                            WHEN f.version IS NOT NULL THEN false
                            ELSE (excluded.occurred_at, excluded.event_id) > (f.occurred_at, f.event_id) END""")
                        .params(
                                followerId,
                                followeeId,
                                following,
                                OffsetDateTime.ofInstant(occurredAt, ZoneOffset.UTC),
                                eventId,
                                version)
                        .update()
                == 1;
    }

    public boolean isFollowing(long followerId, long followeeId) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM follows WHERE follower_id = ? AND followee_id = ? AND following)")
                .params(followerId, followeeId)
                .query(Boolean.class)
                .single();
    }

    /** For each of {@code followeeIds}: which of {@code candidates} follow them now. Members without such followers are absent. */
    public Map<Long, List<Long>> followersAmong(Collection<Long> followeeIds, Collection<Long> candidates) {
        Map<Long, List<Long>> followers = new HashMap<>();
        if (followeeIds.isEmpty() || candidates.isEmpty()) {
            return followers;
        }
        jdbc.sql("""
                SELECT followee_id, follower_id FROM follows
                 WHERE followee_id = ANY(?) AND follower_id = ANY(?) AND following""")
                .params(followeeIds.toArray(Long[]::new), candidates.toArray(Long[]::new))
                .query((rs, row) -> followers
                        .computeIfAbsent(rs.getLong(1), id -> new java.util.ArrayList<>())
                        .add(rs.getLong(2)))
                .list();
        return followers;
    }
}
