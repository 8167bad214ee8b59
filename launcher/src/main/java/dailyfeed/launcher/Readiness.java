package dailyfeed.launcher;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Waits for components to become ready, all within one deadline counted from the launcher's start, and prints a line
 * for each as it does; tells why when one does not.
 */
final class Readiness {

    /** A component that dies this often while starting is broken, not unlucky: give up before the timeout. */
    private static final int MAX_EXITS_WHILE_STARTING = 3;

    private final HealthWaiter health = new HealthWaiter();
    private final long startNanos = System.nanoTime();
    private final Duration timeout;
    private final PrintStream console;

    Readiness(Duration timeout, PrintStream console) {
        this.timeout = timeout;
        this.console = console;
    }

    /** How to tell one started process is ready, and the address to print when it is. */
    record Probe(ChildProcess process, String address, BooleanSupplier isReady) {}

    Probe http(ChildProcess process, Instance instance) {
        return new Probe(process, instance.url(), () -> health.isHttpUp(instance.url()));
    }

    /** A process that is not one of dailyfeed's instances but answers {@code /actuator/health} at {@code url}. */
    Probe http(ChildProcess process, String url) {
        return new Probe(process, url, () -> health.isHttpUp(url));
    }

    /** A Kafka node at {@code port}, ready once its cluster has {@code brokers} brokers. */
    Probe kafka(ChildProcess process, int port, int brokers) {
        return new Probe(process, "127.0.0.1:" + port, () -> health.isKafkaUp("127.0.0.1", port, brokers));
    }

    /** Polls all probes until each is ready, printing one line per component; false after a failure report. */
    boolean await(List<Probe> probes) {
        long deadline = startNanos + timeout.toNanos();
        List<Probe> pending = new ArrayList<>(probes);
        boolean allReady = HealthWaiter.await(
                () -> {
                    pending.removeIf(probe -> {
                        boolean ready = probe.isReady().getAsBoolean();
                        if (ready) {
                            ready(probe.process().name(), probe.address());
                        }
                        return ready;
                    });
                    return pending.isEmpty() || pending.stream().anyMatch(Readiness::keepsDying);
                },
                Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (allReady && pending.isEmpty()) {
            return true;
        }
        Probe failed =
                pending.stream().filter(Readiness::keepsDying).findFirst().orElse(pending.get(0));
        String why = keepsDying(failed)
                ? "exited " + failed.process().unexpectedExits() + " times while starting"
                : "was not ready within " + timeout.toSeconds() + " s";
        console.printf(
                "dailyfeed: %s %s. Last %d lines of %s:%n",
                failed.process().name(),
                why,
                Launcher.LOG_TAIL_LINES,
                failed.process().logFile());
        failed.process()
                .logTail(Launcher.LOG_TAIL_LINES)
                .forEach(line -> console.println("  | " + ReadableLogLine.of(line)));
        return false;
    }

    /** The line scripts and tests read the addresses from: {@code "  gateway-2   ready at http://localhost:8180 (9.1 s)"}. */
    void ready(String name, String address) {
        console.printf("  %-17s ready at %-24s (%.1f s)%n", name, address, (System.nanoTime() - startNanos) / 1e9);
    }

    private static boolean keepsDying(Probe probe) {
        return probe.process().unexpectedExits() >= MAX_EXITS_WHILE_STARTING;
    }
}
