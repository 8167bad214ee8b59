package dailyfeed.content.comment;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every comment and reply. A comment is live while neither it nor its post is deleted: deleting a post hides its
 * comments without touching them.
 */
@Repository
public class Comments {

    private static final String COLUMNS = "c.id, c.post_id, c.author_id, c.parent_comment_id, c.depth, c.content,"
            + " c.created_at, c.updated_at, c.like_count";
    private static final String LIVE = " FROM comments c JOIN posts p ON p.id = c.post_id"
            + " WHERE c.deleted_at IS NULL AND p.deleted_at IS NULL";

    private final JdbcClient jdbc;

    Comments(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Comment insert(long postId, long authorId, Long parentCommentId, int depth, String content) {
        return jdbc.sql("INSERT INTO comments AS c (post_id, author_id, parent_comment_id, depth, content)"
                        + " VALUES (?, ?, ?, ?, ?) RETURNING " + COLUMNS)
                .params(postId, authorId, parentCommentId, depth, content)
                .query(Comments::comment)
                .single();
    }

    public Optional<Comment> findLive(long id) {
        return jdbc.sql("SELECT " + COLUMNS + LIVE + " AND c.id = ?")
                .param(id)
                .query(Comments::comment)
                .optional();
    }

    /** The live comment, locked until the transaction ends, so that concurrent edits and deletes of it take turns. */
    Optional<Comment> lockLive(long id) {
        return jdbc.sql("SELECT " + COLUMNS + LIVE + " AND c.id = ? FOR NO KEY UPDATE OF c")
                .param(id)
                .query(Comments::comment)
                .optional();
    }

    /** Changes the text; empty if it was already so (nothing changed, {@code updatedAt} stays). */
    Optional<Comment> update(long id, String content) {
        return jdbc.sql("UPDATE comments AS c SET content = :content, updated_at = now()"
                        + " WHERE id = :id AND deleted_at IS NULL AND content IS DISTINCT FROM :content"
                        + " RETURNING " + COLUMNS)
                .param("id", id)
                .param("content", content)
                .query(Comments::comment)
                .optional();
    }

    void markDeleted(long id) {
        jdbc.sql("UPDATE comments SET deleted_at = now() WHERE id = ? AND deleted_at IS NULL")
                .param(id)
                .update();
    }

    /** A post's live comments and replies, oldest first, with ids above {@code afterId}. */
    List<Comment> ofPost(long postId, long afterId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM comments c WHERE c.post_id = ? AND c.id > ? AND c.deleted_at IS NULL"
                        + " ORDER BY c.id LIMIT ?")
                .params(postId, afterId, limit)
                .query(Comments::comment)
                .list();
    }

    /** Moves the like counter of a live comment; {@code false} if the comment is gone. */
    public boolean countLikes(long id, int delta) {
        return jdbc.sql("UPDATE comments SET like_count = like_count + ? WHERE id = ? AND deleted_at IS NULL")
                        .params(delta, id)
                        .update()
                == 1;
    }

    private static Comment comment(ResultSet rs, int row) throws SQLException {
        return new Comment(
                rs.getLong("id"),
                rs.getLong("post_id"),
                rs.getLong("author_id"),
                rs.getObject("parent_comment_id", Long.class),
                rs.getInt("depth"),
                rs.getString("content"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("like_count"));
    }
}
