package dailyfeed.activity.store;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.EventType;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Marks likes and follows undone by their unlike or unfollow on the same UTC day, and those undos with them: a member
 * who liked a post and took the like back a minute later did nothing anyone needs to be told about. The grouped feed
 * and "about me" leave undone activities out; the flat feed, which shows everything that happened, keeps them.
 *
 * <p>An activity is undone when the same actor did the counterpart on the same target later that day (for a like or
 * follow) or earlier that day (for an unlike or unfollow). {@code undone_by} keeps the lowest id among such
 * counterparts: a reader pinned to the activities up to some id (a later page of the grouped feed) takes the activity
 * as undone only if its undo is among them. The lowest id only ever goes down as activities arrive, so marking is
 * idempotent and the order in which events arrive does not matter: a like that arrives after its unlike is marked all
 * the same.
 */
@Repository
class Undos {

    /** Marks, among the activities of the actors and targets of {@code activityIds} on their days, what is undone. */
    static final String MARK_SQL = """
            WITH touched AS (
                -- the new toggles that can have a counterpart: an unlike or unfollow always; a like or follow only
                -- when its actor took something of that target back that day, which the small index of undos
                -- answers (member_activities_undos): most likes stay, and then nothing more is read
                SELECT DISTINCT a.actor_id, a.post_id, a.comment_id, a.target_member_id,
                       date_trunc('day', a.occurred_at, 'UTC') AS day
                  FROM member_activities a
                 WHERE a.id = ANY(?)
                   AND a.type IN ('POST_LIKED', 'POST_UNLIKED', 'COMMENT_LIKED', 'COMMENT_UNLIKED',
                                  'MEMBER_FOLLOWED', 'MEMBER_UNFOLLOWED')
                   AND (a.type IN ('POST_UNLIKED', 'COMMENT_UNLIKED', 'MEMBER_UNFOLLOWED')
                        OR EXISTS (
                            SELECT 1 FROM member_activities u
                             WHERE u.actor_id = a.actor_id
                               AND u.type IN ('POST_UNLIKED', 'COMMENT_UNLIKED', 'MEMBER_UNFOLLOWED')
                               AND u.occurred_at >= date_trunc('day', a.occurred_at, 'UTC')
                               AND u.occurred_at < date_trunc('day', a.occurred_at, 'UTC') + interval '1 day'
                               AND u.post_id IS NOT DISTINCT FROM a.post_id
                               AND u.comment_id IS NOT DISTINCT FROM a.comment_id
                               AND u.target_member_id IS NOT DISTINCT FROM a.target_member_id))),
            toggles AS (
                -- the actor's likes, unlikes, follows and unfollows of that target that day, read from the actor's
                -- index over the day (a member's activities of one day are few)
                SELECT x.id, x.type, x.occurred_at, x.actor_id, x.post_id, x.comment_id, x.target_member_id
                  FROM touched t CROSS JOIN LATERAL (
                       SELECT x.* FROM member_activities x
                        WHERE x.actor_id = t.actor_id
                          AND x.occurred_at >= t.day AND x.occurred_at < t.day + interval '1 day'
                          AND x.type IN ('POST_LIKED', 'POST_UNLIKED', 'COMMENT_LIKED', 'COMMENT_UNLIKED',
                                         'MEMBER_FOLLOWED', 'MEMBER_UNFOLLOWED')
                          AND x.post_id IS NOT DISTINCT FROM t.post_id
                          AND x.comment_id IS NOT DISTINCT FROM t.comment_id
                          AND x.target_member_id IS NOT DISTINCT FROM t.target_member_id) x)
            UPDATE member_activities a
               SET undone_by = least(a.undone_by, u.by)
              FROM (SELECT d.id, min(c.id) AS by
                      FROM toggles d
                      JOIN (VALUES ('POST_LIKED', 'POST_UNLIKED', true), ('POST_UNLIKED', 'POST_LIKED', false),
                                   ('COMMENT_LIKED', 'COMMENT_UNLIKED', true), ('COMMENT_UNLIKED', 'COMMENT_LIKED', false),
                                   ('MEMBER_FOLLOWED', 'MEMBER_UNFOLLOWED', true),
                                   ('MEMBER_UNFOLLOWED', 'MEMBER_FOLLOWED', false)) AS p(type, counterpart, is_do)
                        ON p.type = d.type
                      JOIN toggles c
                        ON c.type = p.counterpart
                       AND c.post_id IS NOT DISTINCT FROM d.post_id
                       AND c.comment_id IS NOT DISTINCT FROM d.comment_id
                       AND c.target_member_id IS NOT DISTINCT FROM d.target_member_id
                       AND date_trunc('day', c.occurred_at, 'UTC') = date_trunc('day', d.occurred_at, 'UTC')
                       AND CASE WHEN p.is_do THEN (c.occurred_at, c.id) > (d.occurred_at, d.id)
                                ELSE (c.occurred_at, c.id) < (d.occurred_at, d.id) END
                     GROUP BY d.id) u
             WHERE a.id = u.id
               AND (a.undone_by IS NULL OR a.undone_by > u.by)""";

    private final JdbcClient jdbc;

    Undos(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The types that undo or are undone. */
    static final Set<EventType> TOGGLES = EnumSet.of(
            EventType.POST_LIKED,
            EventType.POST_UNLIKED,
            EventType.COMMENT_LIKED,
            EventType.COMMENT_UNLIKED,
            EventType.MEMBER_FOLLOWED,
            EventType.MEMBER_UNFOLLOWED);

    /**
     * Marks what the newly stored activities ({@code stored}: row id by event) undo, and whether they are undone
     * themselves; only likes, unlikes, follows and unfollows are looked at.
     */
    void mark(Map<ActivityEvent, Long> stored) {
        Long[] toggles = stored.entrySet().stream()
                .filter(e -> TOGGLES.contains(e.getKey().type()))
                .map(Map.Entry::getValue)
                .toArray(Long[]::new);
        if (toggles.length > 0) {
            jdbc.sql(MARK_SQL).param(toggles).update();
        }
    }
}
