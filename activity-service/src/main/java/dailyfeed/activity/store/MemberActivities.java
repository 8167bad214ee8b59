package dailyfeed.activity.store;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.StringJoiner;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code member_activities} table: one row per event id, written idempotently. */
@Repository
public class MemberActivities {

    /** The PostgreSQL channel on which the ids of newly stored activities are announced, after commit. */
    public static final String NEW_ACTIVITIES_CHANNEL = "member_activities_new";

    /** The columns {@link #item} reads, from a table aliased {@code a}. */
    public static final String ITEM_COLUMNS = "a.id, a.event_id, a.type, a.occurred_at, a.actor_id, a.actor_handle,"
            + " a.actor_display_name, a.post_id, a.comment_id, a.parent_comment_id, a.target_member_id, a.summary";

    // NOTIFY payloads are limited to 8000 bytes; ids are announced in chunks well below that.
    private static final int NOTIFY_PAYLOAD_LIMIT = 7000;

    private final JdbcClient jdbc;

    MemberActivities(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the events whose id is not stored yet, in one statement, and returns the rows it created. A concurrent
     * insert of the same event id waits for the other transaction and then does nothing: racing writers leave one row.
     */
    List<Stored> insertNew(List<ActivityEvent> events) {
        int n = events.size();
        String[][] columns = new String[12][n];
        for (int i = 0; i < n; i++) {
            ActivityEvent e = events.get(i);
            columns[0][i] = e.eventId().toString();
            columns[1][i] = e.type().name();
            columns[2][i] = e.occurredAt().toString();
            columns[3][i] = Long.toString(e.actor().id());
            columns[4][i] = e.actor().handle();
            columns[5][i] = e.actor().displayName();
            columns[6][i] = text(e.postId());
            columns[7][i] = text(e.commentId());
            columns[8][i] = text(e.parentCommentId());
            columns[9][i] = text(e.targetMemberId());
            columns[10][i] = e.summary();
            columns[11][i] = Integer.toString(e.schemaVersion());
        }
        return jdbc.sql("""
                INSERT INTO member_activities (event_id, type, occurred_at, actor_id, actor_handle, actor_display_name,
                                               post_id, comment_id, parent_comment_id, target_member_id, summary, schema_version)
                SELECT e.event_id::uuid, e.type, e.occurred_at::timestamptz, e.actor_id::bigint, e.actor_handle,
                       e.actor_display_name, e.post_id::bigint, e.comment_id::bigint, e.parent_comment_id::bigint,
                       e.target_member_id::bigint, e.summary, e.schema_version::int
                  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                              ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                       AS e(event_id, type, occurred_at, actor_id, actor_handle, actor_display_name,
                            post_id, comment_id, parent_comment_id, target_member_id, summary, schema_version, n)
                 ORDER BY e.n
                ON CONFLICT (event_id) DO NOTHING
                RETURNING id, event_id""")
                .params((Object[]) columns)
                .query((rs, row) -> new Stored(rs.getLong("id"), rs.getObject("event_id", UUID.class)))
                .list();
    }

    /** Announces new rows to every instance's live stream; PostgreSQL delivers it only if and when the transaction commits. */
    void announce(List<Long> ids) {
        StringJoiner chunk = new StringJoiner(",");
        List<String> payloads = new ArrayList<>();
        for (long id : ids) {
            if (chunk.length() > NOTIFY_PAYLOAD_LIMIT) {
                payloads.add(chunk.toString());
                chunk = new StringJoiner(",");
            }
            chunk.add(Long.toString(id));
        }
        if (chunk.length() > 0) {
            payloads.add(chunk.toString());
        }
        for (String payload : payloads) {
            jdbc.sql("SELECT pg_notify(?, ?)").params(NEW_ACTIVITIES_CHANNEL, payload).query().listOfRows();
        }
    }

    public Optional<ActivityItem> findByEventId(UUID eventId) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM member_activities a WHERE a.event_id = ?")
                .param(eventId)
                .query(MemberActivities::item)
                .optional();
    }

    /** The activities with these ids, oldest first. */
    public List<ActivityItem> findByIds(Collection<Long> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM member_activities a WHERE a.id = ANY(?) ORDER BY a.occurred_at, a.id")
                .param(ids.toArray(Long[]::new))
                .query(MemberActivities::item)
                .list();
    }

    /** The highest row id so far, 0 if there is none. */
    public long highestId() {
        return jdbc.sql("SELECT coalesce(max(id), 0) FROM member_activities").query(Long.class).single();
    }

    /** Up to {@code limit} activities with an id above {@code afterId}, lowest id first. */
    public List<ActivityItem> findAfter(long afterId, int limit) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM member_activities a WHERE a.id > ? ORDER BY a.id LIMIT ?")
                .params(afterId, limit)
                .query(MemberActivities::item)
                .list();
    }

    /** Reads a row selected with {@link #ITEM_COLUMNS}. */
    public static ActivityItem item(ResultSet rs, int row) throws SQLException {
        return new ActivityItem(rs.getLong("id"), rs.getObject("event_id", UUID.class), EventType.valueOf(rs.getString("type")),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                new Actor(rs.getLong("actor_id"), rs.getString("actor_handle"), rs.getString("actor_display_name")),
                rs.getObject("post_id", Long.class), rs.getObject("comment_id", Long.class),
                rs.getObject("parent_comment_id", Long.class), rs.getObject("target_member_id", Long.class),
                rs.getString("summary"));
    }

    private static String text(Long value) {
        return value == null ? null : value.toString();
    }

    /** A row this call created. */
    record Stored(long id, UUID eventId) {
    }
}
