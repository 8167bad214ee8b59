package dailyfeed.activity.store;

import dailyfeed.activity.follow.FollowGraph;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.EventType;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * The one write path of this service, used by the Kafka ingest and the registration API alike: stores each event
 * once (by event id), keeps the follow graph, withdraws the text of deleted posts and comments, and announces the
 * changes to the live streams — all in one transaction, so that when it returns, everything is durable.
 */
@Service
public class ActivityRecorder {

    private static final Comparator<ActivityEvent> BY_ACTOR =
            Comparator.comparingLong(e -> e.actor().id());

    private static final Comparator<ActivityEvent> BY_FOLLOW_PAIR = BY_ACTOR.thenComparingLong(
                    ActivityEvent::targetMemberId)
            .thenComparing(ActivityEvent::occurredAt)
            .thenComparing(ActivityEvent::eventId);

    private final MemberActivities activities;
    private final FollowGraph follows;
    private final Withdrawals withdrawals;
    private final Announcements announcements;
    private final Undos undos;
    private final AboutMeRecipients aboutMe;

    ActivityRecorder(
            MemberActivities activities,
            FollowGraph follows,
            Withdrawals withdrawals,
            Announcements announcements,
            Undos undos,
            AboutMeRecipients aboutMe) {
        this.activities = activities;
        this.follows = follows;
        this.withdrawals = withdrawals;
        this.announcements = announcements;
        this.undos = undos;
        this.aboutMe = aboutMe;
    }

    /**
     * Records the events; repeated event ids (in this call or stored before) are absorbed. The events must obey
     * {@link EventRules}. An event whose id is known with a different body (by {@link EventDigest} of what was
     * received) is refused and changes nothing. Returns what this call stored for the first time, and what it refused.
     */
    @Transactional
    public Recorded record(Collection<ActivityEvent> events) {
        return record(events, Map.of());
    }

    /**
     * The same, keeping with each stored activity the trace it belongs to ({@code traceParents}: W3C {@code
     * traceparent} by event id), so that its delivery to the live streams joins that trace.
     */
    @Transactional
    public Recorded record(Collection<ActivityEvent> events, Map<UUID, String> traceParents) {
        Map<UUID, ActivityEvent> unique = new LinkedHashMap<>();
        events.forEach(event -> unique.putIfAbsent(event.eventId(), event));
        Map<UUID, byte[]> digests = new HashMap<>();
        unique.forEach((id, event) -> digests.put(id, EventDigest.of(event)));
        // Rows are inserted by actor, each actor's events in the order they came (their partition's order): row ids,
        // and so the stream order, keep every member's order. Two transactions storing the same events (a redelivery
        // racing the first delivery) take their row locks in the same order and cannot deadlock.
        List<ActivityEvent> received = unique.values().stream().sorted(BY_ACTOR).toList();

        List<MemberActivities.Stored> stored =
                activities.insertNew(withoutWithdrawnTexts(received), digests, traceParents);
        Set<UUID> storedIds =
                stored.stream().map(MemberActivities.Stored::eventId).collect(Collectors.toUnmodifiableSet());
        Set<ActivityEvent> refused = refused(events, unique, storedIds, digests);
        // by identity: the events are this call's own, one instance per id, and a record's hashCode reads every field
        Map<ActivityEvent, Long> storedRows = new IdentityHashMap<>();
        stored.forEach(row -> storedRows.put(unique.get(row.eventId()), row.id()));
        undos.mark(storedRows);
        aboutMe.deliver(storedRows);
        List<ActivityEvent> ordered = refused.isEmpty()
                ? received
                : received.stream().filter(e -> !refused.contains(e)).toList();
        // Follow events are applied even when already stored: applying is idempotent, and a crash cannot leave the
        // activity row without its graph change because both commit together.
        ordered.stream()
                .filter(e -> e.type() == EventType.MEMBER_FOLLOWED || e.type() == EventType.MEMBER_UNFOLLOWED)
                .sorted(BY_FOLLOW_PAIR)
                .forEach(e -> follows.apply(
                        e.actor().id(),
                        e.targetMemberId(),
                        e.type() == EventType.MEMBER_FOLLOWED,
                        e.occurredAt(),
                        e.eventId(),
                        e.followVersion()));
        // Deletions withdraw their content's text from every activity quoting it, those of this call included.
        List<QuotedText> deleted = ordered.stream()
                .filter(e -> e.type().isDeletion())
                .flatMap(e -> QuotedText.of(e).stream())
                .distinct()
                .toList();
        List<Long> withdrawn = withdrawals.withdraw(deleted);
        if (!stored.isEmpty()) {
            announcements.newActivities();
        }
        if (!withdrawn.isEmpty()) {
            announcements.withdrawn(withdrawn);
        }
        List<UUID> quoting = ordered.stream()
                .filter(e -> !e.summary().isEmpty())
                .map(ActivityEvent::eventId)
                .toList();
        if (!quoting.isEmpty() || !deleted.isEmpty()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    withdrawals.sweep(quoting, deleted);
                }
            });
        }
        return new Recorded(storedIds, refused);
    }

    /** What {@link #record} did: the ids it stored for the first time, and the events it refused. */
    public record Recorded(Set<UUID> stored, Set<ActivityEvent> refused) {}

    /**
     * The events that reuse a known id with another body: the id was stored before with another digest, or it came
     * twice in {@code events} with different bodies (the first one is the event). Only ids not stored by this call
     * need a look at the table, which a plain first delivery never has.
     */
    private Set<ActivityEvent> refused(
            Collection<ActivityEvent> events,
            Map<UUID, ActivityEvent> firsts,
            Set<UUID> storedIds,
            Map<UUID, byte[]> digests) {
        Map<UUID, byte[]> known = new HashMap<>(activities.digestsOf(
                digests.keySet().stream().filter(id -> !storedIds.contains(id)).toList()));
        storedIds.forEach(id -> known.put(id, digests.get(id)));
        Set<ActivityEvent> refused = new HashSet<>();
        for (ActivityEvent event : events) {
            byte[] digest = known.get(event.eventId());
            // the first of an id was hashed already; an empty digest was stored before digests were kept: no comparison
            byte[] own = event == firsts.get(event.eventId()) ? digests.get(event.eventId()) : EventDigest.of(event);
            if (digest != null && digest.length > 0 && !Arrays.equals(digest, own)) {
                refused.add(event);
            }
        }
        return refused;
    }

    /** The events, without the text of the posts and comments already deleted. */
    private List<ActivityEvent> withoutWithdrawnTexts(List<ActivityEvent> events) {
        Set<QuotedText> quoted = events.stream()
                .filter(e -> !e.summary().isEmpty())
                .flatMap(e -> QuotedText.of(e).stream())
                .collect(Collectors.toSet());
        Set<QuotedText> withdrawn = withdrawals.withdrawnAmong(quoted);
        if (withdrawn.isEmpty()) {
            return events;
        }
        return events.stream()
                .map(e -> QuotedText.of(e).filter(withdrawn::contains).isPresent() ? e.withoutSummary() : e)
                .toList();
    }
}
