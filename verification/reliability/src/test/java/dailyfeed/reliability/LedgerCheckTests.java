package dailyfeed.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.reliability.Ledger.Action;
import dailyfeed.reliability.Ledger.Write;
import dailyfeed.reliability.LedgerCheck.Activity;
import dailyfeed.reliability.LedgerCheck.Pair;
import dailyfeed.reliability.LedgerCheck.Verdict;
import dailyfeed.reliability.LedgerCheck.Visible;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The checker itself: each kind of fault it must report is reported, and a clean history passes. */
class LedgerCheckTests {

    private static final long ALICE = 1;
    private static final long BOB = 2;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    private static Write write(long seq, long actor, Action action, long target, String marker, int status, long id) {
        return new Write(seq, actor, action, target, marker, status, id, 0, 0);
    }

    private static Activity activity(
            long id, String type, long actor, Long post, Long comment, Long member, int second) {
        return new Activity(id, type, actor, post, comment, member, T0.plusSeconds(second));
    }

    private static Visible visible(Map<String, Long> posts, Set<Pair> postLikes, Set<Pair> follows) {
        return new Visible(posts, Map.of(), postLikes, Set.of(), follows);
    }

    private static final List<Write> HISTORY = List.of(
            write(1, ALICE, Action.CREATE_POST, 0, "p1", 201, 10),
            write(2, BOB, Action.LIKE_POST, 10, null, 204, 0),
            write(3, ALICE, Action.FOLLOW, BOB, null, 204, 0),
            write(4, BOB, Action.CREATE_POST, 0, "p2", -1, 0), // no answer, but it landed
            write(5, ALICE, Action.CREATE_POST, 0, "p3", 503, 0)); // failed and did not land

    private static final Visible NOW =
            visible(Map.of("p1", 10L, "p2", 11L), Set.of(new Pair(10, BOB)), Set.of(new Pair(BOB, ALICE)));

    @Test
    void aCleanHistoryPasses() {
        Verdict verdict = LedgerCheck.compare(
                HISTORY,
                List.of(
                        activity(1, "POST_CREATED", ALICE, 10L, null, null, 1),
                        activity(2, "POST_LIKED", BOB, 10L, null, null, 2),
                        activity(3, "MEMBER_FOLLOWED", ALICE, null, null, BOB, 3),
                        activity(4, "POST_CREATED", BOB, 11L, null, null, 4)),
                NOW);

        assertThat(verdict.lost() + verdict.duplicated() + verdict.invented() + verdict.actorsOutOfOrder())
                .isZero();
        assertThat(verdict.uncertainLanded()).isEqualTo(1);
        assertThat(verdict.uncertainWithActivity()).isEqualTo(1);
    }

    @Test
    void aMissingActivityOfAnAcknowledgedWriteIsLost() {
        Verdict verdict = LedgerCheck.compare(
                HISTORY,
                List.of(
                        activity(1, "POST_CREATED", ALICE, 10L, null, null, 1),
                        activity(3, "MEMBER_FOLLOWED", ALICE, null, null, BOB, 3)),
                NOW);

        assertThat(verdict.lost()).isEqualTo(1);
        assertThat(verdict.duplicated() + verdict.invented()).isZero();
    }

    @Test
    void aSecondActivityOfOneChangeIsADuplicate() {
        Verdict verdict = LedgerCheck.compare(
                HISTORY,
                List.of(
                        activity(1, "POST_CREATED", ALICE, 10L, null, null, 1),
                        activity(2, "POST_LIKED", BOB, 10L, null, null, 2),
                        activity(5, "POST_LIKED", BOB, 10L, null, null, 5),
                        activity(3, "MEMBER_FOLLOWED", ALICE, null, null, BOB, 3)),
                NOW);

        assertThat(verdict.duplicated()).isEqualTo(1);
        assertThat(verdict.lost() + verdict.invented()).isZero();
    }

    @Test
    void anActivityWithoutAnAcknowledgedOrVisibleChangeIsInvented() {
        Verdict verdict = LedgerCheck.compare(
                HISTORY,
                List.of(
                        activity(1, "POST_CREATED", ALICE, 10L, null, null, 1),
                        activity(2, "POST_LIKED", BOB, 10L, null, null, 2),
                        activity(3, "MEMBER_FOLLOWED", ALICE, null, null, BOB, 3),
                        activity(6, "POST_CREATED", ALICE, 12L, null, null, 6), // the 503 post, not in content
                        activity(7, "MEMBER_UNFOLLOWED", ALICE, null, null, BOB, 7)), // nobody unfollowed
                NOW);

        assertThat(verdict.invented()).isEqualTo(2);
        assertThat(verdict.lost() + verdict.duplicated()).isZero();
    }

    @Test
    void activitiesShownInAnotherOrderThanTheMemberWroteAreReported() {
        Verdict verdict = LedgerCheck.compare(
                HISTORY,
                List.of(
                        activity(1, "POST_CREATED", ALICE, 10L, null, null, 9),
                        activity(2, "POST_LIKED", BOB, 10L, null, null, 2),
                        activity(3, "MEMBER_FOLLOWED", ALICE, null, null, BOB, 3)),
                NOW);

        assertThat(verdict.actorsOutOfOrder()).isEqualTo(1);
        assertThat(verdict.actorsInOtherIngestOrder()).isZero();
    }

    @Test
    void eventsOfTwoServicesIngestedInAnotherOrderAreOnlyCountedApart() {
        List<Write> history = List.of(
                write(1, ALICE, Action.FOLLOW, BOB, null, 204, 0),
                write(2, ALICE, Action.CREATE_POST, 0, "p1", 201, 10));
        Verdict verdict = LedgerCheck.compare(
                history,
                List.of(
                        activity(2, "POST_CREATED", ALICE, 10L, null, null, 2),
                        activity(3, "MEMBER_FOLLOWED", ALICE, null, null, BOB, 1)),
                visible(Map.of("p1", 10L), Set.of(), Set.of(new Pair(BOB, ALICE))));

        // one outbox per service: each keeps its own order, nothing orders the two between each other
        assertThat(verdict.actorsInOtherIngestOrder()).isZero();
        assertThat(verdict.actorsInOtherIngestOrderAcrossServices()).isEqualTo(1);
    }
}
