package dailyfeed.activity.store;

import dailyfeed.activity.follow.FollowGraph;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.EventType;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The one write path of this service, used by the Kafka ingest and the registration API alike: stores each event
 * once (by event id), keeps the follow graph, and announces the new rows to the live streams — all in one
 * transaction, so that when it returns, everything is durable.
 */
@Service
public class ActivityRecorder {

    private static final Comparator<ActivityEvent> BY_FOLLOW_PAIR = Comparator
            .comparingLong((ActivityEvent e) -> e.actor().id())
            .thenComparingLong(ActivityEvent::targetMemberId)
            .thenComparing(ActivityEvent::occurredAt)
            .thenComparing(ActivityEvent::eventId);

    private final MemberActivities activities;
    private final FollowGraph follows;

    ActivityRecorder(MemberActivities activities, FollowGraph follows) {
        this.activities = activities;
        this.follows = follows;
    }

    /**
     * Records the events; repeated event ids (in this call or stored before) are absorbed. The events must obey
     * {@link EventRules}. Returns the ids of the events this call stored for the first time.
     */
    @Transactional
    public Set<UUID> record(Collection<ActivityEvent> events) {
        Map<UUID, ActivityEvent> unique = new LinkedHashMap<>();
        events.forEach(event -> unique.putIfAbsent(event.eventId(), event));
        // Concurrent transactions lock rows in the same order (event id, follow pair), so they cannot deadlock.
        List<ActivityEvent> ordered = unique.values().stream().sorted(Comparator.comparing(ActivityEvent::eventId)).toList();

        List<MemberActivities.Stored> stored = activities.insertNew(ordered);
        // Follow events are applied even when already stored: applying is idempotent, and a crash cannot leave the
        // activity row without its graph change because both commit together.
        ordered.stream()
                .filter(e -> e.type() == EventType.MEMBER_FOLLOWED || e.type() == EventType.MEMBER_UNFOLLOWED)
                .sorted(BY_FOLLOW_PAIR)
                .forEach(e -> follows.apply(e.actor().id(), e.targetMemberId(), e.type() == EventType.MEMBER_FOLLOWED,
                        e.occurredAt(), e.eventId()));
        if (!stored.isEmpty()) {
            activities.announce(stored.stream().map(MemberActivities.Stored::id).toList());
        }
        return stored.stream().map(MemberActivities.Stored::eventId).collect(Collectors.toUnmodifiableSet());
    }
}
