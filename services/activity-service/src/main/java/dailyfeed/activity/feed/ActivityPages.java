package dailyfeed.activity.feed;

import dailyfeed.activity.store.ActivityItem;
import dailyfeed.activity.store.MemberActivities;
import dailyfeed.platform.paging.TimeAndIdCursor;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The read queries over {@code member_activities}, all keyset scans of the index
 * {@code (actor_id, occurred_at DESC, id DESC)} or, for the followings feed's first try, of
 * {@code (occurred_at DESC, id DESC)}: newest first, strictly after a cursor {@code (occurredAt, id)}, so
 * activities arriving while a client pages never shift a later page.
 */
@Repository
class ActivityPages {

    /**
     * The followings feed. Each followee contributes at most {@code :limit} candidates, read from the index alone
     * (LATERAL ... LIMIT); the newest {@code :limit} candidates are then fetched. The cost grows with the number of
     * followees times the page size, never with how many activities they have.
     */
    static final String FOLLOWINGS_SQL = """
            WITH page AS (
                SELECT latest.id, latest.occurred_at
                  FROM follows f
                 CROSS JOIN LATERAL (
                       SELECT a.id, a.occurred_at
                         FROM member_activities a
                        WHERE a.actor_id = f.followee_id
                          AND (a.occurred_at, a.id) < (:beforeTime, :beforeId)
                          AND a.id <= :upTo
                          AND (:anyType OR a.type = ANY (:types))
                        ORDER BY a.occurred_at DESC, a.id DESC
                        LIMIT :limit) latest
                 WHERE f.follower_id = :member AND f.following
                 ORDER BY latest.occurred_at DESC, latest.id DESC
                 LIMIT :limit)
            SELECT %s
              FROM page JOIN member_activities a ON a.id = page.id
             ORDER BY page.occurred_at DESC, page.id DESC""".formatted(MemberActivities.ITEM_COLUMNS);

    /**
     * The followings feed's first try: of the newest {@code :window} activities of anyone before the cursor, the newest
     * {@code :limit} by followees (the function of migration V10, which says why it is one). If the window holds
     * {@code :limit} of them, they are exactly the page; a reader whose followees are rare among the newest activities
     * gets fewer rows and {@link #FOLLOWINGS_SQL} answers instead.
     */
    static final String RECENT_FOLLOWINGS_SQL = """
            SELECT %s
              FROM followings_recent_window(:member, :beforeTime, :beforeId, :upTo, :anyType, :types, :limit, :window) a""".formatted(MemberActivities.ITEM_COLUMNS);

    /** How many of the newest activities {@link #RECENT_FOLLOWINGS_SQL} looks at: a fraction of a millisecond of index. */
    static final int RECENT_WINDOW = 2000;

    static final String MEMBER_SQL = """
            SELECT %s
              FROM member_activities a
             WHERE a.actor_id = :actor
               AND (a.occurred_at, a.id) < (:beforeTime, :beforeId)
             ORDER BY a.occurred_at DESC, a.id DESC
             LIMIT :limit""".formatted(MemberActivities.ITEM_COLUMNS);

    /**
     * "About me": the activities delivered to the member ({@code store.AboutMeRecipients}), newest first, by the index
     * {@code about_me (member_id, occurred_at, activity_id)}; undone likes and follows are left out.
     */
    static final String ABOUT_ME_SQL = """
            SELECT %s
              FROM about_me m JOIN member_activities a ON a.id = m.activity_id
             WHERE m.member_id = :member
               AND (m.occurred_at, m.activity_id) < (:beforeTime, :beforeId)
               AND a.undone_by IS NULL
               AND (:anyType OR a.type = ANY (:types))
             ORDER BY m.occurred_at DESC, m.activity_id DESC
             LIMIT :limit""".formatted(MemberActivities.ITEM_COLUMNS);

    /** Unread activities of followees, counted from the index alone and capped, so the banner's cost is bounded. */
    static final String UNREAD_SQL = """
            SELECT count(*) FROM (
                SELECT 1
                  FROM follows f
                 CROSS JOIN LATERAL (
                       SELECT 1
                         FROM member_activities a
                        WHERE a.actor_id = f.followee_id AND a.recorded_at >= :since
                        LIMIT :cap) newer
                 WHERE f.follower_id = :member AND f.following
                 LIMIT :cap) capped""";

    // The first page starts "before the end of time"; a member who never marked anything seen has seen nothing.
    private static final OffsetDateTime END_OF_TIME = OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC);
    private static final OffsetDateTime START_OF_TIME = OffsetDateTime.of(1, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    private final JdbcClient jdbc;

    ActivityPages(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The followees' activities after {@code after}, newest first, of those with an id up to {@code upTo}
     * ({@link Long#MAX_VALUE}: all) — the grouped feed pins what it pages through that way.
     */
    List<ActivityItem> followings(long memberId, TimeAndIdCursor after, TypeFilter types, int limit, long upTo) {
        List<ActivityItem> recent = followings(RECENT_FOLLOWINGS_SQL, memberId, after, types, limit, upTo);
        return recent.size() == limit ? recent : followings(FOLLOWINGS_SQL, memberId, after, types, limit, upTo);
    }

    /**
     * The followees' activities after {@code after} by {@link #FOLLOWINGS_SQL} alone: for a caller that already knows
     * the recent window does not hold them.
     */
    List<ActivityItem> followingsOfEachFollowee(
            long memberId, TimeAndIdCursor after, TypeFilter types, int limit, long upTo) {
        return followings(FOLLOWINGS_SQL, memberId, after, types, limit, upTo);
    }

    private List<ActivityItem> followings(
            String query, long memberId, TimeAndIdCursor after, TypeFilter types, int limit, long upTo) {
        return jdbc.sql(query)
                .param("member", memberId)
                .param("beforeTime", before(after))
                .param("beforeId", after == null ? Long.MAX_VALUE : after.id())
                .param("upTo", upTo)
                .param("anyType", types.isAny())
                .param("types", types.names())
                .param("limit", limit)
                .param("window", RECENT_WINDOW)
                .query(MemberActivities::item)
                .list();
    }

    List<ActivityItem> ofMember(long actorId, TimeAndIdCursor after, int limit) {
        return jdbc.sql(MEMBER_SQL)
                .param("actor", actorId)
                .param("beforeTime", before(after))
                .param("beforeId", after == null ? Long.MAX_VALUE : after.id())
                .param("limit", limit)
                .query(MemberActivities::item)
                .list();
    }

    List<ActivityItem> aboutMe(long memberId, TimeAndIdCursor after, TypeFilter types, int limit) {
        return jdbc.sql(ABOUT_ME_SQL)
                .param("member", memberId)
                .param("beforeTime", before(after))
                .param("beforeId", after == null ? Long.MAX_VALUE : after.id())
                .param("anyType", types.isAny())
                .param("types", types.names())
                .param("limit", limit)
                .query(MemberActivities::item)
                .list();
    }

    long unreadCount(long memberId, Instant since, int cap) {
        return jdbc.sql(UNREAD_SQL)
                .param("member", memberId)
                .param("since", since == null ? START_OF_TIME : OffsetDateTime.ofInstant(since, ZoneOffset.UTC))
                .param("cap", cap)
                .query(Long.class)
                .single();
    }

    static OffsetDateTime before(TimeAndIdCursor after) {
        return after == null ? END_OF_TIME : OffsetDateTime.ofInstant(after.at(), ZoneOffset.UTC);
    }
}
