package dailyfeed.activity.feed;

import dailyfeed.activity.store.ActivityItem;
import dailyfeed.activity.store.GroupKey;
import dailyfeed.events.Actor;
import dailyfeed.platform.paging.CursorPage;
import dailyfeed.platform.paging.PageRequest;
import dailyfeed.platform.paging.TimeAndIdCursor;
import dailyfeed.platform.paging.TimeAndKeyCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * The followings feed in groups ({@link ActivityGroup}), newest group first: a group's place is its newest activity.
 *
 * <p>A page is found in two steps. The followees' activities are read newest first, like the flat feed, and each one's
 * group noted; then the noted groups' activities are read whole. A group is placed for certain once the scan has gone
 * past its newest activity: the scan goes on, in larger steps, until one more group than the page shows is placed
 * or nothing is left. The scan costs what the flat feed costs for one line more when groups are small, and reads
 * further only where many activities fall into few groups. A first page's first round takes both steps in one
 * statement ({@link GroupPages#FIRST_ROUND_SQL}), which also reads the highest id the pages after it are pinned to.
 */
@Service
class GroupedFeed {

    private static final Comparator<ActivityGroup> NEWEST_FIRST = Comparator.comparing(ActivityGroup::latestAt)
            .thenComparing(ActivityGroup::groupKey)
            .reversed();

    private final ActivityPages pages;
    private final GroupPages groups;

    GroupedFeed(ActivityPages pages, GroupPages groups) {
        this.pages = pages;
        this.groups = groups;
    }

    CursorPage<ActivityGroup> groups(long readerId, PageRequest<TimeAndKeyCursor> page, TypeFilter types) {
        TimeAndKeyCursor cursor = page.after();
        // one row more than the page: when every row is a group of its own (the common case), the rows before the
        // last are placed in this one round
        int batch = page.fetchSize() + 1;
        Map<GroupKey, Optional<ActivityGroup>> found = new LinkedHashMap<>();
        long upTo;
        List<ActivityItem> scanned;
        TimeAndIdCursor frontier;
        if (cursor == null) {
            // a first page pins the pages after it to the activities stored when it was read; its first round is
            // one statement when the recent window holds a whole batch (a reader of many), the common case
            GroupPages.FirstRound first = groups.firstRound(readerId, types, batch);
            upTo = first.upTo();
            if (first.scanned() == batch) {
                first.groups().forEach((key, activities) -> found.put(key, group(key, activities)));
                scanned = null;
                frontier = first.last();
            } else {
                scanned = pages.followingsOfEachFollowee(readerId, null, types, batch, upTo);
                frontier = null;
            }
        } else {
            upTo = cursor.upTo();
            // the scan starts at the cursor's instant inclusive: other groups' activities may share it
            scanned = pages.followings(readerId, new TimeAndIdCursor(cursor.at(), Long.MAX_VALUE), types, batch, upTo);
            frontier = null;
        }
        while (true) {
            boolean exhausted = false;
            if (scanned != null) {
                note(readerId, scanned, upTo, found);
                exhausted = scanned.size() < batch;
                frontier = exhausted ? null : FollowingsFeed.cursorOf(scanned.get(scanned.size() - 1));
            }
            Instant frontierAt = frontier == null ? null : frontier.at();
            List<ActivityGroup> placed = new ArrayList<>();
            for (Optional<ActivityGroup> group : found.values()) {
                group.filter(candidate -> cursor == null || cursor.precedes(candidate.latestAt(), candidate.groupKey()))
                        // a group whose newest activity is at the frontier may have another one just past it
                        .filter(candidate ->
                                frontierAt == null || candidate.latestAt().isAfter(frontierAt))
                        .ifPresent(placed::add);
            }
            placed.sort(NEWEST_FIRST);
            if (exhausted || placed.size() >= page.fetchSize()) {
                return CursorPage.of(
                        placed.subList(0, Math.min(placed.size(), page.fetchSize())),
                        page.size(),
                        group -> new TimeAndKeyCursor(group.latestAt(), group.groupKey(), upTo));
            }
            batch *= 4;
            scanned = pages.followings(readerId, frontier, types, batch, upTo);
        }
    }

    /** Reads the groups of the scanned activities that are not found yet, and notes them as found. */
    private void note(
            long readerId, List<ActivityItem> scanned, long upTo, Map<GroupKey, Optional<ActivityGroup>> found) {
        Set<GroupKey> fresh = new LinkedHashSet<>();
        for (ActivityItem activity : scanned) {
            GroupKey key = GroupKey.of(activity);
            if (!found.containsKey(key)) {
                fresh.add(key);
            }
        }
        groups.activitiesOf(readerId, List.copyOf(fresh), upTo)
                .forEach((key, activities) -> found.put(key, group(key, activities)));
    }

    /** The group as the reader sees it now; empty if none of their followees' activities is in it. */
    Optional<ActivityGroup> group(long readerId, GroupKey key) {
        return group(
                key, groups.activitiesOf(readerId, List.of(key), Long.MAX_VALUE).get(key));
    }

    CursorPage<ActivityItem> activities(long readerId, GroupKey key, PageRequest<TimeAndIdCursor> page) {
        return CursorPage.of(
                groups.page(readerId, key, page.after(), page.fetchSize()), page.size(), FollowingsFeed::cursorOf);
    }

    /** The group of these activities, newest first; empty if there are none. */
    private static Optional<ActivityGroup> group(GroupKey key, List<ActivityItem> activities) {
        if (activities.isEmpty()) {
            return Optional.empty();
        }
        Set<Long> actors = new LinkedHashSet<>();
        List<Actor> samples = new ArrayList<>();
        for (ActivityItem activity : activities) {
            if (actors.add(activity.actor().id()) && samples.size() < ActivityGroup.SAMPLE_SIZE) {
                samples.add(activity.actor());
            }
        }
        ActivityItem newest = activities.get(0);
        return Optional.of(ActivityGroup.of(
                key, activities.size(), actors.size(), samples, newest.occurredAt(), newest.summary()));
    }
}
