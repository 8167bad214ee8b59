package dailyfeed.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.lang.ProcessBuilder.Redirect;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;

/**
 * `dailyfeed up`: starts PostgreSQL, a Kafka broker (with {@code --brokers 3}, a cluster of three), the three services
 * and the gateway on one machine (with {@code --instances N}, N of each), supervises them, and stops them in reverse
 * order on
 * Ctrl-C or SIGTERM. The order is kept here; the data folder, the checks, the children's environment, readiness
 * and stopping each have a class of their own.
 */
public final class Launcher {

    static final int LOG_TAIL_LINES = 30;

    private final LauncherSettings settings;
    private final PrintStream console;
    private final DataFolder dataFolder;
    private final Readiness readiness;
    private ChildEnvironment childEnvironment; // once the data folder, which holds the secrets, is ours
    private volatile Map<Component, AotCache> aotCaches = Map.of(); // once the jars are extracted
    private volatile Optional<AotCache> brokerCache = Optional.empty(); // once its class path is written out
    private final StartedComponents started;
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "supervisor");
        thread.setDaemon(true);
        return thread;
    });
    private final AtomicBoolean stopped = new AtomicBoolean();
    /** Extracts jars and assembles start-up caches, each in a JVM of its own: the threads only wait for those. */
    private final ExecutorService aotWorkers = Executors.newCachedThreadPool(runnable -> {
        Thread thread = new Thread(runnable, "aot-cache");
        thread.setDaemon(true);
        return thread;
    });

    Launcher(LauncherSettings settings, PrintStream console) {
        this.settings = settings;
        this.console = console;
        this.dataFolder = new DataFolder(settings.dataDir(), console);
        this.readiness = new Readiness(settings.readyTimeout(), console);
        this.started = new StartedComponents(console);
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
            if (!dataFolder.take(settings.reset())) {
                return false;
            }
            LauncherSecrets secrets = LauncherSecrets.loadOrCreate(settings.dataDir(), System.getenv());
            childEnvironment = ChildEnvironment.of(settings, secrets);
            Preflight preflight = new Preflight(settings, console);
            Optional<Map<Component, Path>> jars = preflight.jars();
            if (jars.isEmpty() || !preflight.portsAreFree()) {
                dataFolder.release();
                return false;
            }
            // from here on a signal must stop whatever has been started; a hook that did the stop exits with 0
            Runtime.getRuntime()
                    .addShutdownHook(new Thread(
                            () -> {
                                if (stopAll()) {
                                    console.flush();
                                    Runtime.getRuntime().halt(0);
                                }
                            },
                            "dailyfeed-shutdown"));

            console.println("dailyfeed: starting, data in " + settings.dataDir() + ", logs in "
                    + dataFolder.logs().toString());
            // where, never what: a developer who needs a service token reads the client secrets there
            console.println("dailyfeed: secrets (service clients, database passwords) in "
                    + settings.dataDir().resolve(LauncherSecrets.FILE_NAME)
                    + ", owner-only; a service token with them: README.md, Secrets");
            // the broker JVMs boot while PostgreSQL starts in this one
            List<Readiness.Probe> kafkaProbes = startKafka();
            // extracting the jars for their start-up caches (once per build) overlaps PostgreSQL's and Kafka's start
            CompletableFuture<Map<Component, AotCache>> caches =
                    CompletableFuture.supplyAsync(() -> aotCaches(jars.get()), aotWorkers);
            if (!startPostgres(secrets)) {
                return stopAfterFailure();
            }
            if (!readiness.await(kafkaProbes)) {
                return stopAfterFailure();
            }
            aotCaches = caches.join();
            if (settings.tracing() && !startZipkin()) {
                return stopAfterFailure();
            }

            List<Readiness.Probe> serviceProbes = new ArrayList<>();
            for (Instance service : settings.services()) {
                ChildProcess process = child(service, jars.get());
                started.addService(process);
                serviceProbes.add(readiness.http(process, service));
            }
            List<Readiness.Probe> gatewayProbes = new ArrayList<>();
            for (Instance gateway : settings.gateways()) {
                ChildProcess process = child(gateway, jars.get());
                started.addGateway(process);
                gatewayProbes.add(readiness.http(process, gateway));
            }
            for (ChildProcess process : started.services()) {
                process.start();
            }
            for (ChildProcess process : started.gateways()) {
                process.start();
            }
            if (!readiness.await(serviceProbes) || !readiness.await(gatewayProbes)) {
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

    /**
     * Each component's start-up cache with its jar extracted, when the JVM has them ({@link AotCache}); a component
     * whose jar could not be extracted runs from its exec jar, as on an older JVM.
     */
    private Map<Component, AotCache> aotCaches(Map<Component, Path> jars) {
        if (!settings.aotCache()) {
            return Map.of();
        }
        Map<Component, CompletableFuture<Optional<AotCache>>> extracting = new EnumMap<>(Component.class);
        jars.forEach((component, jar) -> extracting.put(
                component,
                CompletableFuture.supplyAsync(
                        () -> {
                            try {
                                AotCache cache = AotCache.of(jar, Runtime.version(), settings.jvmOptionsOf(component));
                                cache.extract(AotCache.bootTools(JavaCommand.executable(), jar));
                                return Optional.of(cache);
                            } catch (IOException | RuntimeException e) {
                                console.println("dailyfeed: " + component.moduleName()
                                        + " starts without its start-up cache: " + e);
                                return Optional.empty();
                            } catch (InterruptedException e) {
                                Thread.currentThread().interrupt();
                                return Optional.empty();
                            }
                        },
                        aotWorkers)));
        Map<Component, AotCache> caches = new EnumMap<>(Component.class);
        extracting.forEach((component, cache) -> cache.join().ifPresent(found -> caches.put(component, found)));
        return caches;
    }

    /**
     * After a start that recorded (the first after a build), the caches are assembled from the recordings, all at
     * once, each in a JVM of its own; the next start is the faster one. A failure costs only that speed.
     */
    private void assembleAotCaches() {
        List<Assembly> recorded = new ArrayList<>();
        aotCaches.forEach((component, cache) ->
                recorded.add(new Assembly(component.moduleName(), cache, settings.jvmOptionsOf(component))));
        brokerCache.ifPresent(cache -> recorded.add(new Assembly("kafka", cache, settings.kafkaJavaOpts())));
        recorded.removeIf(assembly -> !assembly.cache().hasRecording());
        if (recorded.isEmpty()) {
            return;
        }
        console.println("dailyfeed: writing the start-up caches for the next start (once after a build) ...");
        CompletableFuture.allOf(recorded.stream()
                        .map(assembly -> CompletableFuture.runAsync(
                                () -> {
                                    try {
                                        assembly.cache().assemble(JavaCommand.executable(), assembly.jvmOptions());
                                    } catch (IOException | RuntimeException e) {
                                        console.println("dailyfeed: no start-up cache for " + assembly.name() + ": "
                                                + e.getMessage());
                                    } catch (InterruptedException e) {
                                        Thread.currentThread().interrupt();
                                    }
                                },
                                aotWorkers))
                        .toArray(CompletableFuture[]::new))
                .join();
    }

    /** A start-up cache to assemble, of the JVM named {@code name}, with the options that JVM ran with. */
    private record Assembly(String name, AotCache cache, List<String> jvmOptions) {}

    /**
     * Starts every Kafka node at once (the nodes of a cluster elect their controller among themselves); each is ready
     * once the cluster it answers for has all its brokers, so that the activity topic, made by the first write, gets
     * all its replicas.
     */
    private List<Readiness.Probe> startKafka() throws IOException {
        KafkaNodes nodes = settings.kafkaNodes();
        try {
            nodes.prepare(dataFolder.root());
        } catch (IllegalStateException e) {
            throw new IOException(e.getMessage(), e);
        }
        brokerCache = brokerCache();
        List<Readiness.Probe> probes = new ArrayList<>();
        for (int id : nodes.ids()) {
            String name = KafkaNodes.nameOf(id);
            KafkaBrokerCommand command =
                    nodes.command(id, dataFolder.workingFolderOf(name)).withJavaOptions(settings.kafkaJavaOpts());
            boolean records = id == nodes.ids().get(0); // one recording per cache
            List<String> line = brokerCache
                    .map(cache -> command.fromLaunchArguments(cache.launchArguments(records)))
                    .orElseGet(command::fromThisJvm);
            ChildProcess node = child(name, line, Map.of());
            if (AotCache.records(line)) {
                node.stopGraceAtLeast(AotCache.RECORDING_STOP_GRACE);
            }
            started.addKafka(node);
            node.start();
            probes.add(readiness.kafka(node, nodes.portOf(id), nodes.count()));
        }
        return probes;
    }

    /**
     * The broker's start-up cache, when the launcher runs from its exec jar on a JVM that has them. Its class path is
     * written out as plain jars once per build, about a second before the first broker starts: the services wait for
     * the broker, so its start is theirs too. Without a cache the broker runs from the exec jar, as on an older JVM.
     */
    private Optional<AotCache> brokerCache() {
        Optional<Path> execJar = JavaCommand.execJar();
        if (!settings.aotCache() || execJar.isEmpty()) {
            return Optional.empty();
        }
        try {
            AotCache cache = AotCache.of(execJar.get(), Runtime.version(), settings.kafkaJavaOpts());
            cache.extract(folder -> BrokerJar.write(execJar.get(), folder));
            return Optional.of(cache);
        } catch (IOException | RuntimeException e) {
            console.println("dailyfeed: kafka starts without its start-up cache: " + e);
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    /** Zipkin before the services, so that their first spans have somewhere to go. */
    private boolean startZipkin() throws IOException {
        Optional<Path> jar = ZipkinServer.jar(settings.home());
        if (jar.isEmpty()) {
            console.println("dailyfeed: --tracing needs Zipkin's server, which the build copies to"
                    + " launcher/target/zipkin/: build with ./mvnw -DskipTests package");
            return false;
        }
        ChildProcess zipkin = child(
                "zipkin", ZipkinServer.command(jar.get()), settings.zipkin().environment());
        started.addZipkin(zipkin);
        zipkin.start();
        if (!readiness.await(List.of(readiness.http(zipkin, settings.zipkin().url())))) {
            return false;
        }
        console.println("dailyfeed: traces at " + settings.zipkin().ui());
        return true;
    }

    private boolean startPostgres(LauncherSecrets secrets) {
        Path postgresLog = dataFolder.logOf("postgres");
        try {
            started.addPostgres(EmbeddedPostgresServer.start(
                    dataFolder.workingFolderOf("postgres"),
                    settings.pgPort(),
                    Redirect.appendTo(postgresLog.toFile()),
                    EmbeddedPostgresServer.logins(secrets)));
        } catch (IOException e) {
            console.printf(
                    "dailyfeed: postgres did not start: %s. Last %d lines of %s:%n",
                    e.getMessage(), LOG_TAIL_LINES, postgresLog);
            ChildProcess.tail(postgresLog, LOG_TAIL_LINES).forEach(line -> console.println("  | " + line));
            return false;
        }
        readiness.ready("postgres", "localhost:" + settings.pgPort());
        return true;
    }

    private ChildProcess child(Instance instance, Map<Component, Path> jars) {
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.executable());
        command.addAll(settings.jvmOptionsOf(instance.component()));
        command.add(JavaCommand.marker(instance.name())); // lets a later run recognise a leftover process as ours
        AotCache cache = aotCaches.get(instance.component());
        List<String> launch = cache != null
                ? cache.launchArguments(instance.number() == 1)
                : List.of("-jar", jars.get(instance.component()).toString());
        command.addAll(launch);
        Map<String, String> environment =
                new LinkedHashMap<>(childEnvironment.of(instance.component(), instance.port()));
        if (settings.tracing()) {
            environment.putAll(settings.zipkin().clientEnvironment());
        }
        ChildProcess child = child(instance.name(), command, environment);
        if (AotCache.records(launch)) {
            child.stopGraceAtLeast(AotCache.RECORDING_STOP_GRACE);
        }
        return child;
    }

    private ChildProcess child(String name, List<String> command, Map<String, String> environment) {
        return new ChildProcess(
                name,
                command,
                environment,
                dataFolder.workingFolderOf(name),
                dataFolder.logOf(name),
                dataFolder.pidFileOf(name),
                scheduler,
                console);
    }

    private boolean stopAfterFailure() {
        stopAll();
        return false;
    }

    /** Stops what was started, in reverse order; true for the one call that did it. */
    private boolean stopAll() {
        if (!stopped.compareAndSet(false, true)) {
            return false;
        }
        console.println("dailyfeed: stopping ...");
        started.stop();
        assembleAotCaches();
        scheduler.shutdownNow();
        dataFolder.releaseAfterStop();
        console.println("dailyfeed stopped");
        return true;
    }

    /** The repository root: given by the script, or found from the jar's place in launcher/target. */
    static Path home() {
        String configured =
                Optional.ofNullable(System.getProperty("dailyfeed.home")).orElse(System.getenv("DAILYFEED_HOME"));
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured).toAbsolutePath();
        }
        // launcher/target/launcher-*.jar (or launcher/target/classes) -> the folder holding launcher/
        return JavaCommand.codeSource().toAbsolutePath().getParent().getParent().getParent();
    }

    /** Library chatter (zonky, Kafka clients) would drown the few lines the launcher prints. */
    static void quietLibraryLogging() {
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "error");
    }
}
