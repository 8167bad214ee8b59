package dailyfeed.activity.store;

import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Writes "about me": each new comment, reply, like and follow reaches the members it is about — the author of what it
 * acts on, and for a comment or reply also the author of the post — unless they did it themselves. The owners come
 * from the event ({@code targetOwnerId}, {@code postOwnerId}); an event produced before it named them falls back on
 * the stored activities that created the post or comment (a follow names its member anyway).
 */
@Repository
class AboutMeRecipients {

    static final String DELIVER_SQL = """
            INSERT INTO about_me (member_id, occurred_at, activity_id)
            SELECT r.member_id, a.occurred_at, a.id
              FROM member_activities a
             CROSS JOIN LATERAL (
                   SELECT coalesce(a.target_owner_id,
                              CASE
                                  WHEN a.type = 'MEMBER_FOLLOWED' THEN a.target_member_id
                                  WHEN a.type = 'COMMENT_LIKED' OR a.parent_comment_id IS NOT NULL THEN
                                      (SELECT c.actor_id FROM member_activities c
                                        WHERE c.comment_id = CASE WHEN a.type = 'COMMENT_LIKED' THEN a.comment_id
                                                                  ELSE a.parent_comment_id END
                                          AND c.type = 'COMMENT_CREATED' LIMIT 1)
                                  ELSE (SELECT p.actor_id FROM member_activities p
                                         WHERE p.post_id = a.post_id AND p.comment_id IS NULL AND p.type = 'POST_CREATED'
                                         LIMIT 1)
                              END) AS target_owner,
                          CASE
                              WHEN a.type = 'COMMENT_CREATED' THEN
                                  coalesce(a.post_owner_id,
                                      (SELECT p.actor_id FROM member_activities p
                                        WHERE p.post_id = a.post_id AND p.comment_id IS NULL AND p.type = 'POST_CREATED'
                                        LIMIT 1))
                          END AS post_owner) o
             CROSS JOIN LATERAL (VALUES (o.target_owner), (o.post_owner)) r(member_id)
             WHERE a.id = ANY(?)
               AND a.type IN ('COMMENT_CREATED', 'POST_LIKED', 'COMMENT_LIKED', 'MEMBER_FOLLOWED')
               AND r.member_id IS NOT NULL
               AND r.member_id <> a.actor_id
            ON CONFLICT DO NOTHING""";

    private final JdbcClient jdbc;

    AboutMeRecipients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Delivers the newly stored activities to the members they are about. */
    void deliver(List<Long> activityIds) {
        if (!activityIds.isEmpty()) {
            jdbc.sql(DELIVER_SQL).param(activityIds.toArray(Long[]::new)).update();
        }
    }
}
