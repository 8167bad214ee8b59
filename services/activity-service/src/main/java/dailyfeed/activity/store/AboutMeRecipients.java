package dailyfeed.activity.store;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.EventType;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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

    /** The types that reach "about me": new comments and replies, likes of posts and comments, follows. */
    static final Set<EventType> TYPES = EnumSet.of(
            EventType.COMMENT_CREATED, EventType.POST_LIKED, EventType.COMMENT_LIKED, EventType.MEMBER_FOLLOWED);

    /**
     * Rows whose recipients are known, one per (member, activity). No {@code ON CONFLICT}: an activity's rows are
     * written only by the transaction that stores the activity, once, so none can exist yet, and a plain insert skips
     * the speculative check of every row against the key.
     */
    static final String INSERT_SQL = """
            INSERT INTO about_me (member_id, occurred_at, activity_id)
            SELECT r.member_id, r.occurred_at::timestamptz, r.activity_id
              FROM unnest(?::bigint[], ?::text[], ?::bigint[]) AS r(member_id, occurred_at, activity_id)""";

    /** For events that do not name their owners: who they are comes from the stored creations. */
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

    /**
     * Delivers the newly stored activities ({@code stored}: row id by event) to the members they are about. Events that
     * name their owners need nothing but one insert; older ones are looked up.
     */
    void deliver(Map<ActivityEvent, Long> stored) {
        List<Long> members = new ArrayList<>();
        List<String> times = new ArrayList<>();
        List<Long> activities = new ArrayList<>();
        List<Long> ownerless = new ArrayList<>();
        stored.forEach((event, id) -> {
            if (!TYPES.contains(event.type())) {
                return;
            }
            Optional<Set<Long>> recipients = recipientsNamedBy(event);
            if (recipients.isEmpty()) {
                ownerless.add(id);
                return;
            }
            for (long member : recipients.get()) {
                members.add(member);
                times.add(event.occurredAt().toString());
                activities.add(id);
            }
        });
        if (!members.isEmpty()) {
            jdbc.sql(INSERT_SQL)
                    .params(members.toArray(Long[]::new), times.toArray(String[]::new), activities.toArray(Long[]::new))
                    .update();
        }
        if (!ownerless.isEmpty()) {
            jdbc.sql(DELIVER_SQL).param(ownerless.toArray(Long[]::new)).update();
        }
    }

    /**
     * Whom the event is about, by the owners it names, without its actor; empty if it does not name them all (an
     * event from before the owners existed). A follow names its member anyway.
     */
    static Optional<Set<Long>> recipientsNamedBy(ActivityEvent event) {
        Long target = event.type() == EventType.MEMBER_FOLLOWED ? event.targetMemberId() : event.targetOwnerId();
        Long post = event.type() == EventType.COMMENT_CREATED ? event.postOwnerId() : target;
        if (target == null || post == null) {
            return Optional.empty();
        }
        Set<Long> recipients = new LinkedHashSet<>(List.of(target, post));
        recipients.remove(event.actor().id());
        return Optional.of(recipients);
    }
}
