package dailyfeed.content.comment;

import dailyfeed.platform.validation.CodePointLength;
import dailyfeed.platform.validation.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

/** The body of {@code POST /api/posts/{id}/comments}: a comment, or a reply when {@code parentCommentId} is set. */
record CommentRequest(
        @NotBlank @StorableText @CodePointLength(max = 1000, message = "must be at most 1000 characters")
        String content,

        @Schema(nullable = true, description = "The comment to reply to; none for a comment on the post.")
        Long parentCommentId) {}
