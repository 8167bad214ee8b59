package dailyfeed.activity.store;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The {@code member_activities} table: one row per event id, written idempotently. */
@Repository
public class MemberActivities {

    /** The columns {@link #item} reads, from a table aliased {@code a}. */
    public static final String ITEM_COLUMNS = "a.id, a.event_id, a.type, a.occurred_at, a.actor_id, a.actor_handle,"
            + " a.actor_display_name, a.post_id, a.comment_id, a.parent_comment_id, a.target_member_id, a.summary, a.recorded_at";

    private final JdbcClient jdbc;

    MemberActivities(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Inserts the events whose id is not stored yet, in one statement, and returns the rows it created. A concurrent
     * insert of the same event id waits for the other transaction and then does nothing: racing writers leave one row.
     * {@code digests} are the {@link EventDigest}s of the events as received, by event id; {@code traceParents} the
     * trace each event belongs to, by event id (absent: none).
     */
    List<Stored> insertNew(List<ActivityEvent> events, Map<UUID, byte[]> digests, Map<UUID, String> traceParents) {
        int n = events.size();
        String[][] columns = new String[16][n];
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
            columns[12][i] = HexFormat.of().formatHex(digests.get(e.eventId()));
            columns[13][i] = traceParents.get(e.eventId());
            columns[14][i] = text(e.targetOwnerId());
            columns[15][i] = text(e.postOwnerId());
        }
        return jdbc.sql("""
                INSERT INTO member_activities (event_id, type, occurred_at, actor_id, actor_handle, actor_display_name,
                                               post_id, comment_id, parent_comment_id, target_member_id, summary, schema_version,
                                               event_digest, trace_parent, target_owner_id, post_owner_id)
                SELECT e.event_id::uuid, e.type, e.occurred_at::timestamptz, e.actor_id::bigint, e.actor_handle,
                       e.actor_display_name, e.post_id::bigint, e.comment_id::bigint, e.parent_comment_id::bigint,
                       e.target_member_id::bigint, e.summary, e.schema_version::int, decode(e.event_digest, 'hex'),
                       e.trace_parent, e.target_owner_id::bigint, e.post_owner_id::bigint
                  FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                              ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                              ?::text[], ?::text[], ?::text[]) WITH ORDINALITY
                       AS e(event_id, type, occurred_at, actor_id, actor_handle, actor_display_name,
                            post_id, comment_id, parent_comment_id, target_member_id, summary, schema_version,
                            event_digest, trace_parent, target_owner_id, post_owner_id, n)
                 ORDER BY e.n
                ON CONFLICT (event_id) DO NOTHING
                RETURNING id, event_id""")
                .params((Object[]) columns)
                .query((rs, row) -> new Stored(rs.getLong("id"), rs.getObject("event_id", UUID.class)))
                .list();
    }

    /**
     * The digests of the stored events among these ids, as they were received; an id stored before digests were kept
     * maps to an empty array. Ids not stored are left out.
     */
    Map<UUID, byte[]> digestsOf(Collection<UUID> eventIds) {
        Map<UUID, byte[]> digests = new HashMap<>();
        if (eventIds.isEmpty()) {
            return digests;
        }
        jdbc.sql(
                        "SELECT a.event_id, coalesce(a.event_digest, ''::bytea) FROM member_activities a WHERE a.event_id = ANY(?::uuid[])")
                .param(eventIds.stream().map(UUID::toString).toArray(String[]::new))
                .query((rs, row) -> digests.put(rs.getObject(1, UUID.class), rs.getBytes(2)))
                .list();
        return digests;
    }

    public Optional<ActivityItem> findByEventId(UUID eventId) {
        return jdbc.sql("SELECT " + ITEM_COLUMNS + " FROM member_activities a WHERE a.event_id = ?")
                .param(eventId)
                .query(MemberActivities::item)
                .optional();
    }

    /**
     * Up to {@code limit} places after {@code position} in stream order, first first, each with its actor, among those
     * that can no longer be overtaken: rows of transactions older than the oldest one still running. A row not returned
     * now because its transaction is too young will come after everything returned. Only the place and the actor are
     * read (what the stream order's index holds): whose streams want an activity is known before its row is read, and
     * most rows are wanted by no open stream.
     */
    public List<StreamEntry> visibleAfter(StreamPosition position, int limit) {
        return jdbc.sql("""
                SELECT a.tx::text::bigint AS tx, a.id, a.actor_id
                  FROM member_activities a
                 WHERE (a.tx, a.id) > (?::text::xid8, ?)
                   AND a.tx < pg_snapshot_xmin(pg_current_snapshot())
                 ORDER BY a.tx, a.id
                 LIMIT ?""")
                .params(Long.toString(position.tx()), position.id(), limit)
                .query((rs, row) ->
                        new StreamEntry(new StreamPosition(rs.getLong("tx"), rs.getLong("id")), rs.getLong("actor_id")))
                .list();
    }

    /**
     * The activities at these places of the stream order, in the order given, each with the trace it was stored in.
     * A place whose row is gone is left out.
     */
    public List<StreamedActivity> streamed(List<StreamPosition> positions) {
        Map<Long, StreamPosition> wanted = new HashMap<>();
        positions.forEach(position -> wanted.put(position.id(), position));
        Map<Long, StreamedActivity> byId = new HashMap<>();
        jdbc.sql("SELECT a.trace_parent, " + ITEM_COLUMNS + " FROM member_activities a WHERE a.id = ANY(?)")
                .param(wanted.keySet().toArray(Long[]::new))
                .query((rs, row) ->
                        new StreamedActivity(wanted.get(rs.getLong("id")), item(rs, row), rs.getString("trace_parent")))
                .list()
                .forEach(found -> byId.put(found.item().id(), found));
        return positions.stream()
                .map(position -> byId.get(position.id()))
                .filter(Objects::nonNull)
                .toList();
    }

    /** The last place in stream order that can no longer be overtaken; {@link StreamPosition#START} if there is none. */
    public StreamPosition lastVisible() {
        return jdbc.sql("""
                SELECT a.tx::text::bigint, a.id FROM member_activities a
                 WHERE a.tx < pg_snapshot_xmin(pg_current_snapshot())
                 ORDER BY a.tx DESC, a.id DESC
                 LIMIT 1""")
                .query((rs, row) -> new StreamPosition(rs.getLong(1), rs.getLong(2)))
                .optional()
                .orElse(StreamPosition.START);
    }

    /** Where the activity with this id is in stream order. */
    public Optional<StreamPosition> positionOf(long activityId) {
        return jdbc.sql("SELECT a.tx::text::bigint, a.id FROM member_activities a WHERE a.id = ?")
                .param(activityId)
                .query((rs, row) -> new StreamPosition(rs.getLong(1), rs.getLong(2)))
                .optional();
    }

    /**
     * The activities of the members {@code readerId} follows now, after {@code after} and up to {@code upTo} in stream
     * order, first first: at most {@code limit}, looked for among at most {@code window} activities of anyone.
     * Empty if there are more than that or the window was too small to tell: the caller cannot replay them all.
     */
    public Optional<List<StreamedActivity>> missedBy(
            long readerId, StreamPosition after, StreamPosition upTo, int limit, int window) {
        List<Candidate> candidates = jdbc.sql("""
                SELECT w.tx::text::bigint, w.id, w.actor_id IN (SELECT f.followee_id FROM follows f
                                                           WHERE f.follower_id = ? AND f.following)
                  FROM (SELECT a.tx, a.id, a.actor_id FROM member_activities a
                         WHERE (a.tx, a.id) > (?::text::xid8, ?) AND (a.tx, a.id) <= (?::text::xid8, ?)
                         ORDER BY a.tx, a.id
                         LIMIT ?) w""")
                .params(
                        readerId,
                        Long.toString(after.tx()),
                        after.id(),
                        Long.toString(upTo.tx()),
                        upTo.id(),
                        window + 1)
                .query((rs, row) -> new Candidate(new StreamPosition(rs.getLong(1), rs.getLong(2)), rs.getBoolean(3)))
                .list();
        if (candidates.size() > window) {
            return Optional.empty();
        }
        List<StreamPosition> followees = candidates.stream()
                .filter(Candidate::byFollowee)
                .map(Candidate::position)
                .toList();
        if (followees.size() > limit) {
            return Optional.empty();
        }
        if (followees.isEmpty()) {
            return Optional.of(List.of());
        }
        return Optional.of(streamed(followees));
    }

    /** The actor of each activity with one of these ids (absent ids are left out). */
    public Map<Long, Long> actorsOf(Collection<Long> activityIds) {
        Map<Long, Long> actors = new HashMap<>();
        jdbc.sql("SELECT a.id, a.actor_id FROM member_activities a WHERE a.id = ANY(?)")
                .param(activityIds.toArray(Long[]::new))
                .query((rs, row) -> actors.put(rs.getLong(1), rs.getLong(2)))
                .list();
        return actors;
    }

    /** Reads a row selected with {@link #ITEM_COLUMNS}. */
    public static ActivityItem item(ResultSet rs, int row) throws SQLException {
        return new ActivityItem(
                rs.getLong("id"),
                rs.getObject("event_id", UUID.class),
                EventType.valueOf(rs.getString("type")),
                rs.getObject("occurred_at", OffsetDateTime.class).toInstant(),
                new Actor(rs.getLong("actor_id"), rs.getString("actor_handle"), rs.getString("actor_display_name")),
                rs.getObject("post_id", Long.class),
                rs.getObject("comment_id", Long.class),
                rs.getObject("parent_comment_id", Long.class),
                rs.getObject("target_member_id", Long.class),
                rs.getString("summary"),
                rs.getObject("recorded_at", OffsetDateTime.class).toInstant());
    }

    private static String text(Long value) {
        return value == null ? null : value.toString();
    }

    /** A row in a resume window, and whether one of the reader's followees is its actor. */
    private record Candidate(StreamPosition position, boolean byFollowee) {}

    /** A row this call created. */
    record Stored(long id, UUID eventId) {}
}
