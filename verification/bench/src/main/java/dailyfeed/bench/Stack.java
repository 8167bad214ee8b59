package dailyfeed.bench;

import dailyfeed.harness.FreePorts;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.LaunchedDailyfeed;
import dailyfeed.harness.LaunchedSecrets;
import dailyfeed.harness.RunnableJars;
import dailyfeed.launcher.ChildEnvironment;
import dailyfeed.launcher.Component;
import dailyfeed.launcher.JavaCommand;
import dailyfeed.launcher.LauncherSecrets;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The whole system as a user starts it ({@link LaunchedDailyfeed}: {@code launcher-*-exec.jar up} on free ports and a
 * fresh data folder), plus extra service processes a benchmark needs beside it (same runnable jars, the environment
 * the launcher gives its children, the JVM options below).
 */
final class Stack implements AutoCloseable {

    /** The Boot launcher that honours {@code loader.path}: extra jars beside an exec jar's own classes. */
    private static final String PROPERTIES_LAUNCHER = "org.springframework.boot.loader.launch.PropertiesLauncher";

    private static final Duration STARTUP = Duration.ofMinutes(5);

    final Path home;
    final Path dataDir;
    final int gatewayPort;
    final int memberPort;
    final int contentPort;
    final int activityPort;
    final int kafkaPort;
    final int pgPort;
    /** The java the stack runs on. */
    final String java;

    private final LaunchedDailyfeed launched;
    private final FreePorts freePorts = new FreePorts();
    private final List<Service> extras = new ArrayList<>();
    private String operationsToken;
    private Instant operationsTokenAt = Instant.MIN;

    private Stack(LaunchedDailyfeed launched, String java) {
        this.launched = launched;
        this.java = java;
        this.home = launched.homeFolder();
        this.dataDir = launched.dataDir();
        this.gatewayPort = portOf(Component.GATEWAY.moduleName());
        this.memberPort = portOf(Component.MEMBER_SERVICE.moduleName());
        this.contentPort = portOf(Component.CONTENT_SERVICE.moduleName());
        this.activityPort = portOf(Component.ACTIVITY_SERVICE.moduleName());
        this.kafkaPort = portOf("kafka");
        this.pgPort = portOf("postgres");
    }

    private int portOf(String process) {
        return launched.port(process).orElseThrow();
    }

    /** The stack built in {@code home} with {@code env} added to the launcher's environment, which its children inherit. */
    static Stack start(Path home, Map<String, String> env) {
        return start(home, env, List.of());
    }

    /**
     * As {@link #start(Path, Map)}, with the launcher's {@code arguments} (e.g. {@code --instances 2}). The stack runs
     * on the JDK {@code ./dailyfeed up} would choose ({@code ./dailyfeed java}: a JDK 25 or newer when installed), not
     * on the one running Maven, without the start-up cache: it only shortens the start, which {@code startup.sh}
     * measures, and a first start after a build would spend the figures recording it.
     */
    static Stack start(Path home, Map<String, String> env, List<String> arguments) {
        // the benchmarks drive the system from this one address: the gateway's rate limits would throttle them
        Map<String, String> settings = new HashMap<>(LaunchedDailyfeed.RATE_LIMITS_OFF);
        settings.put("DAILYFEED_AOT_CACHE", "off");
        settings.putAll(env);
        String java = javaOf(home);
        return new Stack(LaunchedDailyfeed.start(home, settings, arguments, java), java);
    }

    /** The java {@code ./dailyfeed up} runs on, as {@code ./dailyfeed java} prints it. */
    static String javaOf(Path home) {
        try {
            Process chooser = new ProcessBuilder(
                            "bash", home.resolve("dailyfeed").toString(), "java")
                    .redirectError(ProcessBuilder.Redirect.INHERIT)
                    .start();
            String java = new String(chooser.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (chooser.waitFor() != 0 || java.isEmpty()) {
                throw new IllegalStateException("./dailyfeed java named no JDK (exit " + chooser.exitValue() + ")");
            }
            return java;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Every gateway's address, the first one first. */
    List<String> gatewayUrls() {
        return launched.baseUrls();
    }

    /**
     * The one place the benchmarks get an operator's token (management endpoints need the operations scope): client
     * credentials at the gateway, fetched again well before its 10 minutes are up.
     */
    synchronized String operationsToken() {
        if (operationsToken == null
                || operationsTokenAt.plus(Duration.ofMinutes(5)).isBefore(Instant.now())) {
            try (GatewayClient gateway = GatewayClient.to(gatewayUrl())) {
                operationsToken = gateway.serviceToken(launched.secrets().operationsClient(), "operations");
            }
            operationsTokenAt = Instant.now();
        }
        return operationsToken;
    }

    /** A port nothing listens on now, not handed out before by this stack. */
    int freePort() {
        return freePorts.free();
    }

    /** The extra services started so far (alive or not). */
    List<Service> extras() {
        return List.copyOf(extras);
    }

    String gatewayUrl() {
        return "http://localhost:" + gatewayPort;
    }

    String memberUrl() {
        return "http://localhost:" + memberPort;
    }

    String kafka() {
        return "127.0.0.1:" + kafkaPort;
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + pgPort + "/" + database;
    }

    /** A connection as the PostgreSQL superuser, whose password the launcher generated. */
    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), LaunchedSecrets.SUPERUSER, superuserPassword());
    }

    String superuserPassword() {
        return launched.secrets().superuserPassword();
    }

    /**
     * A database of the benchmark's own, owned by the role {@code user}'s processes log in with (the launcher gives
     * each service a role that may only use its own databases).
     */
    void createDatabase(String name, Component user) throws SQLException {
        try (Connection c = connect("postgres");
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " OWNER "
                    + LaunchedSecrets.roleOf(user.database().orElseThrow()));
        }
    }

    /**
     * Starts {@code component}'s runnable jar with the environment of a launcher child plus {@code env}, and waits until
     * its health is UP (unless {@code awaitHealth} is false: a benchmark may want to watch it start).
     */
    Service startService(String name, Component component, Map<String, String> env, boolean awaitHealth)
            throws IOException, InterruptedException {
        return startService(name, component, env, awaitHealth, List.of());
    }

    /**
     * As {@link #startService(String, Component, Map, boolean)}, with {@code loaderPath}'s jars added to the service's
     * classpath (Boot's {@code PropertiesLauncher}): a benchmark's baseline changes a service by adding code, never by
     * a switch the product would have to carry.
     */
    Service startService(
            String name, Component component, Map<String, String> env, boolean awaitHealth, List<Path> loaderPath)
            throws IOException, InterruptedException {
        int port = env.containsKey("PORT") ? Integer.parseInt(env.get("PORT")) : freePort();
        List<String> launched = launchedCommand(component);
        List<String> command = new ArrayList<>();
        command.add(launched.get(0)); // the launched process's own java: its JDK, not this JVM's
        command.addAll(launched.subList(1, launched.size()));
        String extra = System.getProperty("bench." + name + "-java-opts", "");
        if (!extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        command.add(JavaCommand.marker("bench-" + name));
        String jar = RunnableJars.of(home, component.folder()).toString();
        if (loaderPath.isEmpty()) {
            command.addAll(List.of("-jar", jar));
        } else {
            command.add("-Dloader.path="
                    + String.join(",", loaderPath.stream().map(Path::toString).toList()));
            command.addAll(List.of("-cp", jar, PROPERTIES_LAUNCHER));
        }
        Path log = dataDir.resolve("logs").resolve("bench-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        builder.environment().putAll(childEnvironment().of(component, port));
        builder.environment().putAll(LaunchedDailyfeed.RATE_LIMITS_OFF); // as the launched stack's gateway
        builder.environment().putAll(env);
        Service service = new Service(name, builder.start(), port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(service.process::destroy));
        extras.add(service);
        if (awaitHealth) {
            service.awaitHealthy(STARTUP);
        }
        return service;
    }

    /**
     * The java and the JVM options the launcher gave the running {@code component} (heap, collector,
     * {@code DAILYFEED_JAVA_OPTS}), read from its command line, so an extra process and the one it is compared with
     * run alike.
     */
    private List<String> launchedCommand(Component component) throws IOException {
        Path pidFile = dataDir.resolve("pids").resolve(component.moduleName() + ".pid");
        String pid = Files.readAllLines(pidFile).get(0).trim();
        String[] args =
                new String(Files.readAllBytes(Path.of("/proc", pid, "cmdline")), StandardCharsets.UTF_8).split("\0");
        List<String> options = new ArrayList<>(List.of(args[0]));
        for (int i = 1; i < args.length && !args[i].equals("-jar") && !args[i].equals("-cp"); i++) {
            if (!args[i].startsWith(JavaCommand.marker(""))) {
                options.add(args[i]);
            }
        }
        return options;
    }

    /** What the launcher gives its children, for this stack: its services, its gateway as the issuer, its broker and database. */
    private ChildEnvironment childEnvironment() throws IOException {
        return new ChildEnvironment(
                Map.of(
                        Component.MEMBER_SERVICE, memberUrl(),
                        Component.CONTENT_SERVICE, "http://localhost:" + contentPort,
                        Component.ACTIVITY_SERVICE, "http://localhost:" + activityPort),
                gatewayUrl(),
                pgPort,
                "127.0.0.1:" + kafkaPort,
                LauncherSecrets.loadOrCreate(dataDir, System.getenv()));
    }

    @Override
    public void close() throws InterruptedException, IOException {
        for (Service extra : extras) {
            extra.close();
        }
        // SIGTERM: the launcher stops its children, PostgreSQL last; a run leaves hundreds of megabytes behind
        if (Boolean.getBoolean("bench.keep-data")) {
            launched.closeKeepingData();
        } else {
            launched.close();
        }
    }

    /** A service process this benchmark started beside the stack. */
    static final class Service implements AutoCloseable {
        final String name;
        final Process process;
        final int port;
        final Path log;

        Service(String name, Process process, int port, Path log) {
            this.name = name;
            this.process = process;
            this.port = port;
            this.log = log;
        }

        String url() {
            return "http://localhost:" + port;
        }

        void awaitHealthy(Duration timeout) throws InterruptedException {
            HttpClient http = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(2))
                    .build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health"))
                    .timeout(Duration.ofSeconds(5))
                    .build();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException(name + " exited while starting; see " + log);
                }
                try {
                    HttpResponse<String> response = http.send(health, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200 && response.body().contains("UP")) {
                        return;
                    }
                } catch (IOException e) {
                    // not listening yet
                }
                TimeUnit.MILLISECONDS.sleep(250); // polling a process we cannot be notified by
            }
            throw new IllegalStateException(name + " was not healthy within " + timeout + "; see " + log);
        }

        @Override
        public void close() throws InterruptedException {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(30, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            }
        }
    }
}
