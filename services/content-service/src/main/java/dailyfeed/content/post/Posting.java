package dailyfeed.content.post;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEvent.Targets;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import dailyfeed.outbox.EventOutbox;
import dailyfeed.platform.paging.CursorPage;
import dailyfeed.platform.paging.IdCursor;
import dailyfeed.platform.paging.PageRequest;
import dailyfeed.platform.security.CurrentMember;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Writing, editing and deleting posts. Each change records its event in the same transaction (the outbox), so the
 * event exists exactly when the change does; an edit that changes nothing records none.
 */
@Service
class Posting {

    private final Posts posts;
    private final EventOutbox outbox;

    Posting(Posts posts, EventOutbox outbox) {
        this.posts = posts;
        this.outbox = outbox;
    }

    @Transactional
    Post write(CurrentMember author, PostRequest request) {
        Post post = posts.insert(author.id(), request.title(), request.content());
        outbox.record(eventOf(EventType.POST_CREATED, author, post));
        return post;
    }

    @Transactional(readOnly = true)
    Post read(long id) {
        return posts.findLive(id).orElseThrow(() -> new PostNotFound(id));
    }

    @Transactional
    Post edit(CurrentMember editor, long id, PostRequest request) {
        Post post = ownedBy(editor, id);
        return posts.update(id, request.title(), request.content())
                .map(edited -> {
                    outbox.record(eventOf(EventType.POST_UPDATED, editor, edited));
                    return edited;
                })
                .orElse(post);
    }

    /**
     * Soft-deletes the post. Its comments and likes stay in the database untouched (no event each): they are
     * reachable only through the post, so from now on they answer 404 with it.
     */
    @Transactional
    void delete(CurrentMember editor, long id) {
        Post post = ownedBy(editor, id);
        posts.markDeleted(id);
        outbox.record(eventOf(EventType.POST_DELETED, editor, post));
    }

    @Transactional(readOnly = true)
    CursorPage<Post> byAuthor(long authorId, PageRequest<IdCursor> page) {
        long before = page.isFirstPage() ? Long.MAX_VALUE : page.after().id();
        return CursorPage.of(
                posts.byAuthor(authorId, before, page.fetchSize()), page.size(), post -> new IdCursor(post.id()));
    }

    /** The live post, locked for this change; 404 before 403 so that a stranger learns nothing about deleted posts. */
    private Post ownedBy(CurrentMember editor, long id) {
        Post post = posts.lockLive(id).orElseThrow(() -> new PostNotFound(id));
        if (!post.isAuthoredBy(editor.id())) {
            throw new NotTheAuthor("post");
        }
        return post;
    }

    private static ActivityEvent eventOf(EventType type, CurrentMember actor, Post post) {
        return ActivityEvent.of(
                type,
                new Actor(actor.id(), actor.handle(), actor.displayName()),
                Targets.post(post.id(), post.authorId()),
                post.summary());
    }
}
