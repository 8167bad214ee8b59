package dailyfeed.events;

/** Every kind of member activity that travels on the activity topic. A reply is a comment with a parent. */
public enum EventType {
    POST_CREATED,
    POST_UPDATED,
    POST_DELETED,
    COMMENT_CREATED,
    COMMENT_UPDATED,
    COMMENT_DELETED,
    POST_LIKED,
    POST_UNLIKED,
    COMMENT_LIKED,
    COMMENT_UNLIKED,
    MEMBER_FOLLOWED,
    MEMBER_UNFOLLOWED;

    /** Whether this event tells that a post or comment was deleted: such an event never carries the deleted text. */
    public boolean isDeletion() {
        return this == POST_DELETED || this == COMMENT_DELETED;
    }
}
