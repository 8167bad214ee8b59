package dailyfeed.reliability;

import static org.awaitility.Awaitility.await;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.LaunchedSecrets;
import dailyfeed.harness.RunningDailyfeed;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.awaitility.core.ConditionTimeoutException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The launcher-started system as the fault tests need it: its processes to kill or pause, the health of each, and
 * read-only looks at what it stored (PostgreSQL over JDBC, the activity topic's consumer lag).
 */
final class SystemUnderTest {

    static final String ACTIVITY_TOPIC = "dailyfeed.member-activity";
    static final String INGEST_GROUP = "activity-service";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final RunningDailyfeed dailyfeed;
    private String operationsToken;
    private Instant operationsTokenAt = Instant.MIN;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SystemUnderTest(RunningDailyfeed dailyfeed) {
        this.dailyfeed = dailyfeed;
    }

    /**
     * The system every test class of this module shares (started once per test JVM). A SIGKILLed activity-service
     * cannot leave its consumer group, so its partitions wait for the session timeout before the restarted one gets
     * them: 6 s (the broker's minimum) instead of the default 45 s keeps that wait short. The workloads make many
     * requests from this one address: the gateway's rate limits are off.
     */
    static RunningDailyfeed extension() {
        return new RunningDailyfeed()
                .withoutRateLimits()
                .withEnvironment(Map.of(
                        "SPRING_APPLICATION_JSON",
                        "{\"spring.kafka.consumer.properties.session.timeout.ms\":\"6000\","
                                + "\"spring.kafka.consumer.properties.heartbeat.interval.ms\":\"1500\"}"));
    }

    static SystemUnderTest of(RunningDailyfeed dailyfeed) {
        if (dailyfeed.dataDir().isEmpty()) {
            throw new IllegalStateException(
                    "the fault tests kill processes: they need a system they started themselves");
        }
        return new SystemUnderTest(dailyfeed);
    }

    String baseUrl() {
        return dailyfeed.baseUrl();
    }

    /** Every gateway's address, the first one first. */
    List<String> baseUrls() {
        return dailyfeed.baseUrls();
    }

    int port(String component) {
        return dailyfeed.port(component).orElseThrow();
    }

    /** Every Kafka node the launcher runs: {@code kafka}, then {@code kafka-2}, {@code kafka-3} ... of a cluster. */
    List<String> kafkaNodes() {
        List<String> nodes = new ArrayList<>(List.of("kafka"));
        while (dailyfeed.port("kafka-" + (nodes.size() + 1)).isPresent()) {
            nodes.add("kafka-" + (nodes.size() + 1));
        }
        return nodes;
    }

    /** Every node, as the services bootstrap: any one of them may be down. */
    String kafkaBootstrap() {
        return kafkaNodes().stream().map(node -> "127.0.0.1:" + port(node)).collect(Collectors.joining(","));
    }

    ProcessHandle process(String name) {
        return dailyfeed.process(name).orElseThrow(() -> new IllegalStateException(name + " is not running"));
    }

    /** SIGKILL, waited for: nothing of the process runs any more when this returns. */
    long kill(String name) {
        ProcessHandle process = process(name);
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        return process.pid();
    }

    /**
     * How long a killed process may take to serve again. On two cores shared by the fourteen JVMs of the scaled-out
     * shape and a workload, a Spring Boot service on Java 17 needs ~40 s of CPU to start and gets a quarter of a
     * core: with writers pausing 400 ms, restarts there took 73-170 s in passing runs and more than 180 s in failing
     * ones, early kills and later ones alike; with 800 ms, 31-113 s. A single instance of each restarts in 25-70 s.
     */
    static final Duration RESTART_WITHIN = Duration.ofMinutes(5);

    /** Waits until the launcher has restarted {@code name} (a new pid) and it serves again, {@link #RESTART_WITHIN}. */
    Duration awaitRestarted(String name, long killedPid) {
        long started = System.nanoTime();
        await(name + " restarted and healthy")
                .pollInSameThread()
                .atMost(RESTART_WITHIN)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> dailyfeed
                                .process(name)
                                .filter(process -> process.pid() != killedPid)
                                .isPresent()
                        && isHealthy(name));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    boolean isHealthy(String name) {
        return kafkaNodes().contains(name)
                ? isKafkaNodeUp(name)
                : isHttpUp("http://localhost:" + port(name) + "/actuator/health");
    }

    /** SIGSTOP: the process keeps its ports and connections but answers nothing, as in a long GC pause or a hung host. */
    void pause(String name) {
        signal(name, "STOP");
    }

    /** SIGCONT after {@link #pause}. */
    void resume(String name) {
        signal(name, "CONT");
    }

    private void signal(String name, String signal) {
        try {
            // the shell's built-in kill: a minimal system may have no kill program (procps), never no /bin/sh
            Process kill = new ProcessBuilder(
                            "/bin/sh",
                            "-c",
                            "kill -" + signal + " " + process(name).pid())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .start();
            if (!kill.waitFor(10, TimeUnit.SECONDS) || kill.exitValue() != 0) {
                throw new IllegalStateException("kill -" + signal + " " + name + " failed");
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A connection to one service's database ({@code member}, {@code content}, {@code activity}) as the superuser. */
    Connection database(String name) throws SQLException {
        Properties credentials = new Properties();
        credentials.setProperty("user", LaunchedSecrets.SUPERUSER);
        credentials.setProperty("password", dailyfeed.secrets().superuserPassword());
        return DriverManager.getConnection("jdbc:postgresql://localhost:" + port("postgres") + "/" + name, credentials);
    }

    /** Outbox rows of a service not yet acknowledged by Kafka ({@code GET /actuator/deadletters}, field pending). */
    long unpublished(String service) {
        JsonNode stats = getJson("http://localhost:" + port(service) + "/actuator/deadletters", operationsToken());
        return stats.get("pending").asLong();
    }

    /** The live streams open on one activity-service instance now, by its gauge {@code dailyfeed.activity.stream.connections}. */
    long streamConnections(String activityInstance) {
        JsonNode metric = getJson(
                "http://localhost:" + port(activityInstance)
                        + "/actuator/metrics/dailyfeed.activity.stream.connections",
                operationsToken());
        return Math.round(metric.get("measurements").get(0).get("value").asDouble());
    }

    /** Records on the activity topic that activity-service's consumer group has not committed yet. */
    long ingestLag() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(INGEST_GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Set<TopicPartition> partitions = partitions(admin, ACTIVITY_TOPIC).stream()
                    .map(partition -> new TopicPartition(ACTIVITY_TOPIC, partition.partition()))
                    .collect(Collectors.toSet());
            Map<TopicPartition, ListOffsetsResultInfo> ends = admin.listOffsets(partitions.stream()
                            .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                    .all()
                    .get(10, TimeUnit.SECONDS);
            return partitions.stream()
                    .mapToLong(partition -> {
                        OffsetAndMetadata offset = committed.get(partition);
                        return ends.get(partition).offset() - (offset == null ? 0 : offset.offset());
                    })
                    .sum();
        }
    }

    /**
     * Waits until the system is quiet for these members: no outbox holds an unpublished event, activity-service has
     * committed everything on the topic, and their stored activity count did not move between two looks.
     */
    void awaitQuiescence(Stored stored, Duration atMost) {
        AtomicLong lastCount = new AtomicLong(-1);
        try {
            await("outboxes drained and the topic consumed")
                    .pollInSameThread()
                    .atMost(atMost)
                    .pollInterval(Duration.ofSeconds(2))
                    .ignoreExceptions()
                    .until(() -> {
                        long count = stored.activityCount();
                        boolean unchanged = count == lastCount.getAndSet(count);
                        return unpublished("content-service") == 0
                                && unpublished("member-service") == 0
                                && ingestLag() == 0
                                && unchanged;
                    });
        } catch (ConditionTimeoutException e) {
            Figures.report("quiescence", "not quiet after %s: %s", atMost, stillBusy(stored));
            throw e;
        }
    }

    /** What kept the system busy, for the report of a run that did not quiesce. */
    private String stillBusy(Stored stored) {
        StringBuilder busy = new StringBuilder();
        for (String service : List.of("content-service", "member-service")) {
            try {
                busy.append(service)
                        .append(" unpublished=")
                        .append(unpublished(service))
                        .append(' ');
            } catch (Exception e) {
                busy.append(service).append(" unpublished=? (").append(e).append(") ");
            }
        }
        try {
            busy.append("ingestLag=").append(ingestLag()).append(" activities=").append(stored.activityCount());
        } catch (Exception e) {
            busy.append("ingestLag=? (").append(e).append(')');
        }
        return busy.toString();
    }

    /**
     * One node is up when it answers by itself (the admin client knows only its address), the cluster lists it among
     * its brokers, and every partition of the activity topic has a leader and all its replicas in sync again (a
     * restarted node of a cluster has caught up; a single broker is its partitions' only replica).
     */
    private boolean isKafkaNodeUp(String node) {
        int nodePort = port(node);
        try (Admin admin = admin("127.0.0.1:" + nodePort)) {
            return admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).stream()
                            .anyMatch(broker -> broker.port() == nodePort)
                    && partitions(admin, ACTIVITY_TOPIC).stream()
                            .allMatch(partition -> partition.leader() != null
                                    && partition.isr().size()
                                            == partition.replicas().size());
        } catch (Exception e) {
            return false;
        }
    }

    /** How a topic is replicated: each partition's number of replicas, and the topic's min.insync.replicas. */
    record Replication(List<Integer> replicasPerPartition, String minInSyncReplicas) {}

    Replication replication(String topic) throws Exception {
        try (Admin admin = admin()) {
            ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic);
            Config config = admin.describeConfigs(Set.of(resource))
                    .all()
                    .get(10, TimeUnit.SECONDS)
                    .get(resource);
            return new Replication(
                    partitions(admin, topic).stream()
                            .map(partition -> partition.replicas().size())
                            .toList(),
                    config.get(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG).value());
        }
    }

    private static List<TopicPartitionInfo> partitions(Admin admin, String topic) throws Exception {
        return admin.describeTopics(Set.of(topic))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(topic)
                .partitions();
    }

    private Admin admin() {
        return admin(kafkaBootstrap());
    }

    private static Admin admin(String bootstrap) {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrap,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                8000));
    }

    private boolean isHttpUp(String url) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .timeout(Duration.ofSeconds(3))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The one place this suite gets an operator's token (the services' management endpoints need the operations
     * scope): client credentials at the gateway, fetched again well before its 10 minutes are up.
     */
    synchronized String operationsToken() {
        if (operationsToken == null
                || operationsTokenAt.plus(Duration.ofMinutes(5)).isBefore(Instant.now())) {
            try (GatewayClient gateway = GatewayClient.to(dailyfeed.baseUrl())) {
                operationsToken = gateway.serviceToken(dailyfeed.secrets().operationsClient(), "operations");
            }
            operationsTokenAt = Instant.now();
        }
        return operationsToken;
    }

    private JsonNode getJson(String url, String token) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
                            .header("Authorization", "Bearer " + token)
                            .timeout(Duration.ofSeconds(5))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException(url + " answered " + response.statusCode());
            }
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(url + " did not answer", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
