package dailyfeed.launcher;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.apache.kafka.common.Uuid;

/**
 * The Kafka brokers `up` runs: one alone by default, or ({@code --brokers 3}) a KRaft cluster on loopback whose nodes
 * are each broker and controller. Node {@code k} is named {@code kafka-k} (the first keeps {@code kafka}) and listens
 * on the first one's port + {@link Instance#PORT_STEP}·(k−1), its controller on the port after that, as the services'
 * further instances do. In a cluster every topic, the activity topic and its DLT included, gets 3 replicas and needs 2
 * in sync to take a write ({@link KafkaBroker.Node}): one broker may die without losing or refusing an event.
 *
 * @param count     how many nodes
 * @param firstPort the client port of the first node
 */
record KafkaNodes(int count, int firstPort) {

    /**
     * A controller quorum needs a majority of its voters: with 2 nodes the loss of either stops the cluster, as with 1,
     * so an even count costs a JVM and buys nothing. Five is as many as a laptop should hold.
     */
    static final List<Integer> ALLOWED_COUNTS = List.of(1, 3, 5);

    /** Where the data folder remembers how many nodes formatted its Kafka storage. */
    static final String COUNT_FILE = "kafka-brokers";

    KafkaNodes {
        if (!ALLOWED_COUNTS.contains(count)) {
            throw new IllegalArgumentException(count + " brokers: choose 1, 3 or 5 (a quorum needs a majority)");
        }
    }

    /** The node ids, 1 to {@code count}. */
    List<Integer> ids() {
        return IntStream.rangeClosed(1, count).boxed().toList();
    }

    /** The process name (log, pid file and data folder) of node {@code id}. */
    static String nameOf(int id) {
        return id == 1 ? "kafka" : "kafka-" + id;
    }

    int portOf(int id) {
        return firstPort + Instance.PORT_STEP * (id - 1);
    }

    /** What the services' clients bootstrap from: every node, so that any one of them may be down. */
    String bootstrapServers() {
        return ids().stream().map(id -> "127.0.0.1:" + portOf(id)).collect(Collectors.joining(","));
    }

    /** Every port the nodes listen on, by what uses it. */
    Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        for (int id : ids()) {
            ports.put(nameOf(id), portOf(id));
            ports.put(nameOf(id) + " controller", KafkaBrokerCommand.controllerPort(portOf(id)));
        }
        return ports;
    }

    /** The command of node {@code id}, whose data lies in {@code dataDir}. */
    KafkaBrokerCommand command(int id, Path dataDir) {
        KafkaBrokerCommand alone = KafkaBrokerCommand.alone(portOf(id), dataDir).named(nameOf(id));
        if (count == 1) {
            return alone;
        }
        Map<Integer, Integer> clientPorts = new LinkedHashMap<>();
        ids().forEach(node -> clientPorts.put(node, portOf(node)));
        return alone.asNode(id, clientPorts);
    }

    /**
     * Before the first start of a data folder, gives every node the same cluster id (a node formats its storage with the
     * id it finds in its folder) and notes the node count. A folder made with another count is refused: a cluster's
     * topics have replicas on nodes a single broker would not have, and a single broker's topics have one replica,
     * which a cluster would keep.
     *
     * @throws IllegalStateException with a message for the user when the count differs
     */
    void prepare(Path dataRoot) throws IOException {
        Path countFile = dataRoot.resolve(COUNT_FILE);
        Optional<Integer> before = formattedCount(dataRoot, countFile);
        if (before.isPresent() && before.get() != count) {
            throw new IllegalStateException("the data in " + dataRoot + " was written by " + before.get()
                    + (before.get() == 1 ? " broker" : " brokers") + "; start with --brokers " + before.get()
                    + ", or add --reset to start empty with " + count);
        }
        Path firstIdFile = dataRoot.resolve(nameOf(1)).resolve(KafkaBroker.CLUSTER_ID_FILE);
        String clusterId = Files.exists(firstIdFile)
                ? Files.readString(firstIdFile, StandardCharsets.UTF_8).trim()
                : Uuid.randomUuid().toString();
        for (int id : ids()) {
            Path folder = dataRoot.resolve(nameOf(id));
            Files.createDirectories(folder);
            Path idFile = folder.resolve(KafkaBroker.CLUSTER_ID_FILE);
            if (!Files.exists(idFile)) {
                Files.writeString(idFile, clusterId, StandardCharsets.UTF_8);
            }
        }
        Files.writeString(countFile, count + System.lineSeparator(), StandardCharsets.UTF_8);
    }

    /** How many nodes formatted this folder's storage: as noted, or 1 for a folder from before the note was kept. */
    private static Optional<Integer> formattedCount(Path dataRoot, Path countFile) throws IOException {
        if (Files.exists(countFile)) {
            try {
                return Optional.of(Integer.parseInt(Files.readString(countFile).trim()));
            } catch (NumberFormatException e) {
                throw new IllegalStateException(countFile + " does not hold a number of brokers; delete it or --reset");
            }
        }
        return KafkaBroker.isFormatted(dataRoot.resolve(nameOf(1))) ? Optional.of(1) : Optional.empty();
    }
}
