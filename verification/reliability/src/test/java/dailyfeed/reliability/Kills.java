package dailyfeed.reliability;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Processes SIGKILLed one at a time while a {@link Workload} writes: each at a random moment, measured in writes so
 * that it does not depend on how fast the machine is, and each awaited until the launcher has restarted it and it is
 * healthy again before the next. Every kill is reported.
 */
final class Kills {

    /** One kill: the victim, its pid, the ledger's size when it died, and how long until it was healthy again. */
    record Kill(String victim, long pid, int atWrite, Duration toHealthy) {}

    private Kills() {}

    /** Each victim in turn, after {@code least} plus a random {@code 0 .. spread-1} further writes. */
    static List<Kill> oneAtATime(
            String test,
            SystemUnderTest system,
            Ledger ledger,
            List<String> victims,
            Random random,
            int least,
            int spread) {
        List<Kill> kills = new ArrayList<>();
        for (String victim : victims) {
            int target = ledger.size() + least + random.nextInt(spread);
            await("writes before the next kill")
                    .pollInSameThread()
                    .atMost(Duration.ofMinutes(3))
                    .pollInterval(Duration.ofMillis(50))
                    .until(() -> ledger.size() >= target);
            int at = ledger.size();
            long pid = system.kill(victim);
            Duration down = system.awaitRestarted(victim, pid);
            Figures.report(
                    test,
                    "SIGKILL %s (pid %d) at write %d; healthy again after %.1f s",
                    victim,
                    pid,
                    at,
                    down.toMillis() / 1000.0);
            kills.add(new Kill(victim, pid, at, down));
        }
        return kills;
    }
}
