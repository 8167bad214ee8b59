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

/**
 * One launcher process, {@code java -jar launcher/target/launcher-*-exec.jar up}, on a fresh data folder and free
 * ports, started and waited for until it prints its ready line; stopped with SIGTERM. The one place that starts the
 * launcher for the suites ({@link RunningDailyfeed}) and the benchmarks.
 */
public final class LaunchedDailyfeed implements AutoCloseable {

    private static final Duration STARTUP = Duration.ofMinutes(5);
    private static final String READY_LINE = "dailyfeed is up at ";
    /** The launcher's rule: instance k of a component listens on the first one's port + 100·(k−1). */
    private static final int INSTANCE_PORT_STEP = 100;
    /** What the launcher prints as each process becomes healthy: {@code "  gateway-2   ready at http://localhost:8180 (9.1 s)"}. */
    private static final Pattern READY_AT = Pattern.compile("^\\s+(\\S+)\\s+ready at (?:http://)?[^\\s:]+:(\\d+)\\b.*");
    /**
     * The launcher's variables that a developer's shell may have set and that would make the system differ from the one
     * the tests and benchmarks describe: demo data in it, other JVM options for its services.
     */
    private static final List<String> INHERITED_VARIABLES_DROPPED = List.of(
            "DAILYFEED_DEMO",
            "DAILYFEED_JAVA_OPTS",
            "DAILYFEED_RATE_LIMITS",
            "DAILYFEED_RATE_LIMIT_SIGNUPS",
            "DAILYFEED_RATE_LIMIT_LOGINS",
            "DAILYFEED_RATE_LIMIT_TOKENS",
            "DAILYFEED_RATE_LIMIT_WRITES",
            "DAILYFEED_RATE_LIMIT_TRUSTED_FORWARDERS");

    /**
     * The gateway's per-address rate limits off: for suites and benchmarks that make many requests from this one
     * address on purpose (the security suite keeps them on).
     */
    public static final Map<String, String> RATE_LIMITS_OFF = Map.of("DAILYFEED_RATE_LIMITS", "off");

    private final Process process;
    private final Path home;
    private final Path dataDir;
    private final Map<String, Integer> ports;

    private LaunchedDailyfeed(Process process, Path home, Path dataDir, Map<String, Integer> ports) {
        this.process = process;
        this.home = home;
        this.dataDir = dataDir;
        this.ports = Map.copyOf(ports);
    }

    /** The repository root of a suite: {@code -Ddailyfeed.home}, or two folders up from the suite's module. */
    public static Path home() {
        return Path.of(System.getProperty("dailyfeed.home", "../.."))
                .toAbsolutePath()
                .normalize();
    }

    /**
     * Starts the launcher built in {@code home} (the repository root) with {@code environment} added to this JVM's (its children inherit it) and {@code arguments}
     * after the harness's own (data folder, ports, timeout), e.g. {@code --instances 2}; returns once it is up.
     *
     * @throws IllegalStateException with the launcher's output when it does not come up
     */
    public static LaunchedDailyfeed start(Path home, Map<String, String> environment, List<String> arguments) {
        return start(
                home,
                environment,
                arguments,
                Path.of(System.getProperty("java.home"), "bin", "java").toString());
    }

    /**
     * As {@link #start(Path, Map, List)}, the launcher (and so every service: children run on their parent's JDK) on
     * the JDK of {@code java}, e.g. the one {@code ./dailyfeed java} names, rather than this JVM's.
     */
    public static LaunchedDailyfeed start(
            Path home, Map<String, String> environment, List<String> arguments, String java) {
        Path jar = RunnableJars.of(home, "launcher");
        try {
            Path dataDir = Files.createTempDirectory("dailyfeed-e2e-");
            FreePorts free = new FreePorts();
            int instances = count(environment, arguments, "instances", "DAILYFEED_INSTANCES");
            int brokers = count(environment, arguments, "brokers", "DAILYFEED_BROKERS");
            Map<String, Integer> ports = new LinkedHashMap<>();
            ports.put("gateway", free.freeSeries(instances, INSTANCE_PORT_STEP));
            ports.put("member-service", free.freeSeries(instances, INSTANCE_PORT_STEP));
            ports.put("content-service", free.freeSeries(instances, INSTANCE_PORT_STEP));
            ports.put("activity-service", free.freeSeries(instances, INSTANCE_PORT_STEP));
            ports.put("kafka", free.freePairSeries(brokers, INSTANCE_PORT_STEP));
            ports.put("postgres", free.free());
            if (tracing(environment, arguments)) {
                ports.put("zipkin", free.free());
            }
            List<String> command = new ArrayList<>(List.of(
                    java,
                    "-Xms16m",
                    "-Xmx128m",
                    "-Ddailyfeed.home=" + home,
                    "-jar",
                    jar.toString(),
                    "up",
                    "--data-dir",
                    dataDir.toString(),
                    "--port",
                    ports.get("gateway").toString(),
                    "--member-port",
                    ports.get("member-service").toString(),
                    "--content-port",
                    ports.get("content-service").toString(),
                    "--activity-port",
                    ports.get("activity-service").toString(),
                    "--kafka-port",
                    ports.get("kafka").toString(),
                    "--pg-port",
                    ports.get("postgres").toString(),
                    "--timeout",
                    Long.toString(STARTUP.toSeconds())));
            if (ports.containsKey("zipkin")) {
                command.addAll(List.of("--zipkin-port", ports.get("zipkin").toString()));
            }
            command.addAll(arguments);
            ProcessBuilder builder =
                    new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
            INHERITED_VARIABLES_DROPPED.forEach(builder.environment()::remove);
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
            // the further instances' ports, as the launcher reported them (it owns the rule)
            synchronized (output) {
                for (String line : output) {
                    Matcher readyAt = READY_AT.matcher(line);
                    if (readyAt.matches()) {
                        ports.putIfAbsent(readyAt.group(1), Integer.parseInt(readyAt.group(2)));
                    }
                }
            }
            return new LaunchedDailyfeed(process, home, dataDir, ports);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * The {@code --instances} or {@code --brokers} asked for (1 without), to pick ports that leave room for the further
     * instances or nodes.
     */
    static int count(Map<String, String> environment, List<String> arguments, String flag, String variable) {
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (argument.startsWith("--" + flag + "=")) {
                return Integer.parseInt(argument.substring(flag.length() + 3).trim());
            }
            if (argument.equals("--" + flag) && i + 1 < arguments.size()) {
                return Integer.parseInt(arguments.get(i + 1).trim());
            }
        }
        String value = environment.getOrDefault(variable, "").trim();
        return value.isEmpty() ? 1 : Integer.parseInt(value);
    }

    /** Whether {@code --tracing} (or DAILYFEED_TRACING) asks for Zipkin, to give it a free port too. */
    static boolean tracing(Map<String, String> environment, List<String> arguments) {
        return arguments.contains("--tracing") || "true".equalsIgnoreCase(environment.get("DAILYFEED_TRACING"));
    }

    /** The (first) gateway's address, e.g. {@code http://localhost:41234}. */
    public String baseUrl() {
        return "http://localhost:" + ports.get("gateway");
    }

    /** The address of every gateway, the first one first ({@code gateway}, {@code gateway-2}, ...). */
    public List<String> baseUrls() {
        return ports.entrySet().stream()
                .filter(entry -> entry.getKey().matches("gateway(-\\d+)?"))
                .map(Map.Entry::getValue)
                .sorted() // instance k listens above instance k-1
                .map(port -> "http://localhost:" + port)
                .toList();
    }

    /** The repository root it was started from. */
    public Path homeFolder() {
        return home;
    }

    public Path dataDir() {
        return dataDir;
    }

    /** The secrets the launcher generated in its data folder (service clients, database passwords). */
    public LaunchedSecrets secrets() {
        return LaunchedSecrets.of(dataDir);
    }

    /**
     * The port of one process: {@code gateway}, {@code member-service}, {@code content-service},
     * {@code activity-service} (further instances as {@code activity-service-2}, ...), {@code kafka} (its client
     * listener) or {@code postgres}; empty for an instance it does not have.
     */
    public Optional<Integer> port(String name) {
        return Optional.ofNullable(ports.get(name));
    }

    /** Every process's port, by the names {@link #port} takes. */
    public Map<String, Integer> ports() {
        return ports;
    }

    /** Echoes the launcher's lines into the test log; counts down once it is up or has exited. */
    private static void read(Process process, List<String> output, CountDownLatch ready) {
        try (BufferedReader lines =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
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
        if (stop()) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }

    /** Stops the launcher as {@link #close()} does, but keeps the data folder for a look. */
    public void closeKeepingData() throws InterruptedException {
        if (stop()) {
            System.out.println("data and logs kept in " + dataDir);
        }
    }

    /** True when the launcher stopped by itself within 90 s; killed otherwise. */
    private boolean stop() throws InterruptedException {
        process.destroy();
        if (process.waitFor(90, TimeUnit.SECONDS)) {
            return true;
        }
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
        System.out.println("The launcher did not stop within 90 s; its logs are in " + dataDir.resolve("logs"));
        return false;
    }
}
