package dailyfeed.activity.feed;

import dailyfeed.activity.store.ActivityItem;
import dailyfeed.activity.store.GroupKey;
import dailyfeed.activity.store.MemberActivities;
import dailyfeed.platform.paging.TimeAndIdCursor;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The read queries of the grouped feed: the activities of given groups that a reader sees. A group's activities are
 * found by what they act on, within the group's day, through the index that holds that target (a post's, a comment's,
 * a post's new comments, a member's); then those by the reader's followees, not undone, are kept.
 */
@Repository
class GroupPages {

    /**
     * One lookup per group of {@code k} by its target, through the index that holds it, whatever the planner guesses
     * about the groups: a post's own activities and likes, a comment's, new comments and replies on a post, follows
     * of a member. Gives the ids of the activities of group {@code n}, whoever did them.
     */
    private static final String HITS = """
            hit AS (
                SELECT k.n, x.id
                  FROM k CROSS JOIN LATERAL (
                       SELECT a.id FROM member_activities a
                        WHERE a.post_id = k.post_id AND a.comment_id IS NULL AND a.type = k.type
                          AND a.occurred_at >= k.day AND a.occurred_at < k.day + interval '1 day') x
                 WHERE k.type LIKE 'POST%'
                UNION ALL
                SELECT k.n, x.id
                  FROM k CROSS JOIN LATERAL (
                       SELECT a.id FROM member_activities a
                        WHERE a.comment_id = k.comment_id AND a.type = k.type
                          AND a.occurred_at >= k.day AND a.occurred_at < k.day + interval '1 day') x
                 WHERE k.type LIKE 'COMMENT%' AND k.type <> 'COMMENT_CREATED'
                UNION ALL
                SELECT k.n, x.id
                  FROM k CROSS JOIN LATERAL (
                       SELECT a.id FROM member_activities a
                        WHERE a.post_id = k.post_id AND a.type = 'COMMENT_CREATED'
                          AND a.parent_comment_id IS NOT DISTINCT FROM k.comment_id
                          AND a.occurred_at >= k.day AND a.occurred_at < k.day + interval '1 day') x
                 WHERE k.type = 'COMMENT_CREATED'
                UNION ALL
                SELECT k.n, x.id
                  FROM k CROSS JOIN LATERAL (
                       SELECT a.id FROM member_activities a
                        WHERE a.target_member_id = k.member_id AND a.type = k.type
                          AND a.occurred_at >= k.day AND a.occurred_at < k.day + interval '1 day') x
                 WHERE k.member_id IS NOT NULL)
            """;

    /** The activities of the groups {@code k}, numbered by {@code n}: by group, newest first. */
    static final String MEMBERS_SQL = """
            WITH k AS (
                SELECT * FROM unnest(?::int[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::timestamptz[])
                       AS k(n, type, post_id, comment_id, member_id, day)),
            """ + HITS + """
            SELECT hit.n, %s
              FROM hit JOIN member_activities a ON a.id = hit.id
             WHERE a.id <= ?
               -- undone only by an undo among the activities looked at
               AND (a.undone_by IS NULL OR a.undone_by > ?)
               AND (a.occurred_at, a.id) < (?, ?)
               AND a.actor_id IN (SELECT f.followee_id FROM follows f WHERE f.follower_id = ? AND f.following)
             ORDER BY hit.n, a.occurred_at DESC, a.id DESC
             LIMIT ?""".formatted(MemberActivities.ITEM_COLUMNS);

    /**
     * A first page's first round in one statement: the highest activity id stored (which pins the pages after it),
     * the followings feed's recent window up to it ({@code ActivityPages.RECENT_FOLLOWINGS_SQL}), each scanned
     * activity's group key — {@link GroupKey#of} in SQL — and those groups' activities as in {@link #MEMBERS_SQL}.
     * Every row carries the scan's size and its last (oldest) activity; a reader with no groups gets one row of them
     * and nulls.
     */
    static final String FIRST_ROUND_SQL = """
            WITH pinned AS (SELECT coalesce(max(id), 0) AS up_to FROM member_activities),
            scan AS MATERIALIZED (
                SELECT s.id, s.type, s.occurred_at, s.post_id, s.comment_id, s.parent_comment_id, s.target_member_id
                  FROM pinned CROSS JOIN LATERAL followings_recent_window(
                       :member, :beforeTime, :beforeId, pinned.up_to, :anyType, :types, :limit, :window) s),
            frontier AS (
                SELECT (SELECT count(*) FROM scan) AS scanned, last.occurred_at AS last_at, last.id AS last_id
                  FROM pinned LEFT JOIN LATERAL (
                       SELECT s.occurred_at, s.id FROM scan s ORDER BY s.occurred_at, s.id LIMIT 1) last ON true),
            k AS (
                SELECT (row_number() OVER ())::int AS n, keys.*
                  FROM (SELECT DISTINCT s.type,
                               CASE WHEN s.type NOT LIKE 'MEMBER%' THEN s.post_id END AS post_id,
                               CASE WHEN s.type = 'COMMENT_CREATED' THEN s.parent_comment_id
                                    WHEN s.type LIKE 'COMMENT%' THEN s.comment_id END AS comment_id,
                               CASE WHEN s.type LIKE 'MEMBER%' THEN s.target_member_id END AS member_id,
                               date_trunc('day', s.occurred_at, 'UTC') AS day
                          FROM scan s) keys),
            """ + HITS + """
            , grouped AS (
                SELECT hit.n, %1$s
                  FROM hit JOIN member_activities a ON a.id = hit.id
                 WHERE a.id <= (SELECT up_to FROM pinned)
                   AND (a.undone_by IS NULL OR a.undone_by > (SELECT up_to FROM pinned))
                   AND a.actor_id IN (SELECT f.followee_id FROM follows f WHERE f.follower_id = :member AND f.following))
            SELECT pinned.up_to, frontier.scanned, frontier.last_at, frontier.last_id, a.n, %1$s
              FROM pinned CROSS JOIN frontier LEFT JOIN grouped a ON true
             ORDER BY a.n, a.occurred_at DESC, a.id DESC""".formatted(MemberActivities.ITEM_COLUMNS);

    private final JdbcClient jdbc;

    GroupPages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The activities of each group that the reader sees, with ids up to {@code upTo}, newest first. */
    Map<GroupKey, List<ActivityItem>> activitiesOf(long readerId, List<GroupKey> keys, long upTo) {
        return activitiesOf(readerId, keys, upTo, null, Integer.MAX_VALUE);
    }

    /**
     * A first page's first round ({@link #FIRST_ROUND_SQL}): the followees' newest {@code limit} activities of the
     * recent window, and the groups they fall in, read whole.
     */
    FirstRound firstRound(long readerId, TypeFilter types, int limit) {
        Map<Integer, List<ActivityItem>> numbered = new LinkedHashMap<>();
        FirstRound[] round = {null};
        jdbc.sql(FIRST_ROUND_SQL)
                .param("member", readerId)
                .param("beforeTime", ActivityPages.before(null))
                .param("beforeId", Long.MAX_VALUE)
                .param("anyType", types.isAny())
                .param("types", types.names())
                .param("limit", limit)
                .param("window", ActivityPages.RECENT_WINDOW)
                .query(rs -> {
                    if (round[0] == null) {
                        OffsetDateTime lastAt = rs.getObject("last_at", OffsetDateTime.class);
                        round[0] = new FirstRound(
                                rs.getLong("up_to"),
                                rs.getInt("scanned"),
                                lastAt == null ? null : new TimeAndIdCursor(lastAt.toInstant(), rs.getLong("last_id")),
                                new LinkedHashMap<>());
                    }
                    int n = rs.getInt("n");
                    if (!rs.wasNull()) {
                        List<ActivityItem> group = numbered.computeIfAbsent(n, any -> new ArrayList<>());
                        group.add(MemberActivities.item(rs, group.size()));
                    }
                });
        // every activity of a group has the group's key, so its newest one names it
        numbered.values().forEach(group -> round[0].groups().put(GroupKey.of(group.get(0)), group));
        return round[0];
    }

    /**
     * What a first round found: the highest activity id it pins, how many activities the scan gave and the last
     * (oldest) of them ({@code null}: none), and the groups of those activities that the reader sees.
     */
    record FirstRound(long upTo, int scanned, TimeAndIdCursor last, Map<GroupKey, List<ActivityItem>> groups) {}

    /** A page of one group's activities that the reader sees, newest first, after {@code after}. */
    List<ActivityItem> page(long readerId, GroupKey key, TimeAndIdCursor after, int limit) {
        return activitiesOf(readerId, List.of(key), Long.MAX_VALUE, after, limit)
                .getOrDefault(key, List.of());
    }

    private Map<GroupKey, List<ActivityItem>> activitiesOf(
            long readerId, List<GroupKey> keys, long upTo, TimeAndIdCursor after, int limit) {
        Map<GroupKey, List<ActivityItem>> groups = new LinkedHashMap<>();
        if (keys.isEmpty()) {
            return groups;
        }
        int n = keys.size();
        Integer[] numbers = new Integer[n];
        String[] types = new String[n];
        Long[] posts = new Long[n];
        Long[] comments = new Long[n];
        Long[] members = new Long[n];
        String[] days = new String[n];
        for (int i = 0; i < n; i++) {
            GroupKey key = keys.get(i);
            numbers[i] = i;
            types[i] = key.type().name();
            posts[i] = key.postId();
            comments[i] = key.commentId();
            members[i] = key.memberId();
            days[i] = key.dayStart().toString();
            groups.put(key, new ArrayList<>());
        }
        jdbc.sql(MEMBERS_SQL)
                .params(
                        numbers,
                        types,
                        posts,
                        comments,
                        members,
                        days,
                        upTo,
                        upTo,
                        ActivityPages.before(after),
                        after == null ? Long.MAX_VALUE : after.id(),
                        readerId,
                        limit)
                .query((rs, row) -> groups.get(keys.get(rs.getInt("n"))).add(MemberActivities.item(rs, row)))
                .list();
        return groups;
    }
}
