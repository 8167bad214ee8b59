package dailyfeed.content.post;

import java.time.Instant;

/** A live post as stored, with its counters. */
public record Post(
        long id,
        long authorId,
        String title,
        String content,
        Instant createdAt,
        Instant updatedAt,
        long likeCount,
        long commentCount) {

    public boolean isAuthoredBy(long memberId) {
        return authorId == memberId;
    }

    /** What names the post in an activity: its title if it has one, else its text. */
    public String summary() {
        return title == null || title.isBlank() ? content : title;
    }
}
