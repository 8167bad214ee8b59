package dailyfeed.member.follow;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEvent.Targets;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import dailyfeed.member.account.Member;
import dailyfeed.member.account.MemberNotFound;
import dailyfeed.member.account.MemberSummary;
import dailyfeed.member.account.Members;
import dailyfeed.outbox.EventOutbox;
import dailyfeed.platform.paging.CursorPage;
import dailyfeed.platform.paging.IdCursor;
import dailyfeed.platform.paging.PageRequest;
import dailyfeed.platform.web.InvalidRequest;
import java.time.Clock;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Follows and unfollows. Each real change records its event in the same transaction (the outbox), so the event
 * exists exactly when the change does; a request that changes nothing records none. The event carries the pair's
 * version, raised by the change: it, not a clock, tells which of two changes of a pair is newer.
 */
@Service
class Following {

    private final Members members;
    private final Follows follows;
    private final EventOutbox outbox;
    private final Clock clock;

    Following(Members members, Follows follows, EventOutbox outbox, Clock clock) {
        this.members = members;
        this.follows = follows;
        this.outbox = outbox;
        this.clock = clock;
    }

    @Transactional
    void follow(long followerId, long followeeId) {
        if (followerId == followeeId) {
            throw new InvalidRequest("id", "members cannot follow themselves");
        }
        Member followee = existing(followeeId);
        if (follows.add(followerId, followeeId, clock.instant())) {
            outbox.record(eventOf(EventType.MEMBER_FOLLOWED, existing(followerId), followee)
                    .withFollowVersion(follows.nextVersion(followerId, followeeId)));
        }
    }

    @Transactional
    void unfollow(long followerId, long followeeId) {
        Member followee = existing(followeeId);
        if (follows.remove(followerId, followeeId)) {
            outbox.record(eventOf(EventType.MEMBER_UNFOLLOWED, existing(followerId), followee)
                    .withFollowVersion(follows.nextVersion(followerId, followeeId)));
        }
    }

    @Transactional(readOnly = true)
    CursorPage<MemberSummary> list(Follows.Side side, long memberId, PageRequest<IdCursor> page) {
        existing(memberId);
        long before = page.isFirstPage() ? Long.MAX_VALUE : page.after().id();
        return CursorPage.of(
                        follows.list(side, memberId, before, page.fetchSize()),
                        page.size(),
                        listed -> new IdCursor(listed.followId()))
                .map(Follows.Listed::member);
    }

    private Member existing(long id) {
        return members.findById(id).orElseThrow(() -> new MemberNotFound(id));
    }

    private static ActivityEvent eventOf(EventType type, Member follower, Member followee) {
        return ActivityEvent.of(
                type,
                new Actor(follower.id(), follower.handle(), follower.displayName()),
                Targets.member(followee.id()),
                followee.displayName() + " (@" + followee.handle() + ")");
    }
}
