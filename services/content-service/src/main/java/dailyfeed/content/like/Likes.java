package dailyfeed.content.like;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Who likes which post or comment: one row per liker. Adding and removing report whether anything changed, and
 * concurrent requests of one member settle on the primary key (exactly one insert or delete wins), so the counters
 * move exactly once per real change.
 */
@Repository
class Likes {

    private final JdbcClient jdbc;

    Likes(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    boolean likePost(long postId, long memberId) {
        return jdbc.sql("INSERT INTO post_likes (post_id, member_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(postId, memberId)
                        .update()
                == 1;
    }

    boolean unlikePost(long postId, long memberId) {
        return jdbc.sql("DELETE FROM post_likes WHERE post_id = ? AND member_id = ?")
                        .params(postId, memberId)
                        .update()
                == 1;
    }

    boolean likeComment(long commentId, long memberId) {
        return jdbc.sql("INSERT INTO comment_likes (comment_id, member_id) VALUES (?, ?) ON CONFLICT DO NOTHING")
                        .params(commentId, memberId)
                        .update()
                == 1;
    }

    boolean unlikeComment(long commentId, long memberId) {
        return jdbc.sql("DELETE FROM comment_likes WHERE comment_id = ? AND member_id = ?")
                        .params(commentId, memberId)
                        .update()
                == 1;
    }
}
