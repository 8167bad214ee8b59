package dailyfeed.launcher;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * The deployables the launcher runs from their runnable jars, and what it needs to know of each: where the module
 * lies, which setting chooses its port and which database it owns. {@code --instances N} runs N processes of each.
 * The services start before the gateway, in the order declared here.
 */
public enum Component {
    MEMBER_SERVICE(
            "member-service", Kind.SERVICE, new PortSetting("member-port", "DAILYFEED_MEMBER_PORT", 8081), "member"),
    CONTENT_SERVICE(
            "content-service",
            Kind.SERVICE,
            new PortSetting("content-port", "DAILYFEED_CONTENT_PORT", 8082),
            "content"),
    ACTIVITY_SERVICE(
            "activity-service",
            Kind.SERVICE,
            new PortSetting("activity-port", "DAILYFEED_ACTIVITY_PORT", 8083),
            "activity"),
    GATEWAY("gateway", Kind.GATEWAY, new PortSetting("port", "DAILYFEED_PORT", 8080), null);

    /** A service owns a database and is reached through the gateway; the gateway is what a browser talks to. */
    public enum Kind {
        SERVICE,
        GATEWAY
    }

    /** The flag and environment variable that choose the port of a component's first instance, and its default. */
    public record PortSetting(String flag, String variable, int defaultPort) {}

    /** Every deployable lives in a folder of this name under the repository root. */
    private static final String DEPLOYABLES_FOLDER = "services/";

    private final String moduleName;
    private final Kind kind;
    private final PortSetting portSetting;
    private final String database;

    Component(String moduleName, Kind kind, PortSetting portSetting, String database) {
        this.moduleName = moduleName;
        this.kind = kind;
        this.portSetting = portSetting;
        this.database = database;
    }

    /** The Maven module, which is also the process name of the first instance: {@code member-service}, {@code gateway}. */
    public String moduleName() {
        return moduleName;
    }

    /** The module's folder relative to the repository root, e.g. {@code services/gateway}. */
    public String folder() {
        return DEPLOYABLES_FOLDER + moduleName;
    }

    /** Where the build leaves the runnable jar, relative to the repository root, with {@code *} for the version. */
    public String jarPattern() {
        return folder() + "/target/" + moduleName + "-*-exec.jar";
    }

    public Kind kind() {
        return kind;
    }

    public PortSetting portSetting() {
        return portSetting;
    }

    /** The PostgreSQL database a service owns (one per service, so none reads another's tables); none for the gateway. */
    public Optional<String> database() {
        return Optional.ofNullable(database);
    }

    /** The variable through which the gateway (and the other services) find a service: {@code MEMBER_SERVICE_URL}. */
    public String urlVariable() {
        if (kind != Kind.SERVICE) {
            throw new IllegalStateException(moduleName + " is not a service that others call");
        }
        return moduleName.toUpperCase().replace('-', '_') + "_URL";
    }

    /**
     * The heap and collector the launcher gives it before the user's JVM options. The gateway and activity-service
     * hold the open streams: 8,000 of them keep about 1.15 GiB live in the gateway (two connections each) and 0.95 GiB
     * in activity-service (docs/benchmarks.md, figure 5). They get G1, whose pauses do not grow with a heap of
     * long-lived buffers as the serial collector's full collections do, and room beside what the streams hold: with
     * 1,280 MiB and 1 GiB, G1 marked the heap over and over, collected old regions in every pause and once ran out of
     * space to copy into (a 220 ms pause), and the API's p99 rose with the streams. A heap is only taken as it is
     * used, so at rest they stay small.
     */
    List<String> heapAndCollector() {
        return switch (this) {
            case GATEWAY -> List.of("-Xms64m", "-Xmx2g", "-XX:+UseG1GC");
            case ACTIVITY_SERVICE -> List.of("-Xms64m", "-Xmx1536m", "-XX:+UseG1GC");
            case MEMBER_SERVICE, CONTENT_SERVICE -> List.of("-Xms64m", "-Xmx256m", "-XX:+UseSerialGC");
        };
    }

    /** The services, in start order. */
    public static List<Component> services() {
        return Arrays.stream(values())
                .filter(component -> component.kind == Kind.SERVICE)
                .toList();
    }

    /** The component whose module has this name. */
    public static Optional<Component> ofModule(String moduleName) {
        return Arrays.stream(values())
                .filter(component -> component.moduleName.equals(moduleName))
                .findFirst();
    }
}
