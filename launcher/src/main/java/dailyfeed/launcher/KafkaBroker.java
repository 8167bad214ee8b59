package dailyfeed.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka broker (KRaft: broker and controller in one JVM), run in the foreground until killed:
 * {@code --port N} (default 9092; the controller takes N+1), {@code --data-dir DIR} (default .data/kafka).
 * Alone by default; {@code --node-id I --voters 1@127.0.0.1:P1,2@127.0.0.1:P2,...} (the voters' controller ports)
 * makes it one node of a cluster, as the reliability tests run three. Nodes of one cluster share the cluster id:
 * write the same {@code cluster.id} file into each data folder before their first start. {@link KafkaBrokerCommand}
 * builds the command that runs it as a process of its own.
 */
public final class KafkaBroker {

    /** The file in a node's data folder that holds the cluster id its storage is formatted with. */
    static final String CLUSTER_ID_FILE = "cluster.id";

    static final int LOG_CLEANER_DEDUPE_BUFFER_BYTES = 8 * 1024 * 1024;

    private KafkaBroker() {}

    public static void main(String[] args) throws Exception {
        Map<String, String> options;
        int port;
        Node node;
        try {
            options = Options.parse(List.of(args), Set.of("port", "data-dir", "node-id", "voters"), Set.of());
            port = Options.port("--port", options.getOrDefault("port", "9092"));
            if (port >= 65535) {
                throw new IllegalArgumentException("--port must be below 65535: the controller uses the next one");
            }
            node = Node.of(options.get("node-id"), options.get("voters"), port);
        } catch (IllegalArgumentException e) {
            System.err.println("kafka: " + e.getMessage()
                    + "\nUsage: KafkaBroker [--port N] [--data-dir DIR] [--node-id I --voters ID@HOST:PORT,...]");
            System.exit(2);
            return;
        }
        Path dataDir = Path.of(options.getOrDefault("data-dir", ".data/kafka")).toAbsolutePath();
        configureLogging();

        Path config = writeServerProperties(dataDir, port, node);
        formatStorageOnce(dataDir, config);
        System.out.println("kafka: starting broker on 127.0.0.1:" + port + " with data in " + dataDir);
        // Kafka's own entry point: it installs a shutdown hook for a controlled shutdown on SIGTERM and exits the
        // JVM when the broker stops, which is what a process of its own should do.
        kafka.Kafka.main(new String[] {config.toString()});
    }

    /**
     * This node's id and the controller quorum it belongs to (static voters {@code id@host:port,...}).
     *
     * @param voterCount how many nodes the cluster has: internal topics get that many replicas, at most 3
     */
    record Node(int id, String voters, int voterCount) {

        static Node alone(int port) {
            return new Node(1, "1@127.0.0.1:" + KafkaBrokerCommand.controllerPort(port), 1);
        }

        /** Both or neither of --node-id and --voters; the voters must name this node. */
        static Node of(String nodeId, String voters, int port) {
            if (nodeId == null && voters == null) {
                return alone(port);
            }
            if (nodeId == null || voters == null) {
                throw new IllegalArgumentException("--node-id and --voters go together");
            }
            int id;
            try {
                id = Integer.parseInt(nodeId.trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--node-id: '" + nodeId + "' is not a number");
            }
            List<String> entries = List.of(voters.trim().split(","));
            if (entries.stream().noneMatch(entry -> entry.startsWith(id + "@"))) {
                throw new IllegalArgumentException("--voters does not name node " + id + ": " + voters);
            }
            return new Node(id, voters.trim(), entries.size());
        }

        int replicas() {
            return Math.min(3, voterCount);
        }

        /** One node can only require itself; with more, a write survives the loss of one in-sync replica. */
        int minInSync() {
            return Math.min(2, voterCount);
        }
    }

    /** The broker configuration: one node, both roles, everything on loopback, sized for a laptop. */
    static Map<String, String> serverProperties(Path dataDir, int port) {
        return serverProperties(dataDir, port, Node.alone(port));
    }

    /** The configuration of one node of a cluster (or of the single node, see {@link Node#alone}). */
    static Map<String, String> serverProperties(Path dataDir, int port, Node node) {
        int controllerPort = KafkaBrokerCommand.controllerPort(port);
        Map<String, String> props = new LinkedHashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(node.id()));
        // a static voter set: the controllers are fixed, so nothing about the quorum needs to be stored
        props.put("controller.quorum.voters", node.voters());
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", dataDir.resolve("data").toString());
        // internal topics cannot have more replicas than there are brokers
        String replicas = Integer.toString(node.replicas());
        String minInSync = Integer.toString(node.minInSync());
        props.put("offsets.topic.replication.factor", replicas);
        props.put("transaction.state.log.replication.factor", replicas);
        props.put("transaction.state.log.min.isr", minInSync);
        props.put("share.coordinator.state.topic.replication.factor", replicas);
        props.put("share.coordinator.state.topic.min.isr", minInSync);
        // the topics the services create (the activity topic by its first write, its DLT as a bean) take these: in a
        // cluster an acknowledged write (acks=all) is on two nodes at least, and one node may be lost
        props.put("default.replication.factor", replicas);
        props.put("min.insync.replicas", minInSync);
        // fewer internal partitions than the production default of 50: faster first start, fewer files
        props.put("offsets.topic.num.partitions", "10");
        props.put("transaction.state.log.num.partitions", "10");
        // topics are keyed by member, so several partitions keep per-member order while allowing parallel consumers
        props.put("num.partitions", "6");
        props.put("auto.create.topics.enable", "true");
        // no reason to delay the first consumer group rebalance when there is one consumer per service
        props.put("group.initial.rebalance.delay.ms", "0");
        // after a SIGKILL the restarted broker must wait out its old registration's session before it may serve;
        // the default 9 s is sized for networks, broker and controller share a JVM here
        props.put("broker.session.timeout.ms", "3000");
        props.put("broker.heartbeat.interval.ms", "1000");
        // The log cleaner compacts only the consumer offsets here (a few hundred keys), yet allocates its whole
        // dedupe buffer at start and keeps it: the default 128 MiB was a third of the broker's memory at rest. 8 MiB
        // maps about 300,000 keys in one pass; a larger compacted log takes more passes, not more memory.
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(LOG_CLEANER_DEDUPE_BUFFER_BYTES));
        return props;
    }

    private static Path writeServerProperties(Path dataDir, int port, Node node) throws IOException {
        Files.createDirectories(dataDir);
        Path file = dataDir.resolve("server.properties");
        StringBuilder text = new StringBuilder("# written by dailyfeed.launcher.KafkaBroker on every start\n");
        // in a properties file a backslash escapes; Windows paths need theirs doubled
        serverProperties(dataDir, port, node)
                .forEach((key, value) -> text.append(key)
                        .append('=')
                        .append(value.replace("\\", "\\\\"))
                        .append('\n'));
        Files.writeString(file, text, StandardCharsets.UTF_8);
        return file;
    }

    /**
     * KRaft refuses to start on unformatted storage. Format once with a cluster id kept in the data folder,
     * so a restart on the same folder finds its topics again.
     */
    private static void formatStorageOnce(Path dataDir, Path config) throws IOException {
        if (isFormatted(dataDir)) {
            return;
        }
        Path clusterIdFile = dataDir.resolve(CLUSTER_ID_FILE);
        if (!Files.exists(clusterIdFile)) {
            Files.writeString(clusterIdFile, Uuid.randomUuid().toString());
        }
        String clusterId = Files.readString(clusterIdFile).trim();
        // StorageTool.execute (unlike StorageTool.main) returns instead of calling System.exit
        int exitCode = StorageTool.execute(
                new String[] {"format", "--config", config.toString(), "--cluster-id", clusterId, "--ignore-formatted"},
                System.out);
        if (exitCode != 0) {
            throw new IOException("formatting Kafka storage in " + dataDir + " failed with code " + exitCode);
        }
    }

    /** Whether a broker has formatted its storage in {@code dataDir}: it holds topics of some cluster. */
    static boolean isFormatted(Path dataDir) {
        return Files.exists(dataDir.resolve("data").resolve("meta.properties"));
    }

    /** Kafka logs through SLF4J; slf4j-simple writes to stderr, which the launcher sends to kafka.log. */
    private static void configureLogging() {
        System.setProperty("org.slf4j.simpleLogger.showDateTime", "true");
        System.setProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd HH:mm:ss.SSS");
        System.setProperty("org.slf4j.simpleLogger.defaultLogLevel", "info");
        // the config dumps and per-partition chatter are kept out; state changes and errors stay
        System.setProperty("org.slf4j.simpleLogger.log.org.apache.kafka.common.config", "warn");
        System.setProperty("org.slf4j.simpleLogger.log.kafka.server.KafkaConfig", "warn");
    }
}
