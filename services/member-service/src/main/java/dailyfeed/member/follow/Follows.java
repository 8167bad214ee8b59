package dailyfeed.member.follow;

import dailyfeed.member.account.MemberSummary;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Who follows whom. Adding and removing report whether anything changed, so no-ops emit no event. */
@Repository
class Follows {

    private final JdbcClient jdbc;

    Follows(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Adds the follow; {@code false} if it already existed (concurrent adds: exactly one wins). */
    boolean add(long followerId, long followeeId, Instant now) {
        return jdbc.sql("""
                INSERT INTO follows (follower_id, followee_id, created_at) VALUES (?, ?, ?)
                ON CONFLICT ON CONSTRAINT follows_once DO NOTHING""").params(followerId, followeeId, Timestamp.from(now)).update() == 1;
    }

    /** Removes the follow; {@code false} if there was none. */
    boolean remove(long followerId, long followeeId) {
        return jdbc.sql("DELETE FROM follows WHERE follower_id = ? AND followee_id = ?")
                        .params(followerId, followeeId)
                        .update()
                == 1;
    }

    /**
     * Raises the pair's version and returns it: 1 for its first change. The row stays locked until commit, so the
     * changes of one pair get increasing versions in the order they commit.
     */
    long nextVersion(long followerId, long followeeId) {
        return jdbc.sql("""
                INSERT INTO follow_versions AS v (follower_id, followee_id, version) VALUES (?, ?, 1)
                ON CONFLICT (follower_id, followee_id) DO UPDATE SET version = v.version + 1
                RETURNING version""").params(followerId, followeeId).query(Long.class).single();
    }

    /**
     * One side of a member's follows, most recent first, starting after the follow with id {@code beforeFollowId}:
     * the follow's own id orders the list, so rows arriving meanwhile never shift a later page.
     */
    List<Listed> list(Side side, long memberId, long beforeFollowId, int limit) {
        return jdbc.sql("SELECT f.id AS follow_id, m.id, m.handle, m.display_name, m.created_at"
                        + " FROM follows f JOIN members m ON m.id = f." + side.listedColumn
                        + " WHERE f." + side.ownerColumn + " = ? AND f.id < ?"
                        + " ORDER BY f.id DESC LIMIT ?")
                .params(memberId, beforeFollowId, limit)
                .query(Follows::listed)
                .list();
    }

    /** Which of a member's lists: whom they follow, or who follows them. */
    enum Side {
        FOLLOWINGS("follower_id", "followee_id"),
        FOLLOWERS("followee_id", "follower_id");

        private final String ownerColumn;
        private final String listedColumn;

        Side(String ownerColumn, String listedColumn) {
            this.ownerColumn = ownerColumn;
            this.listedColumn = listedColumn;
        }
    }

    private static Listed listed(ResultSet rs, int row) throws SQLException {
        return new Listed(
                rs.getLong("follow_id"),
                new MemberSummary(
                        rs.getLong("id"),
                        rs.getString("handle"),
                        rs.getString("display_name"),
                        rs.getTimestamp("created_at").toInstant()));
    }

    /** A member in a follow list, with the follow's id that orders the list. */
    record Listed(long followId, MemberSummary member) {}
}
