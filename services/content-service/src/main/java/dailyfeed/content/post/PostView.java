package dailyfeed.content.post;

import java.time.Instant;

/** A post as the API shows it. */
record PostView(
        long id,
        long authorId,
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
