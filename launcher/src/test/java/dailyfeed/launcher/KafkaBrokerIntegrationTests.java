package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.harness.FreePorts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Runs {@link KafkaBroker#main} as its own process, exactly as the launcher does, and restarts it on the same data. */
class KafkaBrokerIntegrationTests {

    private static final String TOPIC = "launcher-test";

    @TempDir
    Path tempDir;

    private Process broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.destroyForcibly();
        }
    }

    @Test
    void aRecordSurvivesABrokerRestartOnTheSameDataFolder() throws Exception {
        int port = new FreePorts().freePair();
        Path dataDir = tempDir.resolve("kafka");

        broker = startBroker(port, dataDir);
        awaitBrokerUp(port);
        try (KafkaProducer<String, String> producer = producer(port)) {
            producer.send(new ProducerRecord<>(TOPIC, "member-1", "hello")).get(30, TimeUnit.SECONDS);
        }
        assertThat(readAll(port)).containsExactly("hello");
        // auto-created topics get 6 partitions, so per-member keys spread while keeping their own order
        assertThat(partitionCount(port)).isEqualTo(6);

        broker.destroy(); // SIGTERM: the broker's own shutdown hook does a controlled shutdown
        assertThat(broker.waitFor(60, TimeUnit.SECONDS))
                .as("broker stopped after SIGTERM")
                .isTrue();

        broker = startBroker(port, dataDir);
        awaitBrokerUp(port);
        assertThat(readAll(port)).containsExactly("hello");
    }

    /**
     * The broker's class path written out of this build's exec jar (which the launcher does for the broker's start-up
     * cache) runs a broker that takes a record: no library it needs was left out.
     */
    @Test
    void theBrokerRunsFromTheClassPathWrittenOutOfTheLaunchersExecJar() throws Exception {
        Path folder = Files.createDirectories(tempDir.resolve("extracted"));
        BrokerJar.write(ThisBuild.execJar(), folder);
        int port = new FreePorts().freePair();

        broker = start(KafkaBrokerCommand.alone(port, tempDir.resolve("kafka"))
                .withJavaOptions(List.of("-Xmx256m", "-XX:+UseSerialGC"))
                .fromLaunchArguments(
                        List.of("-jar", folder.resolve(AotCache.APPLICATION_JAR).toString())));
        awaitBrokerUp(port);

        try (KafkaProducer<String, String> producer = producer(port)) {
            assertThat(producer.send(new ProducerRecord<>(TOPIC, "member-1", "hello"))
                            .get(30, TimeUnit.SECONDS)
                            .offset())
                    .isZero();
        }
    }

    private Process startBroker(int port, Path dataDir) throws IOException {
        return start(KafkaBrokerCommand.alone(port, dataDir)
                .withJavaOptions(List.of("-Xmx256m", "-XX:+UseSerialGC"))
                .fromThisJvm());
    }

    private Process start(List<String> command) throws IOException {
        Path log = tempDir.resolve("kafka.log");
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .start();
    }

    private void awaitBrokerUp(int port) {
        HealthWaiter health = new HealthWaiter();
        await("broker on port " + port)
                .atMost(Duration.ofSeconds(90))
                .pollInterval(Duration.ofMillis(250))
                .failFast("the broker process exited, see " + tempDir.resolve("kafka.log"), () -> !broker.isAlive())
                .until(() -> health.isKafkaUp("127.0.0.1", port));
    }

    private static KafkaProducer<String, String> producer(int port) {
        return new KafkaProducer<>(
                Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port, ProducerConfig.ACKS_CONFIG, "all"),
                new StringSerializer(),
                new StringSerializer());
    }

    /** Every value of the topic, read from the beginning by a fresh consumer group. */
    private static List<String> readAll(int port) {
        List<String> values = new ArrayList<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(
                Map.of(
                        ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port,
                        ConsumerConfig.GROUP_ID_CONFIG, "test-" + UUID.randomUUID(),
                        ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"),
                new StringDeserializer(),
                new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            await("a record on " + TOPIC).atMost(Duration.ofSeconds(60)).until(() -> {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    values.add(record.value());
                }
                return !values.isEmpty();
            });
        }
        return values;
    }

    private static int partitionCount(int port) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:" + port))) {
            return admin.describeTopics(List.of(TOPIC))
                    .allTopicNames()
                    .get(30, TimeUnit.SECONDS)
                    .get(TOPIC)
                    .partitions()
                    .size();
        }
    }

    static {
        // keep the test log readable: the clients' INFO lines are not what this test is about
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka", "warn");
    }
}
