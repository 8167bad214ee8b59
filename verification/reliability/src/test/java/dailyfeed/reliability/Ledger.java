package dailyfeed.reliability;

import dailyfeed.harness.Answer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** Every write the client tried and what it got back, in the order the tries started. Thread-safe. */
final class Ledger {

    /** What a write asked for. */
    enum Action {
        CREATE_POST,
        CREATE_COMMENT,
        LIKE_POST,
        UNLIKE_POST,
        LIKE_COMMENT,
        UNLIKE_COMMENT,
        FOLLOW,
        UNFOLLOW
    }

    /** How a write ended, from the client's side. */
    enum Outcome {
        /** 2xx: the system said it is done. */
        ACKED,
        /** 4xx: the system said no; nothing may have changed. */
        REJECTED,
        /** 5xx: the system said it failed; it may or may not have happened. */
        FAILED,
        /** no answer at all (refused, reset, timed out): it may or may not have happened. */
        UNANSWERED;

        static Outcome of(int status) {
            if (status == Answer.NO_ANSWER) {
                return UNANSWERED;
            }
            return switch (status / 100) {
                case 2 -> ACKED;
                case 4 -> REJECTED;
                default -> FAILED;
            };
        }

        boolean uncertain() {
            return this == FAILED || this == UNANSWERED;
        }
    }

    /**
     * One write.
     *
     * @param seq       order of the tries (a member's tries are sequential, so this orders them)
     * @param actor     the member who wrote
     * @param target    the post (comment, post likes), the comment (comment likes) or the member (follows); 0 for a post
     * @param marker    the unique text of a created post or comment, which finds it when the answer was lost
     * @param createdId the id a 201 answered, else 0
     * @param sentNanos {@link System#nanoTime()} when the request went out
     * @param tookNanos how long until the answer (or until the client gave up)
     */
    record Write(
            long seq,
            long actor,
            Action action,
            long target,
            String marker,
            int status,
            long createdId,
            long sentNanos,
            long tookNanos) {

        Outcome outcome() {
            return Outcome.of(status);
        }
    }

    private final AtomicLong seq = new AtomicLong();
    private final AtomicInteger size = new AtomicInteger();
    private final ConcurrentLinkedQueue<Write> writes = new ConcurrentLinkedQueue<>();

    long nextSeq() {
        return seq.incrementAndGet();
    }

    void record(Write write) {
        writes.add(write);
        size.incrementAndGet();
    }

    int size() {
        return size.get();
    }

    List<Write> writes() {
        List<Write> all = new ArrayList<>(writes);
        all.sort(Comparator.comparingLong(Write::seq));
        return all;
    }
}
