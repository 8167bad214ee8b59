package dailyfeed.activity.store;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Marks likes and follows undone by their unlike or unfollow on the same UTC day, and those undos with them: a member
 * who liked a post and took the like back a minute later did nothing anyone needs to be told about. The grouped feed
 * and "about me" leave undone activities out; the flat feed, which shows everything that happened, keeps them.
 *
 * <p>An activity is undone when the same actor did the counterpart on the same target later that day (for a like or
 * follow) or earlier that day (for an unlike or unfollow). Whether such a counterpart exists only ever becomes true
 * as activities arrive, so marking is idempotent and the order in which events arrive does not matter: a like that
 * arrives after its unlike is marked all the same.
 */
@Repository
class Undos {

    /** Marks, among the activities of the actors and targets of {@code activityIds} on their days, what is undone. */
    static final String MARK_SQL = """
            WITH touched AS (
                SELECT DISTINCT a.actor_id, coalesce(a.comment_id, a.post_id, a.target_member_id) AS target,
                       date_trunc('day', a.occurred_at, 'UTC') AS day
                  FROM member_activities a
                 WHERE a.id = ANY(?)
                   AND a.type IN ('POST_LIKED', 'POST_UNLIKED', 'COMMENT_LIKED', 'COMMENT_UNLIKED',
                                  'MEMBER_FOLLOWED', 'MEMBER_UNFOLLOWED'))
            UPDATE member_activities a
               SET undone = true
              FROM touched f,
                   (VALUES ('POST_LIKED', 'POST_UNLIKED', true), ('POST_UNLIKED', 'POST_LIKED', false),
                           ('COMMENT_LIKED', 'COMMENT_UNLIKED', true), ('COMMENT_UNLIKED', 'COMMENT_LIKED', false),
                           ('MEMBER_FOLLOWED', 'MEMBER_UNFOLLOWED', true),
                           ('MEMBER_UNFOLLOWED', 'MEMBER_FOLLOWED', false)) AS t(type, counterpart, is_do)
             WHERE a.actor_id = f.actor_id
               AND a.type = t.type
               AND coalesce(a.comment_id, a.post_id, a.target_member_id) = f.target
               AND a.occurred_at >= f.day AND a.occurred_at < f.day + interval '1 day'
               AND NOT a.undone
               AND EXISTS (
                   SELECT 1 FROM member_activities c
                    WHERE c.actor_id = a.actor_id
                      AND c.type = t.counterpart
                      AND coalesce(c.comment_id, c.post_id, c.target_member_id) = f.target
                      AND c.occurred_at >= f.day AND c.occurred_at < f.day + interval '1 day'
                      AND CASE WHEN t.is_do THEN (c.occurred_at, c.id) > (a.occurred_at, a.id)
                               ELSE (c.occurred_at, c.id) < (a.occurred_at, a.id) END)""";

    private final JdbcClient jdbc;

    Undos(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Marks what the newly stored activities undo, and whether they are undone themselves. */
    void mark(List<Long> activityIds) {
        if (!activityIds.isEmpty()) {
            jdbc.sql(MARK_SQL).param(activityIds.toArray(Long[]::new)).update();
        }
    }
}
