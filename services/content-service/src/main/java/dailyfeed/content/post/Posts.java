package dailyfeed.content.post;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every post. Reads see live posts only (a soft-deleted post is gone for users); counters change with single
 * {@code UPDATE ... SET n = n + delta} statements so concurrent changes serialize on the row and none is lost.
 */
@Repository
public class Posts {

    private static final String COLUMNS =
            "id, author_id, title, content, created_at, updated_at, like_count, comment_count";

    private final JdbcClient jdbc;

    Posts(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Post insert(long authorId, String title, String content) {
        return jdbc.sql("INSERT INTO posts (author_id, title, content) VALUES (?, ?, ?) RETURNING " + COLUMNS)
                .params(authorId, title, content)
                .query(Posts::post)
                .single();
    }

    public Optional<Post> findLive(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM posts WHERE id = ? AND deleted_at IS NULL")
                .param(id)
                .query(Posts::post)
                .optional();
    }

    /** Who wrote the post, deleted or not: the owner an event about it names. */
    public long authorOf(long id) {
        return jdbc.sql("SELECT author_id FROM posts WHERE id = ?")
                .param(id)
                .query(Long.class)
                .single();
    }

    /**
     * The live post, locked until the transaction ends, so that concurrent edits and deletes of it take turns. The lock
     * does not cover the key, so comments and likes (whose foreign keys only share-lock the key) are not held up.
     */
    Optional<Post> lockLive(long id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM posts WHERE id = ? AND deleted_at IS NULL FOR NO KEY UPDATE")
                .param(id)
                .query(Posts::post)
                .optional();
    }

    /** Changes title and content; empty if they were already so (nothing changed, {@code updatedAt} stays). */
    Optional<Post> update(long id, String title, String content) {
        return jdbc.sql("UPDATE posts SET title = :title, content = :content, updated_at = now()"
                        + " WHERE id = :id AND deleted_at IS NULL"
                        + " AND (title IS DISTINCT FROM :title OR content IS DISTINCT FROM :content)"
                        + " RETURNING " + COLUMNS)
                .param("id", id)
                .param("title", title)
                .param("content", content)
                .query(Posts::post)
                .optional();
    }

    boolean markDeleted(long id) {
        return jdbc.sql("UPDATE posts SET deleted_at = now() WHERE id = ? AND deleted_at IS NULL")
                        .param(id)
                        .update()
                == 1;
    }

    /** An author's live posts, newest first, with ids below {@code beforeId}. */
    List<Post> byAuthor(long authorId, long beforeId, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM posts WHERE author_id = ? AND id < ? AND deleted_at IS NULL"
                        + " ORDER BY id DESC LIMIT ?")
                .params(authorId, beforeId, limit)
                .query(Posts::post)
                .list();
    }

    /**
     * Moves the like counter of a live post; {@code false} if the post is gone. The update waits for a concurrent
     * delete of the post and then sees it, so a like racing a delete fails instead of landing on a deleted post.
     */
    public boolean countLikes(long id, int delta) {
        return jdbc.sql("UPDATE posts SET like_count = like_count + ? WHERE id = ? AND deleted_at IS NULL")
                        .params(delta, id)
                        .update()
                == 1;
    }

    /** Moves the comment counter of a live post; {@code false} if the post is gone (see {@link #countLikes}). */
    public boolean countComments(long id, int delta) {
        return jdbc.sql("UPDATE posts SET comment_count = comment_count + ? WHERE id = ? AND deleted_at IS NULL")
                        .params(delta, id)
                        .update()
                == 1;
    }

    private static Post post(ResultSet rs, int row) throws SQLException {
        return new Post(
                rs.getLong("id"),
                rs.getLong("author_id"),
                rs.getString("title"),
                rs.getString("content"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant(),
                rs.getLong("like_count"),
                rs.getLong("comment_count"));
    }
}
