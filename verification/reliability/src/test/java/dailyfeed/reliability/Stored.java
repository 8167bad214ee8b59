package dailyfeed.reliability;

import dailyfeed.reliability.LedgerCheck.Activity;
import dailyfeed.reliability.LedgerCheck.Pair;
import dailyfeed.reliability.LedgerCheck.Visible;
import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Read-only queries of what the services stored, for a set of members. */
final class Stored {

    private final SystemUnderTest system;
    private final Long[] members;

    Stored(SystemUnderTest system, Collection<Long> members) {
        this.system = system;
        this.members = members.toArray(Long[]::new);
    }

    List<Activity> activities() throws SQLException {
        List<Activity> activities = new ArrayList<>();
        try (Connection db = system.database("activity");
                PreparedStatement query = db.prepareStatement("SELECT id, type, actor_id, post_id, comment_id,"
                        + " target_member_id, occurred_at FROM member_activities WHERE actor_id = ANY (?)")) {
            query.setArray(1, array(db));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    activities.add(new Activity(
                            rows.getLong(1),
                            rows.getString(2),
                            rows.getLong(3),
                            (Long) rows.getObject(4),
                            (Long) rows.getObject(5),
                            (Long) rows.getObject(6),
                            rows.getTimestamp(7).toInstant()));
                }
            }
        }
        return activities;
    }

    /**
     * The ids of these members' activities in stream order, (inserting transaction, id), as the live stream sends
     * them (docs/live-stream.md).
     */
    List<Long> inStreamOrder() throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (Connection db = system.database("activity");
                PreparedStatement query = db.prepareStatement(
                        "SELECT id FROM member_activities WHERE actor_id = ANY (?) ORDER BY tx, id")) {
            query.setArray(1, array(db));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getLong(1));
                }
            }
        }
        return ids;
    }

    long activityCount() throws SQLException {
        try (Connection db = system.database("activity");
                PreparedStatement query =
                        db.prepareStatement("SELECT count(*) FROM member_activities WHERE actor_id = ANY (?)")) {
            query.setArray(1, array(db));
            try (ResultSet rows = query.executeQuery()) {
                rows.next();
                return rows.getLong(1);
            }
        }
    }

    Visible visible() throws SQLException {
        try (Connection content = system.database("content");
                Connection member = system.database("member")) {
            return new Visible(
                    byText(content, "SELECT content, id FROM posts WHERE author_id = ANY (?)"),
                    byText(content, "SELECT content, id FROM comments WHERE author_id = ANY (?)"),
                    pairs(content, "SELECT post_id, member_id FROM post_likes WHERE member_id = ANY (?)"),
                    pairs(content, "SELECT comment_id, member_id FROM comment_likes WHERE member_id = ANY (?)"),
                    pairs(member, "SELECT followee_id, follower_id FROM follows WHERE follower_id = ANY (?)"));
        }
    }

    /** activity-service's follow graph, as (followee, follower) pairs like {@link Visible#follows()}. */
    Set<Pair> followGraph() throws SQLException {
        try (Connection activity = system.database("activity")) {
            return pairs(
                    activity, "SELECT followee_id, follower_id FROM follows WHERE following AND follower_id = ANY (?)");
        }
    }

    private Map<String, Long> byText(Connection db, String sql) throws SQLException {
        Map<String, Long> ids = new HashMap<>();
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setArray(1, array(db));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    if (ids.put(rows.getString(1), rows.getLong(2)) != null) {
                        throw new IllegalStateException("two rows with the text " + rows.getString(1));
                    }
                }
            }
        }
        return ids;
    }

    private Set<Pair> pairs(Connection db, String sql) throws SQLException {
        Set<Pair> pairs = new HashSet<>();
        try (PreparedStatement query = db.prepareStatement(sql)) {
            query.setArray(1, array(db));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    pairs.add(new Pair(rows.getLong(1), rows.getLong(2)));
                }
            }
        }
        return pairs;
    }

    private Array array(Connection db) throws SQLException {
        return db.createArrayOf("bigint", members);
    }
}
