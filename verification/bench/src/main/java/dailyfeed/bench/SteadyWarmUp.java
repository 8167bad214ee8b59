package dailyfeed.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads the stack in windows until its CPU per unit of work is steady: the services run both JIT compilers, and C2
 * compiles a request path only after tens of thousands of calls (the launcher raises its thresholds for a quicker
 * start), in waves, over minutes of traffic on two busy cores. A figure taken before that measures the compiler, not
 * the request; a service runs for days.
 *
 * <p>Steady: at least {@code min} has passed, the last {@link #STEADY_WINDOWS} windows cost within {@link #STEADY} of
 * their mean, and the last of them is not cheaper than the first by more than half that: a plateau, not a slope (a
 * read path still being compiled cost 1.45, 1.35 and 1.26 ms per read in three windows, inside the band, and went on
 * to 0.96). Two windows alike can still be a plateau between two waves of compilation, hence three and the minimum.
 * And the JIT compilers are done: in the last window they took at most {@link #COMPILING} of the stack's CPU. A
 * plateau alone was not enough — the write figure's stack with publication warmed to a plateau after about 75,000
 * posts, and C2 was still compiling the post's own methods (the transaction, the outbox's record, the security
 * filters) during the measured rounds, 14 % of content-service's CPU, while the stack without publication, which had
 * carried more posts in its warm-up, was done: the figure compared a stack half in C1's code against a compiled one.
 * After {@code max} it stops anyway and says so.
 *
 * @param name what is warmed, for the progress lines and the figure's detail
 * @param unit what one unit of work is ("post", "read")
 */
record SteadyWarmUp(String name, String unit, Duration window, Duration min, Duration max) {

    static final int STEADY_WINDOWS = 3;
    static final double STEADY = 0.10;
    static final double COMPILING = 0.03;

    /** One window of load; returns how many units of work it made. */
    interface Window {
        long run(Duration length) throws Exception;
    }

    /** Warms {@code stack} with {@code load}; says how long that took and where the CPU per unit ended. */
    String run(Stack stack, Window load) throws Exception {
        long started = System.nanoTime();
        List<Double> perUnit = new ArrayList<>();
        while (true) {
            StackCpu before = StackCpu.of(stack);
            StackCpu compilingBefore = StackCpu.compilersOf(stack);
            long units = load.run(window);
            StackCpu used = StackCpu.of(stack).minus(before);
            double compiling =
                    StackCpu.compilersOf(stack).minus(compilingBefore).totalSeconds()
                            / Math.max(used.totalSeconds(), 1e-9);
            perUnit.add(used.totalMillisPer(Math.max(units, 1)));
            Duration warmed = Duration.ofNanos(System.nanoTime() - started);
            System.out.printf(
                    "  warming %s: window %d, %,d %ss, CPU %.2f ms per %s, %.1f %% of it compiling%n",
                    name, perUnit.size(), units, unit, perUnit.get(perUnit.size() - 1), unit, compiling * 100);
            boolean steady = warmed.compareTo(min) >= 0 && steady(perUnit) && compiling <= COMPILING;
            if (steady || warmed.compareTo(max) >= 0) {
                return "%s warmed %d s to %.1f ms CPU per %s, %.0f %% of it compiling%s"
                        .formatted(
                                name,
                                warmed.toSeconds(),
                                perUnit.get(perUnit.size() - 1),
                                unit,
                                compiling * 100,
                                steady ? "" : ", not yet steady");
            }
        }
    }

    static boolean steady(List<Double> perUnit) {
        if (perUnit.size() < STEADY_WINDOWS) {
            return false;
        }
        List<Double> last = perUnit.subList(perUnit.size() - STEADY_WINDOWS, perUnit.size());
        double mean = last.stream().mapToDouble(Double::doubleValue).average().orElseThrow();
        boolean inBand = last.stream().allMatch(value -> Math.abs(value - mean) <= STEADY * mean);
        boolean stillFalling = last.get(last.size() - 1) < last.get(0) * (1 - STEADY / 2);
        return inBand && !stillFalling;
    }
}
