package dailyfeed.activity.feed;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.activity.ActivityServiceTest;
import dailyfeed.activity.store.ActivityItem;
import dailyfeed.activity.store.GroupKey;
import dailyfeed.activity.store.MemberActivities;
import dailyfeed.events.EventType;
import dailyfeed.platform.paging.TimeAndIdCursor;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The read queries' plans on a realistic shape: 200,000 activities of 2,000 actors, a reader following 1,000 of
 * them among 500,000 follows. Every access to {@code member_activities} must go through the keyset index; a
 * sequential scan would read every row on every request. The plans are printed for the README.
 */
@ActivityServiceTest
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FeedQueryPlanIntegrationTests {

    private static final long FIRST_ACTOR = 9_000_000;
    private static final long READER = 8_999_999;
    private static final String INDEX = "member_activities_actor_newest";

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    JdbcClient sql;

    @Autowired
    ActivityPages pages;

    @Autowired
    GroupPages groups;

    @Autowired
    DataSource dataSource;

    @BeforeAll
    void fill() {
        jdbc.update("""
                INSERT INTO member_activities (event_id, type, occurred_at, actor_id, actor_handle, actor_display_name,
                                               post_id, summary, schema_version)
                SELECT gen_random_uuid(), (ARRAY['POST_CREATED','COMMENT_CREATED','POST_LIKED','POST_UPDATED'])[1 + i % 4],
                       now() - make_interval(secs => i), ? + i % 2000, 'actor' || i % 2000, 'Actor', i, 'generated', 1
                  FROM generate_series(1, 200000) AS i""", FIRST_ACTOR);
        jdbc.update("""
                INSERT INTO follows (follower_id, followee_id, following, occurred_at, event_id)
                SELECT ? + f, ? + (f * 37 + g) % 2000, true, now(), gen_random_uuid()
                  FROM generate_series(1, 10000) AS f, generate_series(1, 50) AS g
                ON CONFLICT DO NOTHING""", READER, FIRST_ACTOR);
        jdbc.update("""
                INSERT INTO follows (follower_id, followee_id, following, occurred_at, event_id)
                SELECT ?, ? + g * 2, true, now(), gen_random_uuid() FROM generate_series(0, 999) AS g""", READER, FIRST_ACTOR);
        // the reader's "about me": every like among the activities (50,000)
        jdbc.update("""
                INSERT INTO about_me (member_id, occurred_at, activity_id)
                SELECT ?, occurred_at, id FROM member_activities WHERE actor_id >= ? AND type = 'POST_LIKED'""", READER, FIRST_ACTOR);
        jdbc.execute("VACUUM ANALYZE member_activities");
        jdbc.execute("VACUUM ANALYZE follows");
        jdbc.execute("VACUUM ANALYZE about_me");
    }

    @AfterAll
    void empty() {
        jdbc.update("DELETE FROM member_activities WHERE actor_id >= ?", FIRST_ACTOR);
        jdbc.update("DELETE FROM follows WHERE follower_id >= ?", READER);
        jdbc.update("DELETE FROM about_me WHERE member_id = ?", READER);
        jdbc.execute("ANALYZE member_activities");
        jdbc.execute("ANALYZE follows");
    }

    @Test
    void theFollowingsFeedReadsEachFolloweeFromTheIndexOnly() {
        OffsetDateTime cursorTime = jdbc.queryForObject(
                "SELECT occurred_at FROM member_activities WHERE actor_id = ? ORDER BY occurred_at DESC LIMIT 1 OFFSET 40",
                OffsetDateTime.class,
                FIRST_ACTOR);
        String plan = explain(sql.sql("EXPLAIN (ANALYZE, BUFFERS) " + ActivityPages.FOLLOWINGS_SQL)
                .param("member", READER)
                .param("beforeTime", cursorTime)
                .param("beforeId", Long.MAX_VALUE)
                .param("upTo", Long.MAX_VALUE)
                .param("anyType", false)
                .param("types", new String[] {"POST_CREATED", "COMMENT_CREATED"})
                .param("limit", 21));

        assertThat(plan).contains("Index Only Scan using " + INDEX).doesNotContain("Seq Scan");
        assertThat(plan).contains("Index Scan using member_activities_pkey").contains("follows_followings");
    }

    @Test
    void theRecentWindowIsReadFromTheNewestIndexOnlyByOnePlanForEveryRead() throws SQLException {
        // the function's statement is planned inside it, so its plan is what auto_explain logs to this session
        try (Connection connection = dataSource.getConnection();
                Statement session = connection.createStatement()) {
            session.execute("LOAD 'auto_explain'");
            session.execute("SET auto_explain.log_min_duration = 0");
            session.execute("SET auto_explain.log_nested_statements = on");
            session.execute("SET client_min_messages = log");
            try {
                List<String> plans = new ArrayList<>();
                for (OffsetDateTime before : List.of(
                        OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC),
                        OffsetDateTime.now(ZoneOffset.UTC).minusHours(1))) {
                    plans.add(innerPlan(connection, before));
                }

                // planned for no values in particular (parameters, not the cursor's values), so not planned per read
                assertThat(plans)
                        .allSatisfy(plan -> assertThat(plan)
                                .contains("Index Only Scan using member_activities_newest")
                                .contains("ROW($2, $3)")
                                .doesNotContain("Seq Scan"));
            } finally {
                session.execute("RESET client_min_messages");
                session.execute("RESET auto_explain.log_nested_statements");
                session.execute("RESET auto_explain.log_min_duration");
            }
        }
    }

    /** Runs the recent-window query as ActivityPages does and returns the plan auto_explain logged for its function. */
    private static String innerPlan(Connection connection, OffsetDateTime before) throws SQLException {
        try (PreparedStatement recent =
                connection.prepareStatement(ActivityPages.RECENT_FOLLOWINGS_SQL.replaceAll(":\\w+", "?"))) {
            recent.setLong(1, READER);
            recent.setObject(2, before);
            recent.setLong(3, Long.MAX_VALUE);
            recent.setLong(4, Long.MAX_VALUE);
            recent.setBoolean(5, true);
            recent.setObject(6, new String[0]);
            recent.setInt(7, 21);
            recent.setInt(8, ActivityPages.RECENT_WINDOW);
            try (ResultSet rows = recent.executeQuery()) {
                assertThat(rows.next()).isTrue();
            }
            List<String> logged = new ArrayList<>();
            for (SQLWarning w = recent.getWarnings(); w != null; w = w.getNextWarning()) {
                logged.add(w.getMessage());
            }
            return logged.stream()
                    .filter(message -> message.contains("FROM member_activities a"))
                    .findFirst()
                    .orElseThrow(() -> new AssertionError("no plan of the window's statement was logged: " + logged));
        }
    }

    @Test
    void theRecentWindowAnswersTheSamePagesAsThePerFolloweeQuery() {
        // READER follows every other actor: dense, so the window holds whole pages
        assertSamePages(READER, 21, Set.of());
        // with a types filter (the followed actors' activities are every fourth a POST_CREATED)
        assertSamePages(READER, 21, Set.of(EventType.POST_CREATED));
        // a reader of one actor finds at most one activity in the window: the per-followee query answers
        long sparseReader = READER - 1;
        followOnlyOneActor(sparseReader);
        try {
            assertSamePages(sparseReader, 21, Set.of());
        } finally {
            jdbc.update("DELETE FROM follows WHERE follower_id = ?", sparseReader);
        }
    }

    @Test
    void aGroupedFirstRoundFindsInOneStatementWhatTheScanAndItsGroupsFind() {
        // the newest activities: every kind of group, each of two followed actors' activities and one of an actor the
        // reader does not follow; new comments on one post have comments of their own, so only the parent is the key
        jdbc.update("""
                INSERT INTO member_activities (event_id, type, occurred_at, actor_id, actor_handle, actor_display_name,
                                               post_id, comment_id, parent_comment_id, target_member_id, summary,
                                               schema_version)
                SELECT gen_random_uuid(), shape.type,
                       date_trunc('day', now(), 'UTC') + interval '1 day'
                           + make_interval(mins => shape.n, secs => actor.k),
                       ? + actor.k, 'actor', 'Actor', shape.post_id,
                       CASE WHEN shape.type = 'COMMENT_CREATED' THEN 900000100 + shape.n * 10 + actor.k
                            ELSE shape.comment_id END,
                       shape.parent_comment_id, shape.member_id, 'every kind of group', 1
                  FROM (VALUES (1, 'POST_CREATED', 900000001, NULL, NULL, NULL),
                               (2, 'POST_UPDATED', 900000001, NULL, NULL, NULL),
                               (3, 'POST_DELETED', 900000001, NULL, NULL, NULL),
                               (4, 'POST_LIKED', 900000001, NULL, NULL, NULL),
                               (5, 'POST_UNLIKED', 900000001, NULL, NULL, NULL),
                               (6, 'COMMENT_CREATED', 900000001, NULL, NULL, NULL),
                               (7, 'COMMENT_CREATED', 900000001, NULL, 900000011, NULL),
                               (8, 'COMMENT_UPDATED', 900000001, 900000011, NULL, NULL),
                               (9, 'COMMENT_DELETED', 900000001, 900000011, NULL, NULL),
                               (10, 'COMMENT_LIKED', 900000001, 900000011, NULL, NULL),
                               (11, 'COMMENT_UNLIKED', 900000001, 900000011, NULL, NULL),
                               (12, 'MEMBER_FOLLOWED', NULL, NULL, NULL, 900000077),
                               (13, 'MEMBER_UNFOLLOWED', NULL, NULL, NULL, 900000077))
                       AS shape(n, type, post_id, comment_id, parent_comment_id, member_id)
                 CROSS JOIN (VALUES (0), (1), (2)) AS actor(k)""", FIRST_ACTOR);
        try {
            long highest = jdbc.queryForObject("SELECT max(id) FROM member_activities", Long.class);
            TypeFilter any = new TypeFilter(Set.of());
            int limit = 40;

            GroupPages.FirstRound round = groups.firstRound(READER, any, limit);

            List<ActivityItem> scan = pages.followings(READER, null, any, limit, highest);
            Map<GroupKey, List<ActivityItem>> expected = groups.activitiesOf(
                    READER, scan.stream().map(GroupKey::of).distinct().toList(), highest);
            assertThat(round.upTo()).isEqualTo(highest);
            assertThat(round.scanned()).isEqualTo(limit);
            assertThat(round.last()).isEqualTo(FollowingsFeed.cursorOf(scan.get(limit - 1)));
            assertThat(round.groups()).isEqualTo(expected);
            // the key computed by the statement is GroupKey.of: each kind of group once, with its followed actors'
            // two activities
            Map<GroupKey, List<ActivityItem>> everyKind = new LinkedHashMap<>(expected);
            everyKind.keySet().removeIf(key -> !key.day().isAfter(LocalDate.now(ZoneOffset.UTC)));
            assertThat(everyKind)
                    .hasSize(13)
                    .allSatisfy((key, activities) -> assertThat(activities)
                            .hasSize(2)
                            .allSatisfy(activity ->
                                    assertThat(GroupKey.of(activity)).isEqualTo(key)));
            assertThat(everyKind.keySet()).extracting(GroupKey::type).containsAll(EnumSet.allOf(EventType.class));
        } finally {
            jdbc.update("DELETE FROM member_activities WHERE summary = 'every kind of group'");
        }
    }

    @Test
    void aGroupedFirstRoundSaysWhenTheRecentWindowHeldLessThanABatch() {
        long highest = jdbc.queryForObject("SELECT max(id) FROM member_activities", Long.class);
        TypeFilter any = new TypeFilter(Set.of());

        // a reader whose one followee is rare in the window: fewer than the batch, for the per-followee query
        long sparseReader = READER - 1;
        followOnlyOneActor(sparseReader);
        try {
            GroupPages.FirstRound sparse = groups.firstRound(sparseReader, any, 21);
            assertThat(sparse.upTo()).isEqualTo(highest);
            assertThat(sparse.scanned()).isLessThan(21);
        } finally {
            jdbc.update("DELETE FROM follows WHERE follower_id = ?", sparseReader);
        }

        // a reader who follows no one: nothing scanned, no groups, but still the id
        GroupPages.FirstRound nobody = groups.firstRound(READER - 2, any, 21);
        assertThat(nobody.upTo()).isEqualTo(highest);
        assertThat(nobody.scanned()).isZero();
        assertThat(nobody.last()).isNull();
        assertThat(nobody.groups()).isEmpty();

        String plan = explain(sql.sql("EXPLAIN (ANALYZE, BUFFERS) " + GroupPages.FIRST_ROUND_SQL)
                .param("member", READER)
                .param("beforeTime", OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC))
                .param("beforeId", Long.MAX_VALUE)
                .param("anyType", true)
                .param("types", new String[0])
                .param("limit", 21)
                .param("window", ActivityPages.RECENT_WINDOW));
        // the highest id from the end of the primary key, each group by its target, nothing by reading the table
        assertThat(plan)
                .contains("Index Only Scan Backward using member_activities_pkey")
                .contains("Index Scan using member_activities_quoting_post")
                .doesNotContain("Seq Scan")
                .doesNotContain("Hash Join");
    }

    /** Makes {@code reader} follow one actor alone, whose activities are rare among the newest ones. */
    private void followOnlyOneActor(long reader) {
        jdbc.update(
                "INSERT INTO follows (follower_id, followee_id, following, occurred_at, event_id) VALUES (?, ?, true, now(), gen_random_uuid())",
                reader,
                FIRST_ACTOR + 3);
    }

    /** Walks three pages with {@link ActivityPages#followings} and checks each against {@link ActivityPages#FOLLOWINGS_SQL}. */
    private void assertSamePages(long reader, int limit, Set<EventType> types) {
        TimeAndIdCursor cursor = null;
        for (int page = 0; page < 3; page++) {
            List<ActivityItem> answered =
                    pages.followings(reader, cursor, new TypeFilter(types), limit, Long.MAX_VALUE);
            List<ActivityItem> expected = sql.sql(ActivityPages.FOLLOWINGS_SQL)
                    .param("member", reader)
                    .param(
                            "beforeTime",
                            cursor == null
                                    ? OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC)
                                    : OffsetDateTime.ofInstant(cursor.at(), ZoneOffset.UTC))
                    .param("beforeId", cursor == null ? Long.MAX_VALUE : cursor.id())
                    .param("upTo", Long.MAX_VALUE)
                    .param("anyType", types.isEmpty())
                    .param("types", types.stream().map(EventType::name).toArray(String[]::new))
                    .param("limit", limit)
                    .query(MemberActivities::item)
                    .list();
            assertThat(expected).hasSize(limit);
            assertThat(answered).isEqualTo(expected);
            ActivityItem last = answered.get(answered.size() - 1);
            cursor = new TimeAndIdCursor(last.occurredAt(), last.id());
        }
    }

    @Test
    void oneMembersPageIsAKeysetScanOfTheIndex() {
        String plan = explain(sql.sql("EXPLAIN (ANALYZE, BUFFERS) " + ActivityPages.MEMBER_SQL)
                .param("actor", FIRST_ACTOR + 7)
                .param("beforeTime", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1))
                .param("beforeId", Long.MAX_VALUE)
                .param("limit", 21));

        assertThat(plan)
                .contains("Index Scan using " + INDEX)
                .doesNotContain("Seq Scan")
                .doesNotContain("Sort");
    }

    @Test
    void theUnreadCountIsCountedFromTheIndexOnly() {
        String plan = explain(sql.sql("EXPLAIN (ANALYZE, BUFFERS) " + ActivityPages.UNREAD_SQL)
                .param("member", READER)
                .param("since", OffsetDateTime.now(ZoneOffset.UTC).minusHours(2))
                .param("cap", FollowingsFeed.UNREAD_COUNT_CAP));

        assertThat(plan).contains("member_activities_actor_arrivals").doesNotContain("Seq Scan");
    }

    @Test
    void aboutMeIsAKeysetScanOfItsIndex() {
        String plan = explain(sql.sql("EXPLAIN (ANALYZE, BUFFERS) " + ActivityPages.ABOUT_ME_SQL)
                .param("member", READER)
                .param("beforeTime", OffsetDateTime.now(ZoneOffset.UTC).minusHours(1))
                .param("beforeId", Long.MAX_VALUE)
                .param("anyType", true)
                .param("types", new String[0])
                .param("limit", 21));

        assertThat(plan)
                .contains("Scan Backward using about_me_pkey")
                .doesNotContain("Seq Scan")
                .doesNotContain("Sort");
    }

    @Test
    void aGroupsActivitiesAreFoundByItsTargetNotByScanningTheFollowees() {
        ActivityItem like = sql.sql("SELECT " + MemberActivities.ITEM_COLUMNS
                        + " FROM member_activities a WHERE a.actor_id = ? AND a.type = 'POST_LIKED' LIMIT 1")
                .param(FIRST_ACTOR + 2)
                .query(MemberActivities::item)
                .single();
        GroupKey key = GroupKey.of(like);
        String plan = explain(sql.sql("EXPLAIN (ANALYZE, BUFFERS) " + GroupPages.MEMBERS_SQL)
                .params(
                        new Integer[] {0},
                        new String[] {key.type().name()},
                        new Long[] {key.postId()},
                        new Long[] {null},
                        new Long[] {null},
                        new String[] {key.dayStart().toString()},
                        Long.MAX_VALUE,
                        Long.MAX_VALUE,
                        OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC),
                        Long.MAX_VALUE,
                        READER,
                        Integer.MAX_VALUE));

        assertThat(plan)
                .contains("Index Scan using member_activities_quoting_post")
                .doesNotContain("Seq Scan")
                .doesNotContain("Hash Join");
    }

    private static String explain(JdbcClient.StatementSpec statement) {
        String plan = String.join("\n", statement.query(String.class).list());
        System.out.println(plan);
        return plan;
    }
}
