package dailyfeed.content.comment;

import java.time.Instant;

/**
 * A live comment on a live post. {@code depth} is 0 for a comment, 1 for a reply, 2 for a reply to a reply.
 */
public record Comment(
        long id,
        long postId,
        long authorId,
        Long parentCommentId,
        int depth,
        String content,
        Instant createdAt,
        Instant updatedAt,
        long likeCount) {

    /** Replies nest at most two levels below a comment. */
    static final int MAX_DEPTH = 2;

    boolean isAuthoredBy(long memberId) {
        return authorId == memberId;
    }

    boolean acceptsReplies() {
        return depth < MAX_DEPTH;
    }
}
