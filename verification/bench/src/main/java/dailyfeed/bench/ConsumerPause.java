package dailyfeed.bench;

import dailyfeed.events.ActivityTopic;
import dailyfeed.launcher.Component;
import java.io.IOException;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The stack's consumer of activity events (the launched activity-service), paused and resumed from outside
 * (SIGSTOP/SIGCONT: the process keeps its state and its place in the consumer group for a round's few seconds), and
 * whether it has caught up with the topic (its group's committed offsets at the partitions' ends).
 */
final class ConsumerPause implements AutoCloseable {

    /** The consumer group the launcher's activity-service reads the activity topic in (its KAFKA_GROUP_ID default). */
    private static final String GROUP = "activity-service";

    private static final Duration CATCH_UP = Duration.ofMinutes(2);

    private final long pid;
    private final Admin admin;
    private boolean paused;

    ConsumerPause(Stack stack) throws IOException {
        this.pid = Long.parseLong(Files.readAllLines(
                        stack.dataDir.resolve("pids").resolve(Component.ACTIVITY_SERVICE.moduleName() + ".pid"))
                .get(0)
                .trim());
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka());
        this.admin = Admin.create(config);
    }

    void pause() throws IOException, InterruptedException {
        signal("STOP");
        paused = true;
    }

    void resume() throws IOException, InterruptedException {
        signal("CONT");
        paused = false;
    }

    /** Waits until the group has committed every record the topic holds. */
    void awaitCaughtUp() throws Exception {
        long deadline = System.nanoTime() + CATCH_UP.toNanos();
        long lag;
        while ((lag = lag()) > 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(
                        "activity-service did not catch up within " + CATCH_UP + ": lag " + lag);
            }
            TimeUnit.MILLISECONDS.sleep(50); // polling the broker: there is nothing to be notified by
        }
    }

    private long lag() throws Exception {
        Map<TopicPartition, OffsetAndMetadata> committed = admin
                .listConsumerGroupOffsets(GROUP)
                .partitionsToOffsetAndMetadata()
                .get(30, TimeUnit.SECONDS)
                .entrySet()
                .stream()
                .filter(e -> e.getKey().topic().equals(ActivityTopic.DEFAULT_NAME) && e.getValue() != null)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue));
        var ends = admin.listOffsets(committed.keySet().stream()
                        .collect(Collectors.toMap(partition -> partition, partition -> OffsetSpec.latest())))
                .all()
                .get(30, TimeUnit.SECONDS);
        return committed.entrySet().stream()
                .mapToLong(e -> ends.get(e.getKey()).offset() - e.getValue().offset())
                .sum();
    }

    private void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid))
                .inheritIO()
                .start();
        if (kill.waitFor() != 0) {
            throw new IllegalStateException("kill -" + name + " " + pid + " failed");
        }
    }

    @Override
    public void close() throws Exception {
        try {
            if (paused) {
                resume();
            }
        } finally {
            admin.close(Duration.ofSeconds(5));
        }
    }
}
