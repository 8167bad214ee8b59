package dailyfeed.content.post;

import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;

/** A post as the API shows it. */
record PostView(
        long id,
        long authorId,

        @Schema(nullable = true, description = "Absent when the author gave none.")
        String title,

        String content,
        Instant createdAt,
        Instant updatedAt,
        long likeCount,
        long commentCount) {

    static PostView of(Post post) {
        return new PostView(
                post.id(),
                post.authorId(),
                post.title(),
                post.content(),
                post.createdAt(),
                post.updatedAt(),
                post.likeCount(),
                post.commentCount());
    }
}
