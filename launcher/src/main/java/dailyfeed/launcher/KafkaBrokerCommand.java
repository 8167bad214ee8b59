package dailyfeed.launcher;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The command that runs {@link KafkaBroker} in a JVM of its own: the one place that knows how a broker process is
 * started, for the launcher, the services' outage tests and the reliability suite's cluster. Plain Java, so that a
 * test may use it with only the launcher's classes on its class path.
 *
 * @param javaOptions   JVM options of the broker
 * @param processName   what {@link JavaCommand#marker} calls the process
 * @param port          the client port; the KRaft controller listens on the next one
 * @param dataDir       where the broker keeps its configuration, storage and cluster id
 * @param nodeArguments {@code --node-id I --voters ...} for one node of a cluster; empty for a broker alone
 */
public record KafkaBrokerCommand(
        List<String> javaOptions, String processName, int port, Path dataDir, List<String> nodeArguments) {

    /** The broker's main class, by name: naming the class itself would load it, and with it Kafka's. */
    static final String MAIN_CLASS = "dailyfeed.launcher.KafkaBroker";

    public KafkaBrokerCommand {
        javaOptions = List.copyOf(javaOptions);
        nodeArguments = List.copyOf(nodeArguments);
    }

    /** A broker alone, named {@code kafka}, with no JVM options yet. */
    public static KafkaBrokerCommand alone(int port, Path dataDir) {
        return new KafkaBrokerCommand(List.of(), "kafka", port, dataDir, List.of());
    }

    public KafkaBrokerCommand withJavaOptions(List<String> options) {
        return new KafkaBrokerCommand(options, processName, port, dataDir, nodeArguments);
    }

    public KafkaBrokerCommand named(String name) {
        return new KafkaBrokerCommand(javaOptions, name, port, dataDir, nodeArguments);
    }

    /**
     * Node {@code id} of a cluster of brokers on loopback whose client ports are {@code clientPorts} (by node id):
     * each node is a voter of the controller quorum at its client port + 1.
     */
    public KafkaBrokerCommand asNode(int id, Map<Integer, Integer> clientPorts) {
        String voters = clientPorts.entrySet().stream()
                .map(node -> node.getKey() + "@127.0.0.1:" + controllerPort(node.getValue()))
                .collect(Collectors.joining(","));
        return new KafkaBrokerCommand(
                javaOptions,
                processName,
                port,
                dataDir,
                List.of("--node-id", Integer.toString(id), "--voters", voters));
    }

    /** KRaft needs a second listener for its controller; it takes the port after the client port. */
    public static int controllerPort(int clientPort) {
        return clientPort + 1;
    }

    /**
     * The command for the JVM this one runs in: through the Boot loader of the launcher's exec jar when we run from
     * it, with this JVM's class path otherwise (tests, IDE), which must then hold Kafka's broker.
     */
    public List<String> fromThisJvm() {
        return JavaCommand.execJar()
                .map(this::fromExecJar)
                .orElseGet(() -> fromClassPath(System.getProperty("java.class.path")));
    }

    /** The command that runs the broker from the launcher's exec jar. */
    public List<String> fromExecJar(Path launcherExecJar) {
        List<String> command = start();
        command.add("-Dloader.main=" + MAIN_CLASS);
        command.addAll(List.of("-cp", launcherExecJar.toString(), JavaCommand.BOOT_PROPERTIES_LAUNCHER));
        return finish(command);
    }

    /** The command that runs the broker from a class path holding the launcher's classes and Kafka's broker. */
    public List<String> fromClassPath(String classPath) {
        List<String> command = start();
        command.addAll(List.of("-cp", classPath, MAIN_CLASS));
        return finish(command);
    }

    /**
     * The command that runs the broker from its class path written out for a start-up cache: {@code launchArguments}
     * are {@link AotCache#launchArguments}, which end in {@code -jar application.jar}.
     */
    public List<String> fromLaunchArguments(List<String> launchArguments) {
        List<String> command = start();
        command.addAll(launchArguments);
        return finish(command);
    }

    private List<String> start() {
        List<String> command = new ArrayList<>();
        command.add(JavaCommand.executable());
        command.addAll(javaOptions);
        command.add(JavaCommand.marker(processName));
        return command;
    }

    private List<String> finish(List<String> command) {
        command.addAll(List.of("--port", Integer.toString(port), "--data-dir", dataDir.toString()));
        command.addAll(nodeArguments);
        return List.copyOf(command);
    }
}
