package dailyfeed.harness;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system, started the way a user starts it: {@code java -jar launcher/target/launcher-*-exec.jar up} with
 * a fresh data folder and free ports, once for all test classes of this run, stopped with SIGTERM at the end.
 * With {@code -De2e.baseUrl=http://localhost:8080} the tests use a dailyfeed that is already running instead.
 */
public final class RunningDailyfeed implements BeforeAllCallback {

    private static final Duration STARTUP = Duration.ofMinutes(5);
    private static final String READY_LINE = "dailyfeed is up at ";

    private final Map<String, String> environment;
    private Stack stack;

    /** The system as {@code ./dailyfeed up} starts it. */
    public RunningDailyfeed() {
        this(Map.of());
    }

    private RunningDailyfeed(Map<String, String> environment) {
        this.environment = Map.copyOf(environment);
    }

    /**
     * The same, with extra environment variables for the launcher, which its children inherit (e.g.
     * {@code SPRING_APPLICATION_JSON} for settings of the services). The system is started once per test JVM, by
     * the first extension that asks: all test classes of one module should agree on this environment.
     */
    public RunningDailyfeed withEnvironment(Map<String, String> variables) {
        Map<String, String> merged = new LinkedHashMap<>(environment);
        merged.putAll(variables);
        return new RunningDailyfeed(merged);
    }

    /** The gateway's address, e.g. {@code http://localhost:41234}. */
    public String baseUrl() {
        return stack == null ? System.getProperty("e2e.baseUrl") : stack.baseUrl;
    }

    /** The data folder of a system this run started (empty when the tests use one that was already running). */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(stack).map(started -> started.dataDir);
    }

    /**
     * The pid of one process of a system this run started, as the launcher wrote it ({@code member-service},
     * {@code content-service}, {@code activity-service}, {@code gateway}, {@code kafka}); empty when it is not running
     * or the tests use a system that was already running. A process the launcher restarted has a new pid.
     */
    public Optional<ProcessHandle> process(String name) {
        return dataDir().flatMap(dir -> {
            try {
                long pid = Long.parseLong(Files.readString(dir.resolve("pids").resolve(name + ".pid")).trim());
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The port of one component of a system this run started: {@code member-service}, {@code content-service},
     * {@code activity-service}, {@code kafka} (its client listener) or {@code postgres} (user and password
     * {@code postgres}, one database per service); empty for a system that was already running.
     */
    public Optional<Integer> port(String name) {
        return Optional.ofNullable(stack).map(started -> started.ports.get(name));
    }

    /**
     * The JDBC URL of one service's database ({@code member}, {@code content}, {@code activity}) in a system this run
     * started; user {@code postgres}, local trust authentication. For tests that must play an attacker who has read
     * what a service keeps (its signing key), never for checking results, which go through the API.
     */
    public Optional<String> jdbcUrl(String database) {
        return Optional.ofNullable(stack).map(started -> "jdbc:postgresql://localhost:" + started.ports.get("postgres") + "/" + database);
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        if (System.getProperty("e2e.baseUrl", "").isBlank()) {
            startOnce(context);
        }
    }

    private void startOnce(ExtensionContext context) {
        stack = context.getRoot().getStore(ExtensionContext.Namespace.create(RunningDailyfeed.class))
                .computeIfAbsent(Stack.class, type -> Stack.start(environment), Stack.class);
    }

    /** The launcher process; closed by JUnit when the run ends (the root store closes what it holds). */
    static final class Stack implements AutoCloseable {

        final Process process;
        final String baseUrl;
        final Path dataDir;
        final List<String> output;
        final Map<String, Integer> ports;

        private Stack(Process process, String baseUrl, Path dataDir, List<String> output, Map<String, Integer> ports) {
            this.process = process;
            this.baseUrl = baseUrl;
            this.dataDir = dataDir;
            this.output = output;
            this.ports = Map.copyOf(ports);
        }

        static Stack start(Map<String, String> environment) {
            Path home = Path.of(System.getProperty("dailyfeed.home", "..")).toAbsolutePath().normalize();
            Path jar = home.resolve("launcher/target/launcher-0.1.0-SNAPSHOT-exec.jar");
            if (!Files.isRegularFile(jar)) {
                throw new IllegalStateException("Not built: " + jar + ". Run ./mvnw verify from the repository root.");
            }
            try {
                Path dataDir = Files.createTempDirectory("dailyfeed-e2e-");
                FreePorts ports = new FreePorts();
                int gateway = ports.free();
                Map<String, Integer> componentPorts = new LinkedHashMap<>();
                componentPorts.put("member-service", ports.free());
                componentPorts.put("content-service", ports.free());
                componentPorts.put("activity-service", ports.free());
                componentPorts.put("kafka", ports.freePair());
                componentPorts.put("postgres", ports.free());
                List<String> command = new ArrayList<>(List.of(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-Xmx128m", "-Ddailyfeed.home=" + home, "-jar", jar.toString(), "up",
                        "--data-dir", dataDir.toString(),
                        "--port", Integer.toString(gateway),
                        "--member-port", componentPorts.get("member-service").toString(),
                        "--content-port", componentPorts.get("content-service").toString(),
                        "--activity-port", componentPorts.get("activity-service").toString(),
                        "--kafka-port", componentPorts.get("kafka").toString(),
                        "--pg-port", componentPorts.get("postgres").toString(),
                        "--timeout", Long.toString(STARTUP.toSeconds())));
                ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
                builder.environment().remove("DAILYFEED_DEMO");
                builder.environment().putAll(environment);
                Process process = builder.start();
                Runtime.getRuntime().addShutdownHook(new Thread(process::destroy)); // a JVM that dies still stops it
                List<String> output = Collections.synchronizedList(new ArrayList<>());
                CountDownLatch ready = new CountDownLatch(1);
                Thread reader = new Thread(() -> read(process, output, ready), "launcher-output");
                reader.setDaemon(true);
                reader.start();
                boolean up = ready.await(STARTUP.toSeconds() + 30, TimeUnit.SECONDS)
                        && output.stream().anyMatch(line -> line.startsWith(READY_LINE));
                if (!up) {
                    process.destroy();
                    process.waitFor(60, TimeUnit.SECONDS);
                    throw new IllegalStateException("dailyfeed did not start. Launcher output:\n"
                            + String.join("\n", output) + "\nLogs in " + dataDir.resolve("logs"));
                }
                return new Stack(process, "http://localhost:" + gateway, dataDir, output, componentPorts);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }

        /** Echoes the launcher's lines into the test log; counts down once it is up or has exited. */
        private static void read(Process process, List<String> output, CountDownLatch ready) {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    output.add(line);
                    System.out.println("[launcher] " + line);
                    if (line.startsWith(READY_LINE)) {
                        ready.countDown();
                    }
                }
            } catch (IOException e) {
                // the process is gone; the waiting side reports it with the lines read so far
            } finally {
                ready.countDown();
            }
        }

        /**
         * SIGTERM, as Ctrl-C would: the launcher stops the gateway, services, Kafka and PostgreSQL in order. The data
         * folder goes too, unless the launcher had to be killed (then its logs tell why).
         */
        @Override
        public void close() throws InterruptedException, IOException {
            process.destroy();
            if (process.waitFor(90, TimeUnit.SECONDS)) {
                try (Stream<Path> files = Files.walk(dataDir)) {
                    files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
                }
            } else {
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
                System.out.println("The launcher did not stop within 90 s; its logs are in " + dataDir.resolve("logs"));
            }
        }
    }
}
