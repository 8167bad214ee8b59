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
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
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
    void aPinnedFirstPageReadsTheHighestIdInTheSameStatementAsTheWindow() {
        long highest = jdbc.queryForObject("SELECT max(id) FROM member_activities", Long.class);
        TypeFilter any = new TypeFilter(Set.of());

        ActivityPages.PinnedScan dense = pages.followingsPinned(READER, any, 21);
        assertThat(dense.upTo()).isEqualTo(highest);
        assertThat(dense.items()).hasSize(21).isEqualTo(pages.followings(READER, null, any, 21, Long.MAX_VALUE));

        // a reader whose one followee is rare in the window: the per-followee query answers, pinned to the same id
        long sparseReader = READER - 1;
        followOnlyOneActor(sparseReader);
        try {
            ActivityPages.PinnedScan sparse = pages.followingsPinned(sparseReader, any, 21);
            assertThat(sparse.upTo()).isEqualTo(highest);
            assertThat(sparse.items())
                    .hasSize(21)
                    .allSatisfy(item -> assertThat(item.actor().id()).isEqualTo(FIRST_ACTOR + 3))
                    .isEqualTo(pages.followings(sparseReader, null, any, 21, Long.MAX_VALUE));
        } finally {
            jdbc.update("DELETE FROM follows WHERE follower_id = ?", sparseReader);
        }

        // a reader who follows no one: no rows, but still the id
        ActivityPages.PinnedScan nobody = pages.followingsPinned(READER - 2, any, 21);
        assertThat(nobody.items()).isEmpty();
        assertThat(nobody.upTo()).isEqualTo(highest);

        String plan = explain(sql.sql("EXPLAIN (ANALYZE, BUFFERS) " + ActivityPages.PINNED_RECENT_FOLLOWINGS_SQL)
                .param("member", READER)
                .param("beforeTime", OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC))
                .param("beforeId", Long.MAX_VALUE)
                .param("anyType", true)
                .param("types", new String[0])
                .param("limit", 21)
                .param("window", ActivityPages.RECENT_WINDOW));
        // the highest id from the end of the primary key, not by reading the table
        assertThat(plan)
                .contains("Index Only Scan Backward using member_activities_pkey")
                .doesNotContain("Seq Scan");
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
