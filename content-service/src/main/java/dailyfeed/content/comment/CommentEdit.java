package dailyfeed.content.comment;

import dailyfeed.content.post.CodePointLength;
import jakarta.validation.constraints.NotBlank;

/** The body of {@code PUT /api/comments/{id}}. */
record CommentEdit(@NotBlank @CodePointLength(min = 1, max = 1000) String content) {
}
