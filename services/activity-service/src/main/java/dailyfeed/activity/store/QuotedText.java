package dailyfeed.activity.store;

import dailyfeed.events.ActivityEvent;
import java.util.Optional;

/**
 * The post or comment whose text an activity's summary quotes: a post's for the {@code POST_*} kinds, a comment's
 * for the {@code COMMENT_*} kinds (a reply quotes itself, not its parent), nothing for follows.
 */
record QuotedText(Kind kind, long contentId) {

    enum Kind {
        POST,
        COMMENT;

        /** As stored in {@code withdrawn_texts.kind}. */
        String column() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    static Optional<QuotedText> of(ActivityEvent event) {
        return switch (event.type()) {
            case POST_CREATED, POST_UPDATED, POST_DELETED, POST_LIKED, POST_UNLIKED ->
                Optional.ofNullable(event.postId()).map(id -> new QuotedText(Kind.POST, id));
            case COMMENT_CREATED, COMMENT_UPDATED, COMMENT_DELETED, COMMENT_LIKED, COMMENT_UNLIKED ->
                Optional.ofNullable(event.commentId()).map(id -> new QuotedText(Kind.COMMENT, id));
            case MEMBER_FOLLOWED, MEMBER_UNFOLLOWED -> Optional.empty();
        };
    }
}
