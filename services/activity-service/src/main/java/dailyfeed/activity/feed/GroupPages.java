package dailyfeed.activity.feed;

import dailyfeed.activity.store.ActivityItem;
import dailyfeed.activity.store.GroupKey;
import dailyfeed.activity.store.MemberActivities;
import dailyfeed.platform.paging.TimeAndIdCursor;
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

    /** The activities of the groups {@code k}, numbered by {@code n}: by group, newest first. */
    static final String MEMBERS_SQL = """
            WITH k AS (
                SELECT * FROM unnest(?::int[], ?::text[], ?::bigint[], ?::bigint[], ?::bigint[], ?::timestamptz[])
                       AS k(n, type, post_id, comment_id, member_id, day)),
            hit AS (
                -- one LATERAL lookup per group by its target, through the index that holds it, whatever the planner
                -- guesses about the groups: a post's own activities and likes, a comment's, new comments and replies
                -- on a post, follows of a member
                SELECT k.n, x.id
                  FROM k CROSS JOIN LATERAL (
                       SELECT a.id FROM member_activities a
                        WHERE a.post_id = k.post_id AND a.comment_id IS NULL AND a.type = k.type
                          AND a.occurred_at >= k.day AND a.occurred_at < k.day + interval '1 day') x
                 WHERE k.type LIKE 'POST%%'
                UNION ALL
                SELECT k.n, x.id
                  FROM k CROSS JOIN LATERAL (
                       SELECT a.id FROM member_activities a
                        WHERE a.comment_id = k.comment_id AND a.type = k.type
                          AND a.occurred_at >= k.day AND a.occurred_at < k.day + interval '1 day') x
                 WHERE k.type LIKE 'COMMENT%%' AND k.type <> 'COMMENT_CREATED'
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
            SELECT hit.n, %s
              FROM hit JOIN member_activities a ON a.id = hit.id
             WHERE a.id <= ?
               -- undone only by an undo among the activities looked at
               AND (a.undone_by IS NULL OR a.undone_by > ?)
               AND (a.occurred_at, a.id) < (?, ?)
               AND a.actor_id IN (SELECT f.followee_id FROM follows f WHERE f.follower_id = ? AND f.following)
             ORDER BY hit.n, a.occurred_at DESC, a.id DESC
             LIMIT ?""".formatted(MemberActivities.ITEM_COLUMNS);

    private final JdbcClient jdbc;

    GroupPages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The activities of each group that the reader sees, with ids up to {@code upTo}, newest first. */
    Map<GroupKey, List<ActivityItem>> activitiesOf(long readerId, List<GroupKey> keys, long upTo) {
        return activitiesOf(readerId, keys, upTo, null, Integer.MAX_VALUE);
    }

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
