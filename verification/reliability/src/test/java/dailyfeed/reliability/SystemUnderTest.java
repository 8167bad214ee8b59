package dailyfeed.reliability;

import static org.awaitility.Awaitility.await;

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
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult.ListOffsetsResultInfo;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
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
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private SystemUnderTest(RunningDailyfeed dailyfeed) {
        this.dailyfeed = dailyfeed;
    }

    /**
     * The system every test class of this module shares (started once per test JVM). A SIGKILLed activity-service
     * cannot leave its consumer group, so its partitions wait for the session timeout before the restarted one gets
     * them: 6 s (the broker's minimum) instead of the default 45 s keeps that wait short.
     */
    static RunningDailyfeed extension() {
        return new RunningDailyfeed()
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

    String kafkaBootstrap() {
        return "127.0.0.1:" + port("kafka");
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

    /** Waits until the launcher has restarted {@code name} (a new pid) and it serves again. */
    Duration awaitRestarted(String name, long killedPid, Duration atMost) {
        long started = System.nanoTime();
        await(name + " restarted and healthy")
                .pollInSameThread()
                .atMost(atMost)
                .pollInterval(Duration.ofMillis(500))
                .until(() -> dailyfeed
                                .process(name)
                                .filter(process -> process.pid() != killedPid)
                                .isPresent()
                        && isHealthy(name));
        return Duration.ofNanos(System.nanoTime() - started);
    }

    boolean isHealthy(String name) {
        return name.equals("kafka") ? isKafkaUp() : isHttpUp("http://localhost:" + port(name) + "/actuator/health");
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
        JsonNode stats = getJson("http://localhost:" + port(service) + "/actuator/deadletters");
        return stats.get("pending").asLong();
    }

    /** The live streams open on one activity-service instance now, by its gauge {@code dailyfeed.activity.stream.connections}. */
    long streamConnections(String activityInstance) {
        JsonNode metric = getJson("http://localhost:" + port(activityInstance)
                + "/actuator/metrics/dailyfeed.activity.stream.connections");
        return Math.round(metric.get("measurements").get(0).get("value").asDouble());
    }

    /** Records on the activity topic that activity-service's consumer group has not committed yet. */
    long ingestLag() throws Exception {
        try (Admin admin = admin()) {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(INGEST_GROUP)
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            Set<TopicPartition> partitions = admin
                    .describeTopics(Set.of(ACTIVITY_TOPIC))
                    .allTopicNames()
                    .get(10, TimeUnit.SECONDS)
                    .get(ACTIVITY_TOPIC)
                    .partitions()
                    .stream()
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

    private boolean isKafkaUp() {
        try (Admin admin = admin()) {
            return !admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()
                    && admin
                            .describeTopics(Set.of(ACTIVITY_TOPIC))
                            .allTopicNames()
                            .get(5, TimeUnit.SECONDS)
                            .get(ACTIVITY_TOPIC)
                            .partitions()
                            .stream()
                            .allMatch(partition -> partition.leader() != null);
        } catch (Exception e) {
            return false;
        }
    }

    private Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafkaBootstrap(),
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

    private JsonNode getJson(String url) {
        try {
            HttpResponse<String> response = http.send(
                    HttpRequest.newBuilder(URI.create(url))
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
