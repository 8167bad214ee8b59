package dailyfeed.activity.feed;

import dailyfeed.activity.follow.FollowGraph;
import dailyfeed.activity.store.ActivityItem;
import dailyfeed.activity.store.Announcements;
import dailyfeed.platform.paging.CursorPage;
import dailyfeed.platform.paging.PageRequest;
import dailyfeed.platform.paging.TimeAndIdCursor;
import dailyfeed.platform.web.InvalidRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the members someone follows did, the unread count of the banner and its seen marker, and what others did to the
 * member's own content ("about me").
 */
@Service
class FollowingsFeed {

    /** The unread count stops here ("1000+"): counting further costs time and tells the banner nothing. */
    static final int UNREAD_COUNT_CAP = 1000;

    /** How far a seen marker may be ahead of this server's clock (other clocks run a little ahead). */
    static final Duration CLOCK_TOLERANCE = Duration.ofMinutes(1);

    private final ActivityPages pages;
    private final SeenMarkers markers;
    private final FollowGraph follows;
    private final Announcements announcements;
    private final Clock clock;

    FollowingsFeed(ActivityPages pages, SeenMarkers markers, FollowGraph follows, Announcements announcements) {
        this.pages = pages;
        this.markers = markers;
        this.follows = follows;
        this.announcements = announcements;
        this.clock = Clock.systemUTC();
    }

    // no transaction: each of the (at most two) statements reads a snapshot of its own either way, and a read-only
    // transaction cost a BEGIN and a COMMIT per page
    CursorPage<ActivityItem> followings(long memberId, PageRequest<TimeAndIdCursor> page, String types) {
        return CursorPage.of(
                pages.followings(memberId, page.after(), TypeFilter.of(types), page.fetchSize(), Long.MAX_VALUE),
                page.size(),
                FollowingsFeed::cursorOf);
    }

    @Transactional(readOnly = true)
    CursorPage<ActivityItem> ofMember(long viewerId, long memberId, PageRequest<TimeAndIdCursor> page) {
        if (viewerId != memberId && !follows.isFollowing(viewerId, memberId)) {
            throw new NotFollowing(memberId);
        }
        return CursorPage.of(
                pages.ofMember(memberId, page.after(), page.fetchSize()), page.size(), FollowingsFeed::cursorOf);
    }

    /** What others did to the member's posts and comments, and who followed them, whether or not they follow them. */
    CursorPage<ActivityItem> aboutMe(long memberId, PageRequest<TimeAndIdCursor> page, String types) {
        return CursorPage.of(
                pages.aboutMe(memberId, page.after(), TypeFilter.of(types), page.fetchSize()),
                page.size(),
                FollowingsFeed::cursorOf);
    }

    @Transactional(readOnly = true)
    UnreadCount unread(long memberId) {
        // taken first: whatever the count and a later feed read show arrived before it, so a client that marks
        // seen up to asOf marks nothing it could not have shown
        Instant asOf = markers.arrivedBefore();
        Instant since = markers.of(memberId).orElse(null);
        return new UnreadCount(pages.unreadCount(memberId, since, UNREAD_COUNT_CAP), since, asOf);
    }

    @Transactional
    void markSeen(long memberId, Instant until) {
        Instant now = clock.instant();
        if (until != null && until.isAfter(now.plus(CLOCK_TOLERANCE))) {
            throw new InvalidRequest("until", "must not be in the future");
        }
        // the member's other tabs and devices clear their count too
        markers.moveForward(memberId, until).ifPresent(marker -> announcements.seenMoved(memberId, marker));
    }

    /**
     * {@code count} activities that arrived at or after {@code since}, the seen marker ({@code null}: nothing seen
     * yet); {@code asOf}: every activity that arrived before it is visible now — the {@code until} that marks
     * exactly what a client read after this answer.
     */
    record UnreadCount(
            long count,

            @Schema(nullable = true, description = "The seen marker; null until the member first marks seen.")
            Instant since,

            Instant asOf) {}

    static TimeAndIdCursor cursorOf(ActivityItem item) {
        return new TimeAndIdCursor(item.occurredAt(), item.id());
    }
}
