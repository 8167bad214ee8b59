package dailyfeed.content.comment;

import dailyfeed.content.post.NotTheAuthor;
import dailyfeed.content.post.Post;
import dailyfeed.content.post.PostNotFound;
import dailyfeed.content.post.Posts;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEvent.Targets;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import dailyfeed.outbox.EventOutbox;
import dailyfeed.platform.paging.CursorPage;
import dailyfeed.platform.paging.IdCursor;
import dailyfeed.platform.paging.PageRequest;
import dailyfeed.platform.security.CurrentMember;
import dailyfeed.platform.web.InvalidRequest;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Comments and replies. Each change records its event in the same transaction as the change and the post's
 * {@code commentCount}; an edit that changes nothing records none.
 */
@Service
class Commenting {

    private final Posts posts;
    private final Comments comments;
    private final EventOutbox outbox;

    Commenting(Posts posts, Comments comments, EventOutbox outbox) {
        this.posts = posts;
        this.comments = comments;
        this.outbox = outbox;
    }

    @Transactional
    Comment write(CurrentMember author, long postId, CommentRequest request) {
        Post post = livePost(postId);
        int depth = 0;
        long answeredAuthorId = post.authorId();
        if (request.parentCommentId() != null) {
            Comment parent = comments.findLive(request.parentCommentId())
                    .orElseThrow(() -> new CommentNotFound(request.parentCommentId()));
            if (parent.postId() != post.id()) {
                throw new InvalidRequest("parentCommentId", "is a comment of another post");
            }
            if (!parent.acceptsReplies()) {
                throw new InvalidRequest("parentCommentId", "replies nest at most " + Comment.MAX_DEPTH + " levels");
            }
            depth = parent.depth() + 1;
            answeredAuthorId = parent.authorId();
        }
        Comment comment = comments.insert(post.id(), author.id(), request.parentCommentId(), depth, request.content());
        if (!posts.countComments(post.id(), 1)) {
            throw new PostNotFound(post.id()); // deleted meanwhile: the comment rolls back
        }
        outbox.record(ActivityEvent.of(
                EventType.COMMENT_CREATED,
                actorOf(author),
                Targets.newComment(
                        post.id(), post.authorId(), comment.id(), comment.parentCommentId(), answeredAuthorId),
                comment.content()));
        return comment;
    }

    /** A live post's comments and replies, oldest first: the order of a conversation. */
    @Transactional(readOnly = true)
    CursorPage<Comment> ofPost(long postId, PageRequest<IdCursor> page) {
        livePost(postId);
        long after = page.isFirstPage() ? 0 : page.after().id();
        return CursorPage.of(
                comments.ofPost(postId, after, page.fetchSize()), page.size(), comment -> new IdCursor(comment.id()));
    }

    @Transactional
    Comment edit(CurrentMember editor, long id, CommentEdit request) {
        Comment comment = ownedBy(editor, id);
        return comments.update(id, request.content())
                .map(edited -> {
                    outbox.record(eventOf(EventType.COMMENT_UPDATED, editor, edited));
                    return edited;
                })
                .orElse(comment);
    }

    /** Soft-deletes the comment. Its replies stay: they belong to their authors, and readers see them as replies to a deleted comment. */
    @Transactional
    void delete(CurrentMember editor, long id) {
        Comment comment = ownedBy(editor, id);
        comments.markDeleted(id);
        if (!posts.countComments(comment.postId(), -1)) {
            throw new CommentNotFound(id); // its post was deleted meanwhile, and the comment with it
        }
        outbox.record(eventOf(EventType.COMMENT_DELETED, editor, comment));
    }

    private Post livePost(long postId) {
        return posts.findLive(postId).orElseThrow(() -> new PostNotFound(postId));
    }

    private Comment ownedBy(CurrentMember editor, long id) {
        Comment comment = comments.lockLive(id).orElseThrow(() -> new CommentNotFound(id));
        if (!comment.isAuthoredBy(editor.id())) {
            throw new NotTheAuthor("comment");
        }
        return comment;
    }

    /** An event about an existing comment: its post's author is looked up (the comment row does not name them). */
    private ActivityEvent eventOf(EventType type, CurrentMember actor, Comment comment) {
        return ActivityEvent.of(
                type,
                actorOf(actor),
                Targets.comment(
                        comment.postId(),
                        posts.authorOf(comment.postId()),
                        comment.id(),
                        comment.parentCommentId(),
                        comment.authorId()),
                comment.content());
    }

    private static Actor actorOf(CurrentMember member) {
        return new Actor(member.id(), member.handle(), member.displayName());
    }
}
