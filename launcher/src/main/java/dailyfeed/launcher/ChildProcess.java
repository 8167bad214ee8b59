package dailyfeed.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.io.RandomAccessFile;
import java.lang.ProcessBuilder.Redirect;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * One supervised child process: its output goes to a log file, its pid to a pid file, and when it dies without
 * being asked to it is started again (same command and environment) after a backoff of 1 s doubling to 10 s.
 */
public final class ChildProcess {

    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);
    /** A child that ran at least this long before dying is treated as healthy again: its next restart is quick. */
    private static final Duration STABLE_UPTIME = Duration.ofSeconds(60);

    private final String name;
    private final List<String> command;
    private final Map<String, String> environment;
    private final Path workingDir;
    private final Path logFile;
    private final Path pidFile;
    private final ScheduledExecutorService scheduler;
    private final PrintStream console;

    private Process process;
    private Instant startedAt;
    private Duration backoff = FIRST_BACKOFF;
    private int unexpectedExits;
    private boolean stopping;
    private Duration leastStopGrace = Duration.ZERO;

    ChildProcess(
            String name,
            List<String> command,
            Map<String, String> environment,
            Path workingDir,
            Path logFile,
            Path pidFile,
            ScheduledExecutorService scheduler,
            PrintStream console) {
        this.name = name;
        this.command = List.copyOf(command);
        this.environment = Map.copyOf(environment);
        this.workingDir = workingDir;
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.scheduler = scheduler;
        this.console = console;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    /** How often the child died without being asked to; the launcher gives up on a component that keeps dying. */
    public synchronized int unexpectedExits() {
        return unexpectedExits;
    }

    public synchronized void start() throws IOException {
        Files.createDirectories(workingDir);
        Files.createDirectories(logFile.getParent());
        Files.createDirectories(pidFile.getParent());
        Files.writeString(
                logFile,
                "%n===== dailyfeed: starting %s at %s =====%n%s%n"
                        .formatted(name, Instant.now(), String.join(" ", command)),
                StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        ProcessBuilder builder = new ProcessBuilder(detachedFromTerminal(command))
                .directory(workingDir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(Redirect.appendTo(logFile.toFile()))
                .redirectInput(Redirect.from(nullDevice()));
        builder.environment().putAll(environment);
        Process started = builder.start();
        process = started;
        startedAt = Instant.now();
        Files.writeString(pidFile, started.pid() + System.lineSeparator());
        started.onExit().thenAccept(this::exited);
    }

    private void exited(Process exitedProcess) {
        Duration delay;
        synchronized (this) {
            if (stopping || exitedProcess != process) {
                return;
            }
            unexpectedExits++;
            if (Duration.between(startedAt, Instant.now()).compareTo(STABLE_UPTIME) >= 0) {
                backoff = FIRST_BACKOFF;
            }
            delay = backoff;
            backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
        }
        console.printf(
                "%s exited unexpectedly (exit code %d); restarting in %d s%n",
                name, exitedProcess.exitValue(), delay.toSeconds());
        scheduler.schedule(this::restart, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void restart() {
        synchronized (this) {
            if (stopping) {
                return;
            }
            try {
                start();
            } catch (IOException e) {
                console.printf("%s could not be restarted: %s%n", name, e.getMessage());
                return;
            }
        }
        console.printf("%s restarted (pid %d)%n", name, process.pid());
    }

    /**
     * A child that has work to finish as it exits (writing what it recorded for its start-up cache) is given at
     * least {@code grace} to stop, whatever {@link #stop} is told.
     */
    public synchronized void stopGraceAtLeast(Duration grace) {
        leastStopGrace = grace;
    }

    /** Asks the child to stop (SIGTERM), waits up to {@code grace}, then kills it; it is not restarted. */
    public void stop(Duration grace) {
        Process current;
        Duration allowed;
        synchronized (this) {
            stopping = true;
            current = process;
            allowed = grace.compareTo(leastStopGrace) >= 0 ? grace : leastStopGrace;
        }
        if (current != null) {
            terminate(current.toHandle(), allowed);
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException e) {
            // a stale pid file is harmless: the next start checks that the pid is really ours
        }
    }

    /** SIGTERM, wait up to {@code grace}, then SIGKILL. */
    static void terminate(ProcessHandle process, Duration grace) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            process.onExit().get(grace.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception notStoppedInTime) {
            process.destroyForcibly();
            process.onExit().join();
        }
    }

    /** The last lines of the child's log, to show why it did not come up. */
    public List<String> logTail(int lines) {
        return tail(logFile, lines);
    }

    /** The last lines of a text file. */
    static List<String> tail(Path path, int lines) {
        // read at most the last 64 KiB: enough for 30 lines, and the log may be large after many runs
        try (RandomAccessFile file = new RandomAccessFile(path.toFile(), "r")) {
            long start = Math.max(0, file.length() - 64 * 1024);
            byte[] bytes = new byte[(int) (file.length() - start)];
            file.seek(start);
            file.readFully(bytes);
            List<String> all = Arrays.asList(new String(bytes, StandardCharsets.UTF_8).split("\\R"));
            return new ArrayList<>(all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    /**
     * Ctrl-C in a terminal signals the whole foreground process group. Children in their own session (via
     * setsid, where it exists) ignore that, so the launcher alone decides the stop order: gateway, services, Kafka.
     * setsid execs the command in place, so the pid we record is the JVM's own.
     */
    private static List<String> detachedFromTerminal(List<String> command) {
        for (String setsid : List.of("/usr/bin/setsid", "/bin/setsid")) {
            if (Files.isExecutable(Path.of(setsid))) {
                List<String> detached = new ArrayList<>();
                detached.add(setsid);
                detached.addAll(command);
                return detached;
            }
        }
        return command;
    }

    private static java.io.File nullDevice() {
        return new java.io.File(System.getProperty("os.name").startsWith("Windows") ? "NUL" : "/dev/null");
    }
}
