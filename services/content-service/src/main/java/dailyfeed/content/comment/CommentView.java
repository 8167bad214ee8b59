package dailyfeed.content.comment;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A comment or reply as the API shows it. */
record CommentView(
        long id,
        long postId,
        long authorId,

        @Schema(nullable = true, description = "The comment this replies to; null for a comment on the post.")
        Long parentCommentId,

        String content,
        Instant createdAt,
        Instant updatedAt,
        long likeCount) {

    static CommentView of(Comment comment) {
        return new CommentView(
                comment.id(),
                comment.postId(),
                comment.authorId(),
                comment.parentCommentId(),
                comment.content(),
                comment.createdAt(),
                comment.updatedAt(),
                comment.likeCount());
    }
}
