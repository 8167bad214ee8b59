package dailyfeed.content.comment;

import dailyfeed.platform.validation.CodePointLength;
import dailyfeed.platform.validation.StorableText;
import jakarta.validation.constraints.NotBlank;

/** The body of {@code PUT /api/comments/{id}}. */
record CommentEdit(
        @NotBlank @StorableText @CodePointLength(max = 1000, message = "must be at most 1000 characters")
        String content) {}
