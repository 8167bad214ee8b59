package dailyfeed.content.like;

import dailyfeed.content.comment.Comment;
import dailyfeed.content.comment.CommentNotFound;
import dailyfeed.content.comment.Comments;
import dailyfeed.content.post.Post;
import dailyfeed.content.post.PostNotFound;
import dailyfeed.content.post.Posts;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEvent.Targets;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import dailyfeed.outbox.EventOutbox;
import dailyfeed.platform.security.CurrentMember;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Likes and unlikes, idempotent: only a real change moves the counter and records an event, both in the
 * transaction of the change. Liking a deleted post or comment is a 404 like any other access to it.
 */
@Service
class Liking {

    private final Posts posts;
    private final Comments comments;
    private final Likes likes;
    private final EventOutbox outbox;

    Liking(Posts posts, Comments comments, Likes likes, EventOutbox outbox) {
        this.posts = posts;
        this.comments = comments;
        this.likes = likes;
        this.outbox = outbox;
    }

    @Transactional
    void likePost(CurrentMember member, long postId) {
        Post post = posts.findLive(postId).orElseThrow(() -> new PostNotFound(postId));
        if (likes.likePost(postId, member.id())) {
            counted(posts.countLikes(postId, 1), () -> new PostNotFound(postId));
            outbox.record(postEvent(EventType.POST_LIKED, member, post));
        }
    }

    @Transactional
    void unlikePost(CurrentMember member, long postId) {
        Post post = posts.findLive(postId).orElseThrow(() -> new PostNotFound(postId));
        if (likes.unlikePost(postId, member.id())) {
            counted(posts.countLikes(postId, -1), () -> new PostNotFound(postId));
            outbox.record(postEvent(EventType.POST_UNLIKED, member, post));
        }
    }

    @Transactional
    void likeComment(CurrentMember member, long commentId) {
        Comment comment = comments.findLive(commentId).orElseThrow(() -> new CommentNotFound(commentId));
        if (likes.likeComment(commentId, member.id())) {
            counted(comments.countLikes(commentId, 1), () -> new CommentNotFound(commentId));
            outbox.record(commentEvent(EventType.COMMENT_LIKED, member, comment, posts.authorOf(comment.postId())));
        }
    }

    @Transactional
    void unlikeComment(CurrentMember member, long commentId) {
        Comment comment = comments.findLive(commentId).orElseThrow(() -> new CommentNotFound(commentId));
        if (likes.unlikeComment(commentId, member.id())) {
            counted(comments.countLikes(commentId, -1), () -> new CommentNotFound(commentId));
            outbox.record(commentEvent(EventType.COMMENT_UNLIKED, member, comment, posts.authorOf(comment.postId())));
        }
    }

    /** A target deleted between the read and the count: the like rolls back, as if it came after the delete. */
    private static void counted(boolean counted, Supplier<RuntimeException> gone) {
        if (!counted) {
            throw gone.get();
        }
    }

    private static ActivityEvent postEvent(EventType type, CurrentMember member, Post post) {
        return ActivityEvent.of(type, actorOf(member), Targets.post(post.id(), post.authorId()), post.summary());
    }

    private static ActivityEvent commentEvent(
            EventType type, CurrentMember member, Comment comment, long postAuthorId) {
        return ActivityEvent.of(
                type,
                actorOf(member),
                Targets.comment(
                        comment.postId(), postAuthorId, comment.id(), comment.parentCommentId(), comment.authorId()),
                comment.content());
    }

    private static Actor actorOf(CurrentMember member) {
        return new Actor(member.id(), member.handle(), member.displayName());
    }
}
