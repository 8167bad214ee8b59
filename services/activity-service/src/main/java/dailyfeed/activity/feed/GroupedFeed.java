package dailyfeed.activity.feed;

import dailyfeed.activity.store.ActivityItem;
import dailyfeed.activity.store.GroupKey;
import dailyfeed.events.Actor;
import dailyfeed.platform.paging.CursorPage;
import dailyfeed.platform.paging.PageRequest;
import dailyfeed.platform.paging.TimeAndIdCursor;
import dailyfeed.platform.paging.TimeAndKeyCursor;
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
 * further only where many activities fall into few groups.
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
        // a first page pins the pages after it to the activities stored when it was read
        ActivityPages.PinnedScan first = cursor == null
                ? pages.followingsPinned(readerId, types, batch)
                : new ActivityPages.PinnedScan(
                        // the scan starts at the cursor's instant inclusive: other groups' activities may share it
                        pages.followings(
                                readerId,
                                new TimeAndIdCursor(cursor.at(), Long.MAX_VALUE),
                                types,
                                batch,
                                cursor.upTo()),
                        cursor.upTo());
        long upTo = first.upTo();
        List<ActivityItem> scanned = first.items();
        Map<GroupKey, Optional<ActivityGroup>> found = new LinkedHashMap<>();
        while (true) {
            Set<GroupKey> fresh = new LinkedHashSet<>();
            for (ActivityItem activity : scanned) {
                GroupKey key = GroupKey.of(activity);
                if (!found.containsKey(key)) {
                    fresh.add(key);
                }
            }
            groups.activitiesOf(readerId, List.copyOf(fresh), upTo)
                    .forEach((key, activities) -> found.put(key, group(key, activities)));
            boolean exhausted = scanned.size() < batch;
            ActivityItem last = exhausted ? null : scanned.get(scanned.size() - 1);
            List<ActivityGroup> placed = new ArrayList<>();
            for (Optional<ActivityGroup> group : found.values()) {
                group.filter(candidate -> cursor == null || cursor.precedes(candidate.latestAt(), candidate.groupKey()))
                        // a group whose newest activity is at the frontier may have another one just past it
                        .filter(candidate ->
                                last == null || candidate.latestAt().isAfter(last.occurredAt()))
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
            scanned = pages.followings(readerId, new TimeAndIdCursor(last.occurredAt(), last.id()), types, batch, upTo);
        }
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
