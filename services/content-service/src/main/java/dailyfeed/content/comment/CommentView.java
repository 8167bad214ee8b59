package dailyfeed.content.comment;

import java.time.Instant;

/** A comment or reply as the API shows it. */
record CommentView(
        long id,
        long postId,
        long authorId,
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
