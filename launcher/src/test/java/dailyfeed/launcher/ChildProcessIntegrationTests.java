package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessIntegrationTests {

    @TempDir
    Path tempDir;

    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private ChildProcess child;

    @AfterEach
    void cleanUp() {
        if (child != null) {
            child.stop(Duration.ofSeconds(5));
        }
        scheduler.shutdownNow();
    }

    @Test
    void aKilledChildIsRestartedWithItsEnvironmentAndAStoppedOneIsNot() throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/bin/sh")), "needs a POSIX shell");
        Path pidFile = tempDir.resolve("pids/sleeper.pid");
        Path logFile = tempDir.resolve("logs/sleeper.log");
        child = new ChildProcess(
                "sleeper",
                List.of("/bin/sh", "-c", "echo \"greeting=$GREETING\"; exec sleep 60"),
                Map.of("GREETING", "hi"),
                tempDir.resolve("work"),
                logFile,
                pidFile,
                scheduler,
                new PrintStream(console, true));

        child.start();
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(child.logTail(30))
                        .filteredOn("greeting=hi"::equals)
                        .hasSize(1));
        long firstPid = pid(pidFile).orElseThrow();
        ProcessHandle.of(firstPid).orElseThrow().destroyForcibly(); // what a fault test does

        await().atMost(Duration.ofSeconds(15))
                .until(() -> pid(pidFile)
                        .filter(pid -> pid != firstPid)
                        .flatMap(ProcessHandle::of)
                        .map(ProcessHandle::isAlive)
                        .orElse(false));
        assertThat(child.unexpectedExits()).isEqualTo(1);
        assertThat(console.toString()).contains("sleeper exited unexpectedly", "sleeper restarted");
        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(child.logTail(30))
                        .filteredOn("greeting=hi"::equals)
                        .hasSize(2));

        ProcessHandle second = ProcessHandle.of(pid(pidFile).orElseThrow()).orElseThrow();
        child.stop(Duration.ofSeconds(5));
        assertThat(second.isAlive()).isFalse();
        assertThat(pidFile).doesNotExist();
        assertThat(child.unexpectedExits()).isEqualTo(1);
    }

    private static Optional<Long> pid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (Exception e) {
            return Optional.empty();
        }
    }
}
