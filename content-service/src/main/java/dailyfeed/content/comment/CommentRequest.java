package dailyfeed.content.comment;

import dailyfeed.content.post.CodePointLength;
import jakarta.validation.constraints.NotBlank;

/** The body of {@code POST /api/posts/{id}/comments}: a comment, or a reply when {@code parentCommentId} is set. */
record CommentRequest(@NotBlank @CodePointLength(min = 1, max = 1000) String content, Long parentCommentId) {
}
