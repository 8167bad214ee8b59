package dailyfeed.reliability;

import dailyfeed.harness.FreePorts;
import dailyfeed.harness.RunnableJars;
import dailyfeed.launcher.KafkaBrokerCommand;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * Three (or more) KRaft nodes on loopback, each its own JVM running the launcher's broker from the launcher's exec jar
 * ({@link KafkaBrokerCommand#asNode}), each both broker and controller, sharing one cluster id.
 */
final class KafkaCluster implements AutoCloseable {

    private final Path home;
    private final Map<Integer, Integer> ports; // node id -> client port (the controller listens on the next one)
    private final Map<Integer, Path> dataDirs;
    private final Map<Integer, Process> processes = new LinkedHashMap<>();

    private KafkaCluster(Path home, Map<Integer, Integer> ports, Map<Integer, Path> dataDirs) {
        this.home = home;
        this.ports = ports;
        this.dataDirs = dataDirs;
        // a test JVM that ends without close() must not leave brokers running
        Runtime.getRuntime().addShutdownHook(new Thread(() -> processes.values().forEach(Process::destroyForcibly)));
    }

    /** Starts {@code size} nodes on free ports with fresh data folders; they form the quorum among themselves. */
    static KafkaCluster ofNodes(int size) throws IOException {
        Path home = Path.of(System.getProperty("dailyfeed.home", "../.."))
                .toAbsolutePath()
                .normalize();
        FreePorts freePorts = new FreePorts();
        Map<Integer, Integer> ports = new LinkedHashMap<>();
        Map<Integer, Path> dataDirs = new LinkedHashMap<>();
        String clusterId = Uuid.randomUuid().toString();
        for (int id = 1; id <= size; id++) {
            ports.put(id, freePorts.freePair()); // each node's controller takes the next port
            Path dataDir = Files.createTempDirectory("reliability-kafka-" + id + "-");
            // the launcher's broker formats its storage with the cluster id it finds here: the same for all nodes
            Files.writeString(dataDir.resolve("cluster.id"), clusterId);
            dataDirs.put(id, dataDir);
        }
        KafkaCluster cluster = new KafkaCluster(home, ports, dataDirs);
        for (int id : ports.keySet()) {
            cluster.startNode(id);
        }
        return cluster;
    }

    String bootstrapServers() {
        return ports.values().stream().map(port -> "127.0.0.1:" + port).collect(Collectors.joining(","));
    }

    Admin admin() {
        return Admin.create(Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                bootstrapServers(),
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG,
                5000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG,
                10000));
    }

    synchronized void startNode(int id) throws IOException {
        List<String> command = KafkaBrokerCommand.alone(ports.get(id), dataDirs.get(id))
                .named("reliability-kafka-" + id)
                .withJavaOptions(List.of("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1"))
                .asNode(id, ports)
                .fromExecJar(RunnableJars.of(home, "launcher"));
        Process process = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        dataDirs.get(id).resolve("broker.log").toFile()))
                .start();
        processes.put(id, process);
    }

    /** SIGKILL, waited for. */
    synchronized void kill(int id) {
        Process process = processes.get(id);
        process.destroyForcibly();
        process.onExit().orTimeout(30, TimeUnit.SECONDS).join();
    }

    Path log(int id) {
        return dataDirs.get(id).resolve("broker.log");
    }

    @Override
    public synchronized void close() throws IOException {
        processes.values().forEach(Process::destroy);
        for (Process process : processes.values()) {
            process.onExit()
                    .orTimeout(30, TimeUnit.SECONDS)
                    .exceptionally(timeout -> process.destroyForcibly().onExit().join())
                    .join();
        }
        for (Path dataDir : dataDirs.values()) {
            try (Stream<Path> files = Files.walk(dataDir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            }
        }
    }
}
