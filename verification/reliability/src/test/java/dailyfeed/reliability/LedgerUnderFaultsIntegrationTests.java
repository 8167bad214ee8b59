package dailyfeed.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import dailyfeed.reliability.LedgerCheck.Verdict;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The claim "nothing lost, nothing duplicated, nothing invented", checked the way Jepsen checks a database: members
 * write through the gateway while the Kafka broker, activity-service and content-service are SIGKILLed at random
 * moments (the launcher restarts them), every try and its answer go into a ledger, and afterwards the ledger is
 * compared with what activity-service stored and with what the owning services show.
 */
class LedgerUnderFaultsIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = SystemUnderTest.extension();

    private static final int MEMBERS = 36;
    private static final int MIN_WRITES = 20_000;
    private static final List<String> VICTIMS = List.of("kafka", "activity-service", "content-service");
    private static final int KILLS_EACH = 2;

    @Test
    void everyAcknowledgedWriteHasExactlyOneActivityAndNothingElseAppears() throws Exception {
        SystemUnderTest system = SystemUnderTest.of(dailyfeed);
        long seed = Seed.forTest("ledger");
        Random random = new Random(seed);
        String runId = Long.toString(Math.abs(seed) % 1_000_000, 36);
        long started = System.nanoTime();

        try (GatewayClient gateway =
                GatewayClient.builder(system.baseUrl()).threads(MEMBERS + 4).build()) {
            List<Member> members = Members.signUp(gateway, "l" + runId, MEMBERS);
            Ledger ledger = new Ledger();
            List<String> kills = new ArrayList<>();
            VICTIMS.forEach(victim -> kills.addAll(Collections.nCopies(KILLS_EACH, victim)));
            Collections.shuffle(kills, random);

            try (Workload workload = new Workload(gateway, members, ledger, seed, runId)) {
                workload.start();
                Kills.oneAtATime("ledger", system, ledger, kills, random, 500, 1500);
                await("at least " + MIN_WRITES + " writes")
                        .pollInSameThread()
                        .atMost(Duration.ofMinutes(5))
                        .pollInterval(Duration.ofMillis(200))
                        .until(() -> ledger.size() >= MIN_WRITES);
                workload.stop();
            }
            double loadSeconds = (System.nanoTime() - started) / 1e9;

            Stored stored = new Stored(system, members.stream().map(Member::id).toList());
            long quiet = System.nanoTime();
            system.awaitQuiescence(stored, Duration.ofMinutes(4));
            Figures.report("ledger", "quiescent %.1f s after the last write", (System.nanoTime() - quiet) / 1e9);

            Verdict verdict = LedgerCheck.compare(ledger.writes(), stored.activities(), stored.visible());
            Figures.report(
                    "ledger",
                    "seed=%d members=%d kills=%s load=%.0f s\n%s",
                    seed,
                    MEMBERS,
                    kills,
                    loadSeconds,
                    verdict.figures());
            verdict.examples().forEach(example -> Figures.report("ledger", "  %s", example));

            assertThat(verdict.writes()).isGreaterThanOrEqualTo(MIN_WRITES);
            verdict.assertHolds();
            assertThat(stored.followGraph())
                    .as("activity-service's follow graph against member-service's follows")
                    .isEqualTo(stored.visible().follows());
        }
    }
}
