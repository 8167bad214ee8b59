package dailyfeed.testsupport;

import static org.awaitility.Awaitility.await;

import dailyfeed.harness.FreePorts;
import dailyfeed.launcher.KafkaBrokerCommand;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * The launcher's Kafka broker ({@link KafkaBrokerCommand}) in a child JVM, for tests that must take Kafka away and
 * bring it back: {@code @EmbeddedKafka} runs in the test's own JVM and cannot be stopped and restarted. The broker
 * keeps its port and its data folder across {@link #kill()} and {@link #start()}, so clients reconnect to the same
 * address and find their topics and records again. Its log is {@code broker.log} in the data folder.
 */
public final class RestartableKafkaBroker implements AutoCloseable {

    private static final List<String> JAVA_OPTIONS = List.of(
            "-Xmx384m",
            "-XX:+UseSerialGC",
            "-XX:TieredStopAtLevel=1",
            // the child inherits the test class path, and with it Logback rather than the launcher's slf4j-simple
            "-Dlogback.configurationFile=dailyfeed/testsupport/kafka-broker-logback.xml");

    private final int port;
    private final Path dataDir;
    private volatile Process process;

    private RestartableKafkaBroker(int port, Path dataDir) {
        this.port = port;
        this.dataDir = dataDir;
        // a test JVM that ends without close() (a crash, a cancelled build) must not leave a broker running
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            Process running = process;
                            if (running != null) {
                                running.destroyForcibly();
                            }
                        },
                        "restartable-kafka-stop"));
    }

    /** A broker on a free port (the controller takes the next one) with a fresh data folder; not yet started. */
    public static RestartableKafkaBroker onFreePort() {
        try {
            return new RestartableKafkaBroker(
                    new FreePorts().freePair(), Files.createTempDirectory("restartable-kafka-"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Starts the broker JVM and waits (60 s at most) until it serves requests. */
    public synchronized RestartableKafkaBroker start() {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("the broker is running");
        }
        List<String> command = KafkaBrokerCommand.alone(port, dataDir)
                .named("restartable-kafka")
                .withJavaOptions(JAVA_OPTIONS)
                .fromClassPath(System.getProperty("java.class.path"));
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("could not start the Kafka broker JVM", e);
        }
        Process started = process;
        await().atMost(Duration.ofSeconds(60))
                .pollInterval(Duration.ofMillis(200))
                .until(() -> {
                    if (!started.isAlive()) {
                        throw new IllegalStateException(
                                "the Kafka broker exited with " + started.exitValue() + ", see " + log());
                    }
                    return serves();
                });
        return this;
    }

    /** Kills the broker JVM at once (SIGKILL, no controlled shutdown) and waits until it is gone. */
    public synchronized void kill() {
        if (process == null) {
            return;
        }
        process.destroyForcibly();
        try {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("the Kafka broker did not die");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
        process = null;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Creates a topic unless it exists. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("could not create topic " + name, e);
            }
        } catch (Exception e) {
            throw new IllegalStateException("could not create topic " + name, e);
        }
    }

    public Path log() {
        return dataDir.resolve("broker.log");
    }

    @Override
    public void close() {
        kill();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            // a temp folder left behind is harmless
        }
    }

    private boolean serves() {
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(2, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10_000));
    }
}
