package dailyfeed.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system, started the way a user starts it ({@link LaunchedDailyfeed}: {@code java -jar
 * launcher/target/launcher-*-exec.jar up} with a fresh data folder and free ports), once for all test classes of this run that ask for the same configuration
 * (environment and launcher arguments), stopped with SIGTERM at the end. A test class that asks for another
 * configuration stops the running system and starts its own (test classes run one after the other), so classes that
 * agree on one should run together. With {@code -De2e.baseUrl=http://localhost:8080} the tests use a dailyfeed that
 * is already running instead.
 */
public final class RunningDailyfeed implements BeforeAllCallback {

    private final Configuration configuration;
    private LaunchedDailyfeed stack;

    /** The system as {@code ./dailyfeed up} starts it. */
    public RunningDailyfeed() {
        this(new Configuration(Map.of(), List.of()));
    }

    private RunningDailyfeed(Configuration configuration) {
        this.configuration = configuration;
    }

    /** What a system is started with; two extensions with equal configurations share one system. */
    private record Configuration(Map<String, String> environment, List<String> arguments) {

        Configuration {
            environment = Map.copyOf(environment);
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * The same, with extra environment variables for the launcher, which its children inherit (e.g.
     * {@code SPRING_APPLICATION_JSON} for settings of the services).
     */
    public RunningDailyfeed withEnvironment(Map<String, String> variables) {
        Map<String, String> merged = new LinkedHashMap<>(configuration.environment());
        merged.putAll(variables);
        return new RunningDailyfeed(new Configuration(merged, configuration.arguments()));
    }

    /** The same, with the gateway's rate limits off ({@link LaunchedDailyfeed#RATE_LIMITS_OFF}). */
    public RunningDailyfeed withoutRateLimits() {
        return withEnvironment(LaunchedDailyfeed.RATE_LIMITS_OFF);
    }

    /**
     * The same, with extra arguments for {@code up} after the ones the harness gives (data folder, ports, timeout),
     * e.g. {@code withArguments("--instances", "2")}.
     */
    public RunningDailyfeed withArguments(String... arguments) {
        List<String> all = new ArrayList<>(configuration.arguments());
        all.addAll(List.of(arguments));
        return new RunningDailyfeed(new Configuration(configuration.environment(), all));
    }

    /** The (first) gateway's address, e.g. {@code http://localhost:41234}. */
    public String baseUrl() {
        return stack == null ? System.getProperty("e2e.baseUrl") : stack.baseUrl();
    }

    /**
     * The address of every gateway, the first one first ({@code gateway}, {@code gateway-2}, ...): one for a system
     * started without {@code --instances} or already running.
     */
    public List<String> baseUrls() {
        if (stack == null) {
            return List.of(baseUrl());
        }
        return stack.baseUrls();
    }

    /** The data folder of a system this run started (empty when the tests use one that was already running). */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(stack).map(LaunchedDailyfeed::dataDir);
    }

    /**
     * The pid of one process of a system this run started, as the launcher wrote it ({@code member-service},
     * {@code content-service}, {@code activity-service}, {@code gateway}, {@code kafka}; further instances as
     * {@code activity-service-2}, {@code gateway-2}, ...); empty when it is not running
     * or the tests use a system that was already running. A process the launcher restarted has a new pid.
     */
    public Optional<ProcessHandle> process(String name) {
        return dataDir().flatMap(dir -> {
            try {
                long pid = Long.parseLong(Files.readString(dir.resolve("pids").resolve(name + ".pid"))
                        .trim());
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The port of one component of a system this run started: {@code gateway}, {@code member-service},
     * {@code content-service}, {@code activity-service} (further instances as {@code activity-service-2}, ...),
     * {@code kafka} (its client listener) or {@code postgres} (one database per service, each owned by its role; the
     * passwords are in {@link #secrets()}); empty for a system that was already running (or an instance it does not
     * have).
     */
    public Optional<Integer> port(String name) {
        return Optional.ofNullable(stack).flatMap(started -> started.port(name));
    }

    /**
     * The JDBC URL of one service's database ({@code member}, {@code content}, {@code activity}) in a system this run
     * started; log in as the superuser or the database's role, with the passwords of {@link #secrets()}. For tests
     * that must play an attacker who has read what a service keeps (its signing key), never for checking results,
     * which go through the API.
     */
    public Optional<String> jdbcUrl(String database) {
        return Optional.ofNullable(stack)
                .map(started -> "jdbc:postgresql://localhost:" + started.ports().get("postgres") + "/" + database);
    }

    /**
     * The secrets of the system: those the launcher generated in the data folder of a system this run started;
     * for one already running, those of {@code -De2e.dataDir} (default: the repository's {@code .data}). The
     * environment variables the launcher reads override them.
     */
    public LaunchedSecrets secrets() {
        Path dataDir = dataDir()
                .orElseGet(() -> Path.of(System.getProperty(
                                "e2e.dataDir",
                                LaunchedDailyfeed.home().resolve(".data").toString()))
                        .toAbsolutePath());
        return LaunchedSecrets.of(dataDir);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (System.getProperty("e2e.baseUrl", "").isBlank()) {
            startOnce(context);
        }
    }

    private void startOnce(ExtensionContext context) {
        stack = context.getRoot()
                .getStore(ExtensionContext.Namespace.create(RunningDailyfeed.class))
                .computeIfAbsent(Current.class, type -> new Current(), Current.class)
                .obtain(configuration);
    }

    /**
     * The one system of this test JVM (two at once would not fit a small machine); closed by JUnit when the run ends
     * (the root store closes what it holds).
     */
    static final class Current implements AutoCloseable {

        private Configuration configuration;
        private LaunchedDailyfeed stack;

        synchronized LaunchedDailyfeed obtain(Configuration wanted) {
            if (stack != null && !wanted.equals(configuration)) {
                System.out.println("[harness] stopping the running dailyfeed: the next test class wants " + wanted);
                close();
            }
            if (stack == null) {
                stack = LaunchedDailyfeed.start(LaunchedDailyfeed.home(), wanted.environment(), wanted.arguments());
                configuration = wanted;
            }
            return stack;
        }

        @Override
        public synchronized void close() {
            if (stack != null) {
                try {
                    stack.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                } finally {
                    stack = null;
                }
            }
        }
    }
}
