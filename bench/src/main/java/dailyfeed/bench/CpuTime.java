package dailyfeed.bench;

import java.time.Duration;

/**
 * CPU seconds used so far by the processes a figure depends on — a first profile of where an ingest's time goes,
 * read from the operating system (PostgreSQL names each backend after its database in its command line).
 */
record CpuTime(double service, double postgres, double broker) {

    static CpuTime of(ProcessHandle service, String database) {
        double postgres = 0;
        double broker = 0;
        for (ProcessHandle process : ProcessHandle.allProcesses().toList()) {
            String line = process.info().commandLine().orElse("");
            if (line.contains("postgres: postgres " + database + " ")) {
                postgres += seconds(process);
            } else if (line.contains("-Ddailyfeed.component=kafka") && line.contains("dailyfeed-bench-")) {
                broker += seconds(process);
            }
        }
        return new CpuTime(seconds(service), postgres, broker);
    }

    CpuTime minus(CpuTime earlier) {
        return new CpuTime(service - earlier.service, postgres - earlier.postgres, broker - earlier.broker);
    }

    String describe(double wallSeconds) {
        return "CPU while ingesting %.1f s wall: activity-service JVM %.1f s, its PostgreSQL backends %.1f s, broker %.1f s"
                .formatted(wallSeconds, service, postgres, broker);
    }

    private static double seconds(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
    }
}
