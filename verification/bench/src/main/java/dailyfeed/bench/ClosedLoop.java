package dailyfeed.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * A closed-loop load: {@code concurrency} threads each run the operation again as soon as it returned, first for a
 * warm-up that is not recorded, then for the measured window. Latencies go into an HdrHistogram in microseconds.
 */
final class ClosedLoop {

    /** One operation; true when it succeeded (a failure is counted, its latency is not recorded). */
    interface Operation {
        boolean run(int worker) throws Exception;
    }

    /** What a measured window saw. */
    record Outcome(Histogram micros, long succeeded, long failed, double seconds) {

        double perSecond() {
            return succeeded / seconds;
        }

        double p50Millis() {
            return micros.getValueAtPercentile(50) / 1000.0;
        }

        double p99Millis() {
            return micros.getValueAtPercentile(99) / 1000.0;
        }

        /** Both windows as one, for alternating rounds of the same configuration. */
        Outcome plus(Outcome other) {
            Histogram merged = micros.copy();
            merged.add(other.micros);
            return new Outcome(merged, succeeded + other.succeeded, failed + other.failed, seconds + other.seconds);
        }
    }

    private ClosedLoop() {}

    static Histogram newHistogram() {
        return new ConcurrentHistogram(Duration.ofMinutes(2).toNanos() / 1000, 3);
    }

    static Outcome run(int concurrency, Duration warmup, Duration window, Operation operation)
            throws InterruptedException {
        Histogram histogram = newHistogram();
        AtomicLong succeeded = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong firstError = new AtomicLong();
        long start = System.nanoTime();
        long measureFrom = start + warmup.toNanos();
        long end = measureFrom + window.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            int worker = w;
            Thread thread = new Thread(
                    () -> {
                        while (true) {
                            long before = System.nanoTime();
                            if (before >= end) {
                                return;
                            }
                            boolean ok;
                            try {
                                ok = operation.run(worker);
                            } catch (Exception e) {
                                ok = false;
                                if (firstError.compareAndSet(0, 1)) {
                                    System.out.println("  first failure: " + e);
                                }
                            }
                            long after = System.nanoTime();
                            // an operation counts in the window it started in, so the window's rate is not inflated at
                            // its end
                            if (before >= measureFrom) {
                                if (ok) {
                                    histogram.recordValue(Math.max(1, (after - before) / 1000));
                                    succeeded.incrementAndGet();
                                } else {
                                    failed.incrementAndGet();
                                }
                            }
                        }
                    },
                    "load-" + w);
            thread.start();
            workers.add(thread);
        }
        for (Thread worker : workers) {
            worker.join();
        }
        double seconds = (Math.max(end, System.nanoTime()) - measureFrom) / 1e9;
        return new Outcome(histogram, succeeded.get(), failed.get(), seconds);
    }
}
