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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The whole system, started the way a user starts it: {@code java -jar launcher/target/launcher-*-exec.jar up} with
 * a fresh data folder and free ports, once for all test classes of this run that ask for the same configuration
 * (environment and launcher arguments), stopped with SIGTERM at the end. A test class that asks for another
 * configuration stops the running system and starts its own (test classes run one after the other), so classes that
 * agree on one should run together. With {@code -De2e.baseUrl=http://localhost:8080} the tests use a dailyfeed that
 * is already running instead.
 */
public final class RunningDailyfeed implements BeforeAllCallback {

    private static final Duration STARTUP = Duration.ofMinutes(5);
    private static final String READY_LINE = "dailyfeed is up at ";
    /** The launcher's rule: instance k of a component listens on the first one's port + 100·(k−1). */
    private static final int INSTANCE_PORT_STEP = 100;
    /** What the launcher prints as each process becomes healthy: {@code "  gateway-2   ready at http://localhost:8180 (9.1 s)"}. */
    private static final Pattern READY_AT = Pattern.compile("^\\s+(\\S+)\\s+ready at (?:http://)?[^\\s:]+:(\\d+)\\b.*");

    private final Configuration configuration;
    private Stack stack;

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

        /** The {@code --instances} it asks for (1 without), to pick ports that leave room for the others. */
        int instances() {
            for (int i = 0; i < arguments.size(); i++) {
                String argument = arguments.get(i);
                if (argument.startsWith("--instances=")) {
                    return Integer.parseInt(argument.substring("--instances=".length()).trim());
                }
                if (argument.equals("--instances") && i + 1 < arguments.size()) {
                    return Integer.parseInt(arguments.get(i + 1).trim());
                }
            }
            String variable = environment.getOrDefault("DAILYFEED_INSTANCES", "").trim();
            return variable.isEmpty() ? 1 : Integer.parseInt(variable);
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
        return stack == null ? System.getProperty("e2e.baseUrl") : stack.baseUrl;
    }

    /**
     * The address of every gateway, the first one first ({@code gateway}, {@code gateway-2}, ...): one for a system
     * started without {@code --instances} or already running.
     */
    public List<String> baseUrls() {
        if (stack == null) {
            return List.of(baseUrl());
        }
        return stack.ports.entrySet().stream()
                .filter(entry -> entry.getKey().matches("gateway(-\\d+)?"))
                .map(Map.Entry::getValue)
                .sorted() // instance k listens above instance k-1
                .map(port -> "http://localhost:" + port)
                .toList();
    }

    /** The data folder of a system this run started (empty when the tests use one that was already running). */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(stack).map(started -> started.dataDir);
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
                long pid = Long.parseLong(Files.readString(dir.resolve("pids").resolve(name + ".pid")).trim());
                return ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
            } catch (IOException | NumberFormatException e) {
                return Optional.empty();
            }
        });
    }

    /**
     * The port of one component of a system this run started: {@code gateway}, {@code member-service},
     * {@code content-service}, {@code activity-service} (further instances as {@code activity-service-2}, ...),
     * {@code kafka} (its client listener) or {@code postgres} (user and password {@code postgres}, one database per
     * service); empty for a system that was already running (or an instance it does not have).
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
                .computeIfAbsent(Current.class, type -> new Current(), Current.class)
                .obtain(configuration);
    }

    /**
     * The one system of this test JVM (two at once would not fit a small machine); closed by JUnit when the run ends
     * (the root store closes what it holds).
     */
    static final class Current implements AutoCloseable {

        private Configuration configuration;
        private Stack stack;

        synchronized Stack obtain(Configuration wanted) {
            if (stack != null && !wanted.equals(configuration)) {
                System.out.println("[harness] stopping the running dailyfeed: the next test class wants " + wanted);
                close();
            }
            if (stack == null) {
                stack = Stack.start(wanted);
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

    /** The launcher process and what it said. */
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

        static Stack start(Configuration configuration) {
            Path home = Path.of(System.getProperty("dailyfeed.home", "../..")).toAbsolutePath().normalize();
            Path jar = RunnableJars.of(home, "launcher");
            try {
                Path dataDir = Files.createTempDirectory("dailyfeed-e2e-");
                FreePorts ports = new FreePorts();
                int instances = configuration.instances();
                int gateway = ports.freeSeries(instances, INSTANCE_PORT_STEP);
                Map<String, Integer> componentPorts = new LinkedHashMap<>();
                componentPorts.put("gateway", gateway);
                componentPorts.put("member-service", ports.free());
                componentPorts.put("content-service", ports.free());
                componentPorts.put("activity-service", ports.freeSeries(instances, INSTANCE_PORT_STEP));
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
                command.addAll(configuration.arguments());
                ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
                builder.environment().remove("DAILYFEED_DEMO");
                builder.environment().putAll(configuration.environment());
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
                // the further instances' ports, as the launcher reported them (it owns the rule)
                synchronized (output) {
                    for (String line : output) {
                        Matcher readyAt = READY_AT.matcher(line);
                        if (readyAt.matches()) {
                            componentPorts.putIfAbsent(readyAt.group(1), Integer.parseInt(readyAt.group(2)));
                        }
                    }
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
