package dailyfeed.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.ServerSocket;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * `dailyfeed up`: starts PostgreSQL, a Kafka broker, the three services and the gateway on one machine (with
 * {@code --instances N}, N activity-services and N gateways), supervises them, and stops them in reverse order on
 * Ctrl-C or SIGTERM.
 */
public final class Launcher {

    private static final List<String> MODULES = List.of("member-service", "content-service", "activity-service", "gateway");
    private static final Duration STOP_GRACE = Duration.ofSeconds(15);
    /** A component that dies this often while starting is broken, not unlucky: give up before the timeout. */
    private static final int MAX_EXITS_WHILE_STARTING = 3;
    private static final int LOG_TAIL_LINES = 30;

    private final LauncherSettings settings;
    private final PrintStream console;
    private final HealthWaiter health = new HealthWaiter();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private final long startNanos = System.nanoTime();
    private final AtomicBoolean stopped = new AtomicBoolean();

    private FileLock dataDirLock;
    private EmbeddedPostgresServer postgres;
    private ChildProcess kafka;
    private final List<ChildProcess> services = new ArrayList<>();
    private final List<ChildProcess> gateways = new ArrayList<>();

    Launcher(LauncherSettings settings, PrintStream console) {
        this.settings = settings;
        this.console = console;
    }

    public static void main(String[] args) throws InterruptedException {
        quietLibraryLogging();
        String command = args.length == 0 ? "help" : args[0];
        if (List.of("help", "--help", "-h").contains(command)) {
            System.out.print(LauncherSettings.USAGE);
            return;
        }
        if (!command.equals("up")) {
            System.err.println("dailyfeed: unknown command '" + command + "'\n\n" + LauncherSettings.USAGE);
            System.exit(2);
        }
        LauncherSettings settings;
        try {
            settings = LauncherSettings.parse(Arrays.asList(args).subList(1, args.length), System.getenv(), home());
        } catch (IllegalArgumentException e) {
            System.err.println("dailyfeed: " + e.getMessage() + "\nRun ./dailyfeed help for the options.");
            System.exit(2);
            return;
        }
        Launcher launcher = new Launcher(settings, System.out);
        if (!launcher.up()) {
            System.exit(1);
        }
        new CountDownLatch(1).await(); // the stack runs until a signal; the shutdown hook stops it
    }

    /** Starts everything; true once all components are healthy, false (with everything stopped) otherwise. */
    boolean up() {
        try {
            if (!prepareDataDir()) {
                return false;
            }
            Map<String, Path> jars = findJars();
            if (jars == null || !portsAreFree()) {
                releaseLock();
                return false;
            }
            // from here on a signal must stop whatever has been started; a hook that did the stop exits with 0
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                if (stopAll()) {
                    console.flush();
                    Runtime.getRuntime().halt(0);
                }
            }, "dailyfeed-shutdown"));

            console.println("dailyfeed: starting, data in " + settings.dataDir()
                    + ", logs in " + logs().toString());
            // the broker JVM boots while PostgreSQL starts in this one
            kafka = child("kafka", KafkaBroker.command(settings.kafkaJavaOpts(), settings.kafkaPort(),
                    settings.dataDir().resolve("kafka")), Map.of());
            kafka.start();
            Path postgresLog = logs().resolve("postgres.log");
            try {
                postgres = EmbeddedPostgresServer.start(settings.dataDir().resolve("postgres"), settings.pgPort(),
                        Redirect.appendTo(postgresLog.toFile()), EmbeddedPostgresServer.SERVICE_DATABASES);
            } catch (IOException e) {
                console.printf("dailyfeed: postgres did not start: %s. Last %d lines of %s:%n", e.getMessage(),
                        LOG_TAIL_LINES, postgresLog);
                ChildProcess.tail(postgresLog, LOG_TAIL_LINES).forEach(line -> console.println("  | " + line));
                return stopAfterFailure();
            }
            ready("postgres", "localhost:" + settings.pgPort());

            if (!awaitReady(List.of(new Probe(kafka, "127.0.0.1:" + settings.kafkaPort(),
                    () -> health.isKafkaUp("127.0.0.1", settings.kafkaPort()))))) {
                return stopAfterFailure();
            }

            List<Probe> serviceProbes = new ArrayList<>();
            for (Instance service : settings.services()) {
                ChildProcess process = child(service.name(), javaJar(service, jars), serviceEnvironment(service));
                services.add(process);
                serviceProbes.add(httpProbe(process, service));
            }
            List<Probe> gatewayProbes = new ArrayList<>();
            for (Instance gateway : settings.gateways()) {
                ChildProcess process = child(gateway.name(), javaJar(gateway, jars), gatewayEnvironment(gateway));
                gateways.add(process);
                gatewayProbes.add(httpProbe(process, gateway));
            }
            for (ChildProcess process : services) {
                process.start();
            }
            for (ChildProcess process : gateways) {
                process.start();
            }
            if (!awaitReady(serviceProbes) || !awaitReady(gatewayProbes)) {
                return stopAfterFailure();
            }
            // scripts and tests wait for this exact line; the other gateways follow it
            console.println("dailyfeed is up at http://localhost:" + settings.gatewayPort());
            if (settings.gateways().size() > 1) {
                console.println("dailyfeed gateways: "
                        + settings.gateways().stream().map(Instance::url).collect(Collectors.joining(", ")));
            }
            if (settings.demo()) {
                new DemoData(URI.create("http://localhost:" + settings.gatewayPort()), console).load();
            }
            return true;
        } catch (IOException | RuntimeException e) {
            console.println("dailyfeed: could not start: " + e);
            return stopAfterFailure();
        }
    }

    // ---- data folder ----

    private boolean prepareDataDir() throws IOException {
        Path dataDir = settings.dataDir();
        Files.createDirectories(dataDir);
        FileChannel channel = FileChannel.open(dataDir.resolve("launcher.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        dataDirLock = channel.tryLock();
        if (dataDirLock == null) {
            channel.close();
            console.println("dailyfeed: another dailyfeed is already running with data in " + dataDir);
            return false;
        }
        stopLeftovers();
        if (settings.reset()) {
            try (Stream<Path> entries = Files.list(dataDir)) {
                for (Path entry : entries.filter(path -> !path.getFileName().toString().equals("launcher.lock")).toList()) {
                    deleteRecursively(entry);
                }
            }
            console.println("dailyfeed: --reset: deleted the data in " + dataDir);
        }
        Files.createDirectories(logs());
        Files.createDirectories(pids());
        Files.writeString(pids().resolve("launcher.pid"), ProcessHandle.current().pid() + System.lineSeparator());
        return true;
    }

    /**
     * A launcher killed with SIGKILL cannot stop its children; they would hold the ports and files of this data
     * folder. We hold the folder's lock, so no live launcher owns them: stop them, but only processes whose command
     * line says they are that component of ours, and PostgreSQL last, after its clients.
     */
    private void stopLeftovers() throws IOException {
        if (Files.isDirectory(pids())) {
            stopLeftoverChildren();
        }
        EmbeddedPostgresServer.stopLeftoverServer(settings.dataDir().resolve("postgres")).ifPresent(pid ->
                console.println("dailyfeed: stopped postgres left over from an earlier run (pid " + pid + ")"));
    }

    private void stopLeftoverChildren() throws IOException {
        Map<String, ProcessHandle> leftovers = new LinkedHashMap<>();
        try (DirectoryStream<Path> pidFiles = Files.newDirectoryStream(pids(), "*.pid")) {
            for (Path pidFile : pidFiles) {
                String name = pidFile.getFileName().toString().replaceFirst("\\.pid$", "");
                String marker = componentMarker(name);
                readPid(pidFile).flatMap(ProcessHandle::of)
                        .filter(ProcessHandle::isAlive)
                        .filter(process -> process.info().commandLine()
                                .map(line -> Arrays.asList(line.split(" ")).contains(marker)).orElse(false))
                        .ifPresent(process -> leftovers.put(name, process));
            }
        }
        leftovers.values().forEach(ProcessHandle::destroy); // all at once: each takes a moment to shut down
        leftovers.forEach((name, process) -> {
            ChildProcess.terminate(process, STOP_GRACE);
            console.println("dailyfeed: stopped " + name + " left over from an earlier run (pid " + process.pid() + ")");
        });
    }

    private static Optional<Long> readPid(Path pidFile) {
        try {
            return Optional.of(Long.parseLong(Files.readString(pidFile).trim()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        try (Stream<Path> tree = Files.walk(path)) {
            for (Path entry : tree.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(entry);
            }
        }
    }

    private Path logs() {
        return settings.dataDir().resolve("logs");
    }

    private Path pids() {
        return settings.dataDir().resolve("pids");
    }

    // ---- checks before starting ----

    /** The newest {@code services/<module>/target/<module>-*-exec.jar} of each service and the gateway, or null if one is missing. */
    private Map<String, Path> findJars() throws IOException {
        Map<String, Path> jars = new LinkedHashMap<>();
        List<String> missing = new ArrayList<>();
        for (String module : MODULES) {
            Path target = settings.home().resolve("services").resolve(module).resolve("target");
            Optional<Path> jar = Optional.empty();
            if (Files.isDirectory(target)) {
                try (Stream<Path> files = Files.list(target)) {
                    jar = files.filter(file -> {
                        String fileName = file.getFileName().toString();
                        return fileName.startsWith(module + "-") && fileName.endsWith("-exec.jar");
                    }).max(Comparator.comparing(file -> file.toFile().lastModified()));
                }
            }
            jar.ifPresentOrElse(path -> jars.put(module, path), () -> missing.add("services/" + module + "/target/" + module + "-*-exec.jar"));
        }
        if (!missing.isEmpty()) {
            console.println("dailyfeed: not built yet: " + String.join(", ", missing)
                    + "\nBuild with ./mvnw -DskipTests package (./dailyfeed up does it for you), home is " + settings.home());
            return null;
        }
        return jars;
    }

    private boolean portsAreFree() {
        for (Map.Entry<String, Integer> port : settings.ports().entrySet()) {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port.getValue()));
            } catch (IOException e) {
                console.printf("dailyfeed: port %d (%s) is already in use; stop what uses it or choose other ports"
                        + " (./dailyfeed help)%n", port.getValue(), port.getKey());
                return false;
            }
        }
        return true;
    }

    // ---- children ----

    private ChildProcess child(String name, List<String> command, Map<String, String> environment) {
        return new ChildProcess(name, command, environment, settings.dataDir().resolve(name),
                logs().resolve(name + ".log"), pids().resolve(name + ".pid"), scheduler, console);
    }

    private List<String> javaJar(Instance instance, Map<String, Path> jars) {
        List<String> command = new ArrayList<>();
        command.add(KafkaBroker.javaExecutable());
        command.addAll(settings.jvmOptionsOf(instance.component()));
        command.add(componentMarker(instance.name())); // lets a later run recognise a leftover process as ours
        command.addAll(List.of("-jar", jars.get(instance.component()).toString()));
        return command;
    }

    /** The JVM option that names the process; matched as a whole word, so activity-service is not activity-service-2. */
    private static String componentMarker(String name) {
        return "-Ddailyfeed.component=" + name;
    }

    /** The environment variables every service reads (see each application.properties). */
    private Map<String, String> serviceEnvironment(Instance service) {
        Map<String, String> env = new LinkedHashMap<>(commonEnvironment());
        env.put("PORT", Integer.toString(service.port()));
        env.put("DB_URL", "jdbc:postgresql://localhost:" + settings.pgPort() + "/"
                + service.component().replace("-service", ""));
        env.put("DB_USERNAME", "postgres");
        env.put("DB_PASSWORD", "postgres");
        env.put("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:" + settings.kafkaPort());
        return env;
    }

    private Map<String, String> gatewayEnvironment(Instance gateway) {
        Map<String, String> env = new LinkedHashMap<>(commonEnvironment());
        env.put("PORT", Integer.toString(gateway.port()));
        return env;
    }

    private Map<String, String> commonEnvironment() {
        Map<String, String> env = new LinkedHashMap<>();
        // every instance of a service, comma-separated: each gateway balances over all of them
        env.put("MEMBER_SERVICE_URL", urlsOf("member-service"));
        env.put("CONTENT_SERVICE_URL", urlsOf("content-service"));
        env.put("ACTIVITY_SERVICE_URL", urlsOf("activity-service"));
        // tokens name the address the browser sees, the first gateway's, which every gateway accepts
        env.put("DAILYFEED_ISSUER", "http://localhost:" + settings.gatewayPort());
        if (settings.demo()) {
            env.put("DAILYFEED_DEMO", "true");
        }
        return env;
    }

    private String urlsOf(String component) {
        return settings.services().stream().filter(service -> service.component().equals(component))
                .map(Instance::url).collect(Collectors.joining(","));
    }

    // ---- readiness ----

    private record Probe(ChildProcess process, String address, BooleanSupplier isReady) {
    }

    private Probe httpProbe(ChildProcess process, Instance instance) {
        return new Probe(process, instance.url(), () -> health.isHttpUp(instance.url()));
    }

    /** Polls all probes until each is ready, printing one line per component; false after a failure report. */
    private boolean awaitReady(List<Probe> probes) {
        long deadline = startNanos + settings.readyTimeout().toNanos();
        List<Probe> pending = new ArrayList<>(probes);
        boolean allReady = HealthWaiter.await(() -> {
            pending.removeIf(probe -> {
                boolean ready = probe.isReady().getAsBoolean();
                if (ready) {
                    ready(probe.process().name(), probe.address());
                }
                return ready;
            });
            return pending.isEmpty() || pending.stream().anyMatch(this::keepsDying);
        }, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())));
        if (allReady && pending.isEmpty()) {
            return true;
        }
        Probe failed = pending.stream().filter(this::keepsDying).findFirst().orElse(pending.get(0));
        String why = keepsDying(failed)
                ? "exited " + failed.process().unexpectedExits() + " times while starting"
                : "was not ready within " + settings.readyTimeout().toSeconds() + " s";
        console.printf("dailyfeed: %s %s. Last %d lines of %s:%n", failed.process().name(), why, LOG_TAIL_LINES,
                failed.process().logFile());
        failed.process().logTail(LOG_TAIL_LINES).forEach(line -> console.println("  | " + line));
        return false;
    }

    private boolean keepsDying(Probe probe) {
        return probe.process().unexpectedExits() >= MAX_EXITS_WHILE_STARTING;
    }

    private void ready(String name, String address) {
        console.printf("  %-17s ready at %-24s (%.1f s)%n", name, address, (System.nanoTime() - startNanos) / 1e9);
    }

    // ---- stopping ----

    private boolean stopAfterFailure() {
        stopAll();
        return false;
    }

    /** Stops the gateways, the services, Kafka, then PostgreSQL; true for the one call that did it. */
    private boolean stopAll() {
        if (!stopped.compareAndSet(false, true)) {
            return false;
        }
        console.println("dailyfeed: stopping ...");
        stopTogether(gateways);
        // the services do not depend on each other, so they may stop together
        stopTogether(services);
        if (kafka != null) {
            kafka.stop(STOP_GRACE);
        }
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                console.println("dailyfeed: PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
        scheduler.shutdownNow();
        try {
            Files.deleteIfExists(pids().resolve("launcher.pid"));
        } catch (IOException e) {
            // harmless: pid files are checked against the running process before use
        }
        releaseLock();
        console.println("dailyfeed stopped");
        return true;
    }

    private static void stopTogether(List<ChildProcess> processes) {
        List<Thread> stoppers = processes.stream()
                .map(process -> new Thread(() -> process.stop(STOP_GRACE), "stop-" + process.name()))
                .toList();
        stoppers.forEach(Thread::start);
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void releaseLock() {
        if (dataDirLock != null) {
            try {
                dataDirLock.channel().close();
            } catch (IOException e) {
                // the lock goes away with the process anyway
            }
        }
    }

    // ---- environment of the launcher itself ----

    /** The repository root: given by the script, or found from the jar's place in launcher/target. */
    static Path home() {
        String configured = Optional.ofNullable(System.getProperty("dailyfeed.home")).orElse(System.getenv("DAILYFEED_HOME"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        // launcher/target/launcher-*.jar (or launcher/target/classes) -> the folder holding launcher/
        return KafkaBroker.codeSource().toAbsolutePath().getParent().getParent().getParent();
    }

    /** Library chatter (zonky, Kafka clients) would drown the few lines the launcher prints. */
    static void quietLibraryLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    }
}
