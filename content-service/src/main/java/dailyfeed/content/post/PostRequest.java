package dailyfeed.content.post;

import jakarta.validation.constraints.NotBlank;

/** The body of {@code POST /api/posts} and {@code PUT /api/posts/{id}}; text is kept exactly as sent. */
record PostRequest(
        @CodePointLength(max = 200, message = "must be at most 200 characters") String title,
        @NotBlank @CodePointLength(min = 1, max = 5000) String content) {
}
