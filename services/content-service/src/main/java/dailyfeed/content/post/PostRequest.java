package dailyfeed.content.post;

import dailyfeed.platform.validation.CodePointLength;
import dailyfeed.platform.validation.StorableText;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;

/**
 * The body of {@code POST /api/posts} and {@code PUT /api/posts/{id}}: text is kept exactly as sent, but a content of
 * whitespace only is refused, as a post with nothing to read.
 */
record PostRequest(
        @Schema(nullable = true) @StorableText @CodePointLength(max = 200, message = "must be at most 200 characters")
        String title,

        @NotBlank @StorableText @CodePointLength(max = 5000, message = "must be at most 5000 characters")
        String content) {}
