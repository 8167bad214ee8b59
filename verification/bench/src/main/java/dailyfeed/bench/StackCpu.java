package dailyfeed.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * CPU seconds used so far by each process of the stack — a first profile of where a figure's time goes, read from
 * the operating system: the launcher's children by their pid files, the benchmark's extra services, and PostgreSQL's
 * backends (children of this stack's postmaster) by the database each serves.
 */
record StackCpu(Map<String, Double> seconds) {

    static StackCpu of(Stack stack) {
        Map<String, Double> seconds = new TreeMap<>();
        javaProcesses(stack).forEach((name, process) -> seconds.put(name, cpu(process)));
        pid(stack.dataDir.resolve("postgres/postmaster.pid"))
                .ifPresent(postmaster -> ProcessHandle.allProcesses()
                        .filter(p ->
                                p.parent().map(ProcessHandle::pid).orElse(-1L).equals(postmaster))
                        .forEach(p -> {
                            seconds.merge(postgresName(commandLine(p)), cpu(p), Double::sum);
                        }));
        return new StackCpu(seconds);
    }

    /**
     * CPU seconds used so far by the JIT compiler threads of each of the stack's JVMs: while they are busy, the
     * request paths are still partly run by C1's profiling code, which costs more per call than what C2 makes of it.
     * A compiler thread the JVM retires when idle takes its seconds with it, so a difference is a lower bound.
     */
    static StackCpu compilersOf(Stack stack) {
        Map<String, Double> seconds = new TreeMap<>();
        javaProcesses(stack).forEach((name, process) -> seconds.put(name, compilerCpu(process.pid())));
        return new StackCpu(seconds);
    }

    /** The launcher's children by their pid files, and the benchmark's extra services. */
    private static Map<String, ProcessHandle> javaProcesses(Stack stack) {
        Map<String, ProcessHandle> processes = new TreeMap<>();
        try (DirectoryStream<Path> pids = Files.newDirectoryStream(stack.dataDir.resolve("pids"), "*.pid")) {
            for (Path pidFile : pids) {
                String name = pidFile.getFileName().toString().replace(".pid", "");
                if (!name.equals("launcher")) {
                    pid(pidFile).flatMap(ProcessHandle::of).ifPresent(p -> processes.put(name, p));
                }
            }
        } catch (IOException e) {
            // no pid files yet: nothing to count
        }
        stack.extras().forEach(service -> processes.put(service.name, service.process.toHandle()));
        return processes;
    }

    /**
     * What was used since {@code earlier}, a lower bound: a process's CPU only grows, but a name can lose some — a
     * PostgreSQL backend that exits (a pool closing a connection) takes its seconds out of its database's sum, an
     * extra service stopped reads 0 — and such a name counts 0, not less.
     */
    StackCpu minus(StackCpu earlier) {
        Map<String, Double> delta = new TreeMap<>();
        seconds.forEach((name, s) -> delta.put(name, Math.max(0, s - earlier.seconds.getOrDefault(name, 0.0))));
        return new StackCpu(delta);
    }

    StackCpu plus(StackCpu other) {
        Map<String, Double> sum = new TreeMap<>(seconds);
        other.seconds.forEach((name, s) -> sum.merge(name, s, Double::sum));
        return new StackCpu(sum);
    }

    /** The processes that used at least 2% of the total, largest first, each in ms per unit of work. */
    String perUnit(long units, String unit) {
        double total = totalSeconds();
        return "CPU per " + unit + " (ms): "
                + seconds.entrySet().stream()
                        .filter(e -> e.getValue() >= 0.02 * total)
                        .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                        .map(e -> "%s %.2f".formatted(e.getKey(), e.getValue() * 1000 / units))
                        .collect(Collectors.joining(", "))
                + "; total %.2f".formatted(total * 1000 / units);
    }

    /** Without the named processes (a benchmark's idle extras). */
    StackCpu excluding(java.util.Collection<String> processes) {
        Map<String, Double> kept = new TreeMap<>(seconds);
        kept.keySet().removeAll(processes);
        return new StackCpu(kept);
    }

    /** All processes together, in seconds. */
    double totalSeconds() {
        return seconds.values().stream().mapToDouble(Double::doubleValue).sum();
    }

    /** All processes together, in ms of CPU per unit of work. */
    double totalMillisPer(long units) {
        return totalSeconds() * 1000 / units;
    }

    /** One process, in ms of CPU per unit of work. */
    double millisPer(String process, long units) {
        return seconds.getOrDefault(process, 0.0) * 1000 / units;
    }

    /** Seconds, largest first. */
    String describe() {
        return seconds.entrySet().stream()
                .filter(e -> e.getValue() >= 0.1)
                .sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .map(e -> "%s %.1f s".formatted(e.getKey(), e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static Optional<Long> pid(Path file) {
        try {
            return Optional.of(Long.parseLong(Files.readAllLines(file).get(0).trim()));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * A PostgreSQL process by its title: a backend ({@code postgres: <role> <database> <client> <state>}) counts for its
     * database, whichever role it logs in as (the services each have their own); the checkpointer, the WAL writer,
     * autovacuum and the other server processes are "pg background".
     */
    static String postgresName(String title) {
        String[] words = title.split(" ");
        boolean backend = words.length >= 4
                && words[0].equals("postgres:")
                && (words[3].equals("[local]") || words[3].matches("[0-9A-Fa-f.:]+\\(\\d+\\)"));
        return backend ? "pg " + words[2] : "pg background";
    }

    /** As {@code ps} shows it: PostgreSQL writes its backends' titles over argv, which the JDK's view leaves out. */
    private static String commandLine(ProcessHandle process) {
        try {
            byte[] raw = Files.readAllBytes(Path.of("/proc", Long.toString(process.pid()), "cmdline"));
            return new String(raw, StandardCharsets.UTF_8).replace('\0', ' ').strip();
        } catch (IOException | RuntimeException e) {
            return process.info().commandLine().orElse("");
        }
    }

    /**
     * The CPU seconds of {@code pid}'s threads that HotSpot names {@code C1 CompilerThread<n>} or {@code C2
     * CompilerThread<n>} (the kernel keeps the first 15 characters). {@code /proc} counts in USER_HZ, 100 per second
     * on Linux; 0 when the process is gone.
     */
    private static double compilerCpu(long pid) {
        double ticks = 0;
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path thread : threads) {
                try {
                    if (Files.readString(thread.resolve("comm")).contains("CompilerThre")) {
                        // past the name, which may hold spaces: field 0 is the state, 11 utime, 12 stime
                        String stat = Files.readString(thread.resolve("stat"));
                        String[] fields =
                                stat.substring(stat.lastIndexOf(") ") + 2).split(" ");
                        ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            return 0;
        }
        return ticks / 100;
    }

    /** The CPU seconds {@code process} has used so far (0 when the system does not say). */
    static double cpu(ProcessHandle process) {
        return process.info().totalCpuDuration().map(Duration::toNanos).orElse(0L) / 1e9;
    }
}
