package dailyfeed.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.reliability.Ledger.Outcome;
import dailyfeed.reliability.Ledger.Write;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Compares the ledger with what the system stored. An activity is identified by what it is about: its type, its
 * actor and its subject (the post, the comment, or the followed member). The workload makes that unique per write:
 * a member likes, unlikes, follows and unfollows each thing at most once, and created posts and comments have ids.
 */
final class LedgerCheck {

    /** What activity-service stored. */
    record Activity(
            long id, String type, long actor, Long postId, Long commentId, Long targetMemberId, Instant occurredAt) {

        Key key() {
            long subject = switch (type) {
                case "POST_CREATED", "POST_LIKED", "POST_UNLIKED" -> postId;
                case "COMMENT_CREATED", "COMMENT_LIKED", "COMMENT_UNLIKED" -> commentId;
                case "MEMBER_FOLLOWED", "MEMBER_UNFOLLOWED" -> targetMemberId;
                default -> throw new IllegalStateException("the workload writes no " + type);
            };
            return new Key(type, actor, subject);
        }
    }

    record Key(String type, long actor, long subject) {

        /** The service whose outbox publishes this activity's event: member-service for follows, else content-service. */
        String producer() {
            return type.startsWith("MEMBER_") ? "member-service" : "content-service";
        }
    }

    /** A (target, member) pair of a like or a follow. */
    record Pair(long target, long member) {}

    /**
     * What the owning services show now: created posts and comments by their unique text, current likes, follows.
     */
    record Visible(
            Map<String, Long> postsByText,
            Map<String, Long> commentsByText,
            Set<Pair> postLikes,
            Set<Pair> commentLikes,
            Set<Pair> follows) {}

    /** The figures of one comparison. */
    record Verdict(
            Map<Outcome, Integer> outcomes,
            int uncertainLanded,
            int uncertainWithActivity,
            int activities,
            int lost,
            int duplicated,
            int invented,
            int actorsOutOfOrder,
            int actorsInOtherIngestOrder,
            int actorsInOtherIngestOrderAcrossServices,
            List<String> examples) {

        int writes() {
            return outcomes.values().stream().mapToInt(Integer::intValue).sum();
        }

        /**
         * The claim of the ledger tests: nothing lost, duplicated or invented, and each member's activities in the
         * order of their writes, as shown and as ingested per producing service.
         */
        void assertHolds() {
            assertThat(lost).as("acknowledged writes without their activity").isZero();
            assertThat(duplicated).as("activities stored more than once").isZero();
            assertThat(invented)
                    .as("activities without an acknowledged or visible change")
                    .isZero();
            assertThat(actorsOutOfOrder)
                    .as("members whose activities are not in their write order")
                    .isZero();
            assertThat(actorsInOtherIngestOrder)
                    .as("members whose events of one service were ingested in another order than committed")
                    .isZero();
        }

        String figures() {
            return ("writes=%d acked=%d rejected=%d failed(5xx)=%d unanswered=%d uncertainLanded=%d "
                            + "uncertainWithActivity=%d activities=%d lost=%d duplicated=%d invented=%d actorsOutOfOrder=%d "
                            + "actorsInOtherIngestOrder=%d actorsInOtherIngestOrderAcrossServices=%d")
                    .formatted(
                            writes(),
                            outcomes.get(Outcome.ACKED),
                            outcomes.get(Outcome.REJECTED),
                            outcomes.get(Outcome.FAILED),
                            outcomes.get(Outcome.UNANSWERED),
                            uncertainLanded,
                            uncertainWithActivity,
                            activities,
                            lost,
                            duplicated,
                            invented,
                            actorsOutOfOrder,
                            actorsInOtherIngestOrder,
                            actorsInOtherIngestOrderAcrossServices);
        }
    }

    private LedgerCheck() {}

    static Verdict compare(List<Write> writes, List<Activity> activities, Visible visible) {
        Map<Key, Integer> stored = new HashMap<>();
        activities.forEach(activity -> stored.merge(activity.key(), 1, Integer::sum));
        Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
        for (Outcome outcome : Outcome.values()) {
            outcomes.put(outcome, 0);
        }
        List<String> examples = new ArrayList<>();
        Set<Key> claimed = new HashSet<>();
        Map<Long, List<Key>> ackedByActor = new HashMap<>();
        int lost = 0;
        int uncertainLanded = 0;
        int uncertainWithActivity = 0;
        for (Write write : writes) {
            Outcome outcome = write.outcome();
            outcomes.merge(outcome, 1, Integer::sum);
            if (outcome == Outcome.ACKED) {
                Key key = keyOf(write, write.createdId());
                claimed.add(key);
                ackedByActor
                        .computeIfAbsent(write.actor(), actor -> new ArrayList<>())
                        .add(key);
                if (!stored.containsKey(key)) {
                    lost++;
                    example(examples, "lost: " + write);
                }
            } else if (outcome.uncertain() && landed(write, visible)) {
                // the change is there although the client never heard so: its activity may (at most once) exist
                Key key = keyOf(write, createdId(write, visible));
                claimed.add(key);
                uncertainLanded++;
                if (stored.containsKey(key)) {
                    uncertainWithActivity++;
                }
            }
        }
        int duplicated = 0;
        int invented = 0;
        for (Map.Entry<Key, Integer> entry : stored.entrySet()) {
            if (!claimed.contains(entry.getKey())) {
                invented += entry.getValue();
                example(examples, "invented: " + entry.getKey());
            } else if (entry.getValue() > 1) {
                duplicated += entry.getValue() - 1;
                example(examples, "duplicated x" + entry.getValue() + ": " + entry.getKey());
            }
        }
        int outOfOrder = 0;
        int otherIngestOrder = 0;
        int otherIngestOrderAcrossServices = 0;
        Map<Long, List<Activity>> byActor = new LinkedHashMap<>();
        activities.forEach(activity -> byActor.computeIfAbsent(activity.actor(), actor -> new ArrayList<>())
                .add(activity));
        for (Map.Entry<Long, List<Key>> entry : ackedByActor.entrySet()) {
            List<Key> acked = entry.getValue();
            Set<Key> ackedKeys = new HashSet<>(acked);
            List<Activity> own = byActor.getOrDefault(entry.getKey(), List.of());
            List<Key> asShown = own.stream()
                    .sorted(Comparator.comparing(Activity::occurredAt).thenComparingLong(Activity::id))
                    .map(Activity::key)
                    .filter(ackedKeys::contains)
                    .distinct()
                    .toList();
            List<Key> asIngested = own.stream()
                    .sorted(Comparator.comparingLong(Activity::id))
                    .map(Activity::key)
                    .filter(ackedKeys::contains)
                    .distinct()
                    .toList();
            List<Key> expected = acked.stream().filter(stored::containsKey).toList();
            if (!asShown.equals(expected)) {
                outOfOrder++;
                example(examples, "out of order: actor " + entry.getKey());
            }
            // One outbox promises its member's events in commit order; two services' outboxes promise nothing
            // between each other (each relays on its own), so that order is only reported.
            if (!byProducer(asIngested).equals(byProducer(expected))) {
                otherIngestOrder++;
                example(examples, "ingested in another order than one service committed: actor " + entry.getKey());
            } else if (!asIngested.equals(expected)) {
                otherIngestOrderAcrossServices++;
            }
        }
        return new Verdict(
                outcomes,
                uncertainLanded,
                uncertainWithActivity,
                activities.size(),
                lost,
                duplicated,
                invented,
                outOfOrder,
                otherIngestOrder,
                otherIngestOrderAcrossServices,
                examples);
    }

    private static Map<String, List<Key>> byProducer(List<Key> keys) {
        Map<String, List<Key>> byProducer = new HashMap<>();
        keys.forEach(key -> byProducer
                .computeIfAbsent(key.producer(), producer -> new ArrayList<>())
                .add(key));
        return byProducer;
    }

    /** Whether the change of a write without a 2xx is visible in the service that owns it. */
    private static boolean landed(Write write, Visible visible) {
        Pair pair = new Pair(write.target(), write.actor());
        return switch (write.action()) {
            case CREATE_POST -> visible.postsByText().containsKey(write.marker());
            case CREATE_COMMENT -> visible.commentsByText().containsKey(write.marker());
            // a pair is never written again after an uncertain answer, so its state now is that write's doing
            case LIKE_POST -> visible.postLikes().contains(pair);
            case UNLIKE_POST -> !visible.postLikes().contains(pair);
            case LIKE_COMMENT -> visible.commentLikes().contains(pair);
            case UNLIKE_COMMENT -> !visible.commentLikes().contains(pair);
            case FOLLOW -> visible.follows().contains(pair);
            case UNFOLLOW -> !visible.follows().contains(pair);
        };
    }

    private static long createdId(Write write, Visible visible) {
        return switch (write.action()) {
            case CREATE_POST -> visible.postsByText().get(write.marker());
            case CREATE_COMMENT -> visible.commentsByText().get(write.marker());
            default -> 0;
        };
    }

    private static Key keyOf(Write write, long createdId) {
        return switch (write.action()) {
            case CREATE_POST -> new Key("POST_CREATED", write.actor(), createdId);
            case CREATE_COMMENT -> new Key("COMMENT_CREATED", write.actor(), createdId);
            case LIKE_POST -> new Key("POST_LIKED", write.actor(), write.target());
            case UNLIKE_POST -> new Key("POST_UNLIKED", write.actor(), write.target());
            case LIKE_COMMENT -> new Key("COMMENT_LIKED", write.actor(), write.target());
            case UNLIKE_COMMENT -> new Key("COMMENT_UNLIKED", write.actor(), write.target());
            case FOLLOW -> new Key("MEMBER_FOLLOWED", write.actor(), write.target());
            case UNFOLLOW -> new Key("MEMBER_UNFOLLOWED", write.actor(), write.target());
        };
    }

    private static void example(List<String> examples, String line) {
        if (examples.size() < 20) {
            examples.add(line);
        }
    }
}
