package dailyfeed.bench;

import dailyfeed.harness.RunnableJars;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
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
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The whole system as a user starts it ({@code launcher-*-exec.jar up}) on free ports and a fresh data folder, plus
 * extra service processes a benchmark needs beside it (same runnable jars, same JVM options as the launcher gives).
 */
final class Stack implements AutoCloseable {

    /** What the launcher gives each service (LauncherSettings.DEFAULT_SERVICE_JAVA_OPTS), so extra processes match. */
    static final List<String> SERVICE_JAVA_OPTS = List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
    private static final Duration STARTUP = Duration.ofMinutes(5);

    final Path home;
    final Path dataDir;
    final int gatewayPort;
    final int memberPort;
    final int contentPort;
    final int activityPort;
    final int kafkaPort;
    final int pgPort;
    private final Process launcher;
    private final List<Service> extras = new ArrayList<>();

    private Stack(Path home, Path dataDir, int[] ports, Process launcher) {
        this.home = home;
        this.dataDir = dataDir;
        this.gatewayPort = ports[0];
        this.memberPort = ports[1];
        this.contentPort = ports[2];
        this.activityPort = ports[3];
        this.kafkaPort = ports[4];
        this.pgPort = ports[5];
        this.launcher = launcher;
    }

    static Stack start(Path home) throws IOException, InterruptedException {
        return start(home, Map.of());
    }

    /** The stack with {@code env} added to the launcher's environment, which its children inherit. */
    static Stack start(Path home, Map<String, String> env) throws IOException, InterruptedException {
        Path jar = RunnableJars.of(home, "launcher");
        Path dataDir = Files.createTempDirectory("dailyfeed-bench-");
        Ports free = new Ports();
        int[] ports = { free.next(), free.next(), free.next(), free.next(), free.nextPair(), free.next() };
        List<String> command = List.of(java(), "-Xmx128m", "-Ddailyfeed.home=" + home, "-jar", jar.toString(), "up",
                "--data-dir", dataDir.toString(), "--port", Integer.toString(ports[0]),
                "--member-port", Integer.toString(ports[1]), "--content-port", Integer.toString(ports[2]),
                "--activity-port", Integer.toString(ports[3]), "--kafka-port", Integer.toString(ports[4]),
                "--pg-port", Integer.toString(ports[5]), "--timeout", Long.toString(STARTUP.toSeconds()));
        ProcessBuilder builder = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true);
        builder.environment().remove("DAILYFEED_DEMO");
        builder.environment().remove("DAILYFEED_JAVA_OPTS");
        builder.environment().putAll(env);
        Process process = builder.start();
        Runtime.getRuntime().addShutdownHook(new Thread(process::destroy));
        CountDownLatch up = new CountDownLatch(1);
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = lines.readLine()) != null) {
                    System.out.println("[launcher] " + line);
                    if (line.startsWith("dailyfeed is up at ")) {
                        up.countDown();
                    }
                }
            } catch (IOException e) {
                // the launcher ended; the wait below notices
            }
        }, "launcher-output");
        reader.setDaemon(true);
        reader.start();
        if (!up.await(STARTUP.toSeconds() + 30, TimeUnit.SECONDS) || !process.isAlive()) {
            process.destroy();
            throw new IllegalStateException("dailyfeed did not start; logs in " + dataDir.resolve("logs"));
        }
        return new Stack(home, dataDir, ports, process);
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

    Connection connect(String database) throws SQLException {
        return DriverManager.getConnection(jdbcUrl(database), "postgres", "postgres");
    }

    void createDatabase(String name) throws SQLException {
        try (Connection c = connect("postgres"); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name);
        }
    }

    /**
     * Starts {@code module}'s runnable jar with the environment of a launcher child plus {@code env}, and waits until
     * its health is UP (unless {@code awaitHealth} is false: a benchmark may want to watch it start).
     */
    Service startService(String name, String module, Map<String, String> env, boolean awaitHealth)
            throws IOException, InterruptedException {
        int port = env.containsKey("PORT") ? Integer.parseInt(env.get("PORT")) : new Ports().next();
        List<String> command = new ArrayList<>();
        command.add(java());
        command.addAll(SERVICE_JAVA_OPTS);
        String extra = System.getProperty("bench." + name + "-java-opts", "");
        if (!extra.isBlank()) {
            command.addAll(Arrays.asList(extra.trim().split("\\s+")));
        }
        command.addAll(Arrays.asList("-Ddailyfeed.component=bench-" + name, "-jar",
                RunnableJars.of(home, "services/" + module).toString()));
        Path log = dataDir.resolve("logs").resolve("bench-" + name + ".log");
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("PORT", Integer.toString(port));
        environment.put("MEMBER_SERVICE_URL", memberUrl());
        environment.put("CONTENT_SERVICE_URL", "http://localhost:" + contentPort);
        environment.put("ACTIVITY_SERVICE_URL", "http://localhost:" + activityPort);
        environment.put("DAILYFEED_ISSUER", gatewayUrl()); // tokens name the gateway of the stack
        environment.put("KAFKA_BOOTSTRAP_SERVERS", kafka());
        environment.put("DB_USERNAME", "postgres");
        environment.put("DB_PASSWORD", "postgres");
        environment.putAll(env);
        Service service = new Service(name, builder.start(), port, log);
        Runtime.getRuntime().addShutdownHook(new Thread(service.process::destroy));
        extras.add(service);
        if (awaitHealth) {
            service.awaitHealthy(STARTUP);
        }
        return service;
    }

    @Override
    public void close() throws InterruptedException {
        for (Service extra : extras) {
            extra.close();
        }
        launcher.destroy(); // SIGTERM: the launcher stops its children, PostgreSQL last
        if (!launcher.waitFor(90, TimeUnit.SECONDS)) {
            launcher.destroyForcibly();
            return; // something may still hold the folder: leave it for a look
        }
        if (Boolean.getBoolean("bench.keep-data")) {
            System.out.println("data and logs kept in " + dataDir);
            return;
        }
        // a run leaves hundreds of megabytes of topic and tables behind
        try (var tree = Files.walk(dataDir)) {
            for (Path path : tree.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            System.out.println("could not delete " + dataDir + ": " + e.getMessage());
        }
    }

    static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
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
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
            HttpRequest health = HttpRequest.newBuilder(URI.create(url() + "/actuator/health")).timeout(Duration.ofSeconds(5)).build();
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

    /** Free ports, each different from the others this instance handed out. */
    static final class Ports {
        private final Set<Integer> taken = new HashSet<>();

        int next() throws IOException {
            while (true) {
                int port = bind(0);
                if (taken.add(port)) {
                    return port;
                }
            }
        }

        /** A free port whose successor is free too (Kafka's controller listens on the next one). */
        int nextPair() throws IOException {
            while (true) {
                int port = next();
                try {
                    bind(port + 1);
                    if (taken.add(port + 1)) {
                        return port;
                    }
                } catch (IOException e) {
                    // the next one is taken: try another
                }
            }
        }

        private static int bind(int port) throws IOException {
            try (ServerSocket socket = new ServerSocket()) {
                socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
                return socket.getLocalPort();
            }
        }
    }
}
