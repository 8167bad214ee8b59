package dailyfeed.launcher;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.IntPredicate;
import java.util.stream.IntStream;

/**
 * What `dailyfeed up` was asked to do, from command-line flags and environment variables (flags win).
 *
 * @param home            the repository root (holds the module folders with the built jars)
 * @param dataDir         where PostgreSQL, Kafka, logs and pid files live
 * @param firstPorts      the port of each component's first instance; the gateway's is the one a browser needs
 * @param kafkaPort       the first broker's client port; the KRaft controller uses the next one
 * @param serviceJavaOpts JVM options of each service and the gateway
 * @param kafkaJavaOpts   JVM options of the broker
 * @param readyTimeout    how long the whole stack may take to become healthy
 * @param instances       how many processes of each component (services and gateway) to run
 * @param brokers         how many Kafka nodes ({@link KafkaNodes}): 1, or a cluster of 3 or 5
 * @param tracing         whether to run Zipkin's server and send the services' spans there
 * @param zipkinPort      the port of that Zipkin server (its UI and API)
 * @param aotCache        whether the broker, services and gateways start from an {@linkplain AotCache ahead-of-time
 *                        cache}
 */
public record LauncherSettings(
        Path home,
        Path dataDir,
        Map<Component, Integer> firstPorts,
        int kafkaPort,
        int pgPort,
        boolean reset,
        boolean demo,
        List<String> serviceJavaOpts,
        List<String> kafkaJavaOpts,
        Duration readyTimeout,
        int instances,
        int brokers,
        boolean tracing,
        int zipkinPort,
        boolean aotCache) {

    public LauncherSettings {
        firstPorts = Collections.unmodifiableMap(new EnumMap<>(firstPorts));
        serviceJavaOpts = List.copyOf(serviceJavaOpts);
        kafkaJavaOpts = List.copyOf(kafkaJavaOpts);
        new KafkaNodes(brokers, kafkaPort); // refuses a count that makes no quorum
    }

    /**
     * C2 compiles a method once it has run ten times as often as the JVM's default asks (50,000 calls instead of
     * 5,000; the loop and combined counts alike). While a service starts, Spring runs thousands of methods a few
     * thousand times each and never again; with the defaults C2 compiled them, 4–6 s of each service's 9–13 s of CPU
     * before it was ready, on cores the other services were starting on. A request path runs its methods tens of
     * thousands of times in the first minute of traffic, so it is compiled all the same: CPU per post after warm-up
     * measured the same with and without (docs/benchmarks.md, "C2 later").
     */
    static final String LATER_C2 = "-XX:Tier4InvocationThreshold=50000 -XX:Tier4MinInvocationThreshold=6000"
            + " -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=400000";

    /**
     * Both JIT compilers (the JVM's default): a service's steady-state CPU per request is about half of what it is with
     * C1 alone (all processes' CPU per post 5.7–6.3 ms against 12–13 ms through the gateway, docs/benchmarks.md), paid
     * for by C2's first minutes of compiling, which {@link #LATER_C2} keeps out of the start.
     */
    static final String DEFAULT_SERVICE_JAVA_OPTS = "-XX:+ExitOnOutOfMemoryError " + LATER_C2;

    static final String DEFAULT_KAFKA_JAVA_OPTS = "-Xmx384m -XX:+UseSerialGC";

    /**
     * Gives back to the system, every few seconds, the native memory the JVM freed (C2's compilations borrow and
     * return it in bursts, and the C library keeps it otherwise): about 130 MiB of the stack's memory at rest.
     */
    static final String TRIM_NATIVE_HEAP = "-XX:TrimNativeHeapInterval=5000";

    /**
     * The options in {@code variable} as the user wrote them (they replace the defaults), else {@code defaults} and what
     * a JVM of version {@code java} adds to them.
     */
    static List<String> javaOptions(Map<String, String> env, String variable, Runtime.Version java, String defaults) {
        String chosen = env.get(variable);
        if (chosen != null) {
            return words(chosen);
        }
        List<String> options = new ArrayList<>(words(defaults));
        if (trimsNativeHeap(java)) {
            options.add(TRIM_NATIVE_HEAP);
        }
        return List.copyOf(options);
    }

    /** The option came with Java 22 and was backported to 21.0.1 and 17.0.9; an older JVM refuses to start with it. */
    static boolean trimsNativeHeap(Runtime.Version java) {
        return java.feature() >= 22
                || (java.feature() == 21 && java.update() >= 1)
                || (java.feature() == 17 && java.update() >= 9);
    }

    /**
     * The JVM options of one service or gateway: its {@linkplain Component#heapAndCollector() heap and collector}, then
     * {@code serviceJavaOpts}, which win (for {@code -Xmx}, the last one counts; a collector chosen there replaces
     * ours, two would not start).
     */
    List<String> jvmOptionsOf(Component component) {
        List<String> options = new ArrayList<>(component.heapAndCollector());
        if (serviceJavaOpts.stream().anyMatch(LauncherSettings::choosesCollector)) {
            options.removeIf(LauncherSettings::choosesCollector);
        }
        options.addAll(serviceJavaOpts);
        return List.copyOf(options);
    }

    private static boolean choosesCollector(String option) {
        return option.matches("-XX:\\+Use\\w+GC");
    }

    static final int MAX_INSTANCES = 9;

    private static final Set<String> VALUED = valuedOptions();
    /** How long a start may take by default; each further instance of every component adds {@link #PER_INSTANCE}. */
    static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(120);

    /** Four more JVMs start side by side on the same cores with each instance: about a minute on two cores. */
    static final Duration PER_INSTANCE = Duration.ofSeconds(60);

    private static final Set<String> FLAGS = Set.of("reset", "demo", "tracing");

    /** The text of `./dailyfeed help`. */
    static final String USAGE = """
            Usage: ./dailyfeed up [options]     start the whole system (Ctrl-C stops it)
                   ./dailyfeed help             show this text

            Options (each also settable by the environment variable in brackets; a flag wins):
              --port N            gateway port, the address to open          [DAILYFEED_PORT, 8080]
              --data-dir DIR      databases, broker data, logs, pid files    [DAILYFEED_DATA_DIR, .data]
              --reset             delete the data folder first, start empty
              --demo              load demo members and activity once up     [DAILYFEED_DEMO]
                                  (log in as alice / dailyfeed-demo)
              --tracing           run Zipkin and send it every span          [DAILYFEED_TRACING]
                                  (UI: http://localhost:9411/zipkin/)
              --zipkin-port N     Zipkin's port with --tracing               [DAILYFEED_ZIPKIN_PORT, 9411]
              --member-port N     member-service port                        [DAILYFEED_MEMBER_PORT, 8081]
              --content-port N    content-service port                       [DAILYFEED_CONTENT_PORT, 8082]
              --activity-port N   activity-service port                      [DAILYFEED_ACTIVITY_PORT, 8083]
              --kafka-port N      Kafka client port (controller uses N+1)    [DAILYFEED_KAFKA_PORT, 9092]
              --pg-port N         PostgreSQL port                            [DAILYFEED_PG_PORT, 15432]
              --timeout SECONDS   how long startup may take                  [DAILYFEED_READY_TIMEOUT, 120,
                                                                             +60 per further instance]
              --instances N       run N of each service and of the gateway   [DAILYFEED_INSTANCES, 1]
                                  (instance k at the first one's port + 100*(k-1); the gateways
                                  balance over all of them, each gateway rate-limits on its own)
              --brokers N         1 Kafka broker, or a KRaft cluster of 3    [DAILYFEED_BROKERS, 1]
                                  or 5 (topics: 3 replicas, 2 in sync; node k at the --kafka-port
                                  + 100*(k-1))

            JVM options: DAILYFEED_JAVA_OPTS (services, default "%s"),
                         DAILYFEED_KAFKA_JAVA_OPTS (broker, default "%s"),
                         each default with "%s" on a JVM that has it (17.0.9, 21.0.1, 22 and newer).
            Start-up cache: on Java 25 or newer each service starts from an ahead-of-time cache in
                         <module>/target/aot/, recorded by the first start after a build and written as it stops;
                         DAILYFEED_AOT_CACHE=off runs without.
            Secrets: <data-dir>/secrets.properties, generated on the first start, owner-only (service clients,
                     signing-key password, database passwords); DAILYFEED_SERVICE_CLIENT_ID, _SECRET,
                     DAILYFEED_OPERATIONS_CLIENT_ID, _SECRET and DAILYFEED_SIGNING_KEY_PASSWORD override them.
            Gateway rate limits, per client address and minute (passed on to the gateway; 0: that one off):
                         DAILYFEED_RATE_LIMIT_SIGNUPS (20), DAILYFEED_RATE_LIMIT_LOGINS (30),
                         DAILYFEED_RATE_LIMIT_TOKENS (30), DAILYFEED_RATE_LIMIT_WRITES (600);
                         DAILYFEED_RATE_LIMITS=off turns them all off.
            Logs: <data-dir>/logs/<component>.log    Pids: <data-dir>/pids/<component>.pid
                  (instance k > 1 of a component: <component>-k.log, <component>-k.pid)
                  DAILYFEED_LOG_FORMAT=json: the services and gateways log JSON lines (text by default).
            """.formatted(DEFAULT_SERVICE_JAVA_OPTS, DEFAULT_KAFKA_JAVA_OPTS, TRIM_NATIVE_HEAP);

    /**
     * Reads the options of `up` from its arguments and the environment.
     *
     * @throws IllegalArgumentException with a message fit for the user
     */
    static LauncherSettings parse(List<String> args, Map<String, String> env, Path home) {
        return parse(args, env, home, Runtime.version());
    }

    /** As {@link #parse(List, Map, Path)}, for children that run on the JVM of version {@code java}. */
    static LauncherSettings parse(List<String> args, Map<String, String> env, Path home, Runtime.Version java) {
        Map<String, String> flags = Options.parse(args, VALUED, FLAGS);
        Lookup lookup = new Lookup(flags, env);

        String dataDirValue = lookup.value("data-dir", "DAILYFEED_DATA_DIR");
        // a relative folder is relative to where the user typed the command, as with any CLI
        Path dataDir = dataDirValue == null
                ? home.resolve(".data")
                : Path.of(dataDirValue).toAbsolutePath();

        int instances = instances(lookup);
        String timeoutValue = lookup.value("timeout", "DAILYFEED_READY_TIMEOUT");
        Duration timeout = DEFAULT_TIMEOUT.plus(PER_INSTANCE.multipliedBy(instances - 1L));
        if (timeoutValue != null) {
            try {
                timeout = Duration.ofSeconds(Long.parseLong(timeoutValue.trim()));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(lookup.source("timeout", "DAILYFEED_READY_TIMEOUT") + ": '"
                        + timeoutValue + "' is not a number of seconds");
            }
            if (timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("the startup timeout must be positive, got " + timeoutValue);
            }
        }

        boolean aotCache = AotCache.supportedBy(java) && !"off".equalsIgnoreCase(env.get("DAILYFEED_AOT_CACHE"));
        LauncherSettings settings = new LauncherSettings(
                home.toAbsolutePath().normalize(),
                dataDir.normalize(),
                firstPorts(lookup),
                lookup.port("kafka-port", "DAILYFEED_KAFKA_PORT", 9092),
                lookup.port("pg-port", "DAILYFEED_PG_PORT", 15432),
                flags.containsKey("reset"),
                flags.containsKey("demo") || "true".equalsIgnoreCase(env.get("DAILYFEED_DEMO")),
                javaOptions(env, "DAILYFEED_JAVA_OPTS", java, DEFAULT_SERVICE_JAVA_OPTS),
                javaOptions(env, "DAILYFEED_KAFKA_JAVA_OPTS", java, DEFAULT_KAFKA_JAVA_OPTS),
                timeout,
                instances,
                brokers(lookup),
                flags.containsKey("tracing") || "true".equalsIgnoreCase(env.get("DAILYFEED_TRACING")),
                lookup.port("zipkin-port", "DAILYFEED_ZIPKIN_PORT", ZipkinServer.DEFAULT_PORT),
                aotCache);
        settings.checkPortsDiffer();
        return settings;
    }

    private static Set<String> valuedOptions() {
        Set<String> valued = new HashSet<>(
                Set.of("data-dir", "kafka-port", "pg-port", "zipkin-port", "timeout", "instances", "brokers"));
        Arrays.stream(Component.values())
                .forEach(component -> valued.add(component.portSetting().flag()));
        return Set.copyOf(valued);
    }

    private static Map<Component, Integer> firstPorts(Lookup lookup) {
        Map<Component, Integer> ports = new EnumMap<>(Component.class);
        for (Component component : Component.values()) {
            Component.PortSetting setting = component.portSetting();
            ports.put(component, lookup.port(setting.flag(), setting.variable(), setting.defaultPort()));
        }
        return ports;
    }

    private static int instances(Lookup lookup) {
        return lookup.count(
                "instances",
                "DAILYFEED_INSTANCES",
                count -> count >= 1 && count <= MAX_INSTANCES,
                "a number of instances (1-" + MAX_INSTANCES + ")");
    }

    private static int brokers(Lookup lookup) {
        return lookup.count(
                "brokers",
                "DAILYFEED_BROKERS",
                KafkaNodes.ALLOWED_COUNTS::contains,
                "a number of brokers: 1, or 3 or 5 for a cluster (a quorum needs a majority)");
    }

    /** The Kafka nodes to run. */
    KafkaNodes kafkaNodes() {
        return new KafkaNodes(brokers, kafkaPort);
    }

    /** The port of a component's first instance. */
    int portOf(Component component) {
        return firstPorts.get(component);
    }

    /** The trace backend {@code --tracing} runs. */
    ZipkinServer zipkin() {
        return new ZipkinServer(zipkinPort);
    }

    /** The one port a browser needs: the first gateway's. */
    int gatewayPort() {
        return portOf(Component.GATEWAY);
    }

    /** The service processes to start, in start order: each member-service, content-service, activity-service. */
    List<Instance> services() {
        return Component.services().stream()
                .flatMap(service -> instancesOf(service).stream())
                .toList();
    }

    /** The gateway processes; the first is the one {@link #gatewayPort()} names. */
    List<Instance> gateways() {
        return instancesOf(Component.GATEWAY);
    }

    private List<Instance> instancesOf(Component component) {
        return IntStream.rangeClosed(1, instances)
                .mapToObj(number -> Instance.of(component, number, portOf(component)))
                .toList();
    }

    /** Every port the stack listens on, by the process that uses it. */
    Map<String, Integer> ports() {
        Map<String, Integer> ports = new LinkedHashMap<>();
        gateways().forEach(gateway -> ports.put(gateway.name(), gateway.port()));
        services().forEach(service -> ports.put(service.name(), service.port()));
        ports.putAll(kafkaNodes().ports());
        ports.put("postgres", pgPort);
        if (tracing) {
            ports.put("zipkin", zipkinPort);
        }
        return ports;
    }

    private void checkPortsDiffer() {
        if (KafkaBrokerCommand.controllerPort(kafkaPort) > 65535) {
            throw new IllegalArgumentException("the Kafka port must be below 65535: the controller uses the next one");
        }
        Map<Integer, String> seen = new LinkedHashMap<>();
        ports().forEach((name, port) -> {
            if (port > 65535) {
                throw new IllegalArgumentException(name + " would listen on port " + port
                        + ", above 65535: choose lower ports or fewer instances");
            }
            String other = seen.putIfAbsent(port, name);
            if (other != null) {
                throw new IllegalArgumentException(other + " and " + name + " would both use port " + port);
            }
        });
    }

    private static List<String> words(String text) {
        return Arrays.stream(text.trim().split("\\s+"))
                .filter(word -> !word.isEmpty())
                .toList();
    }

    /** Looks an option up as a flag first, then as an environment variable. */
    private record Lookup(Map<String, String> flags, Map<String, String> env) {

        String value(String flag, String variable) {
            String value = flags.get(flag);
            if (value == null) {
                value = env.get(variable);
                if (value != null && value.isBlank()) {
                    value = null; // an exported but empty variable means "not set"
                }
            }
            return value;
        }

        String source(String flag, String variable) {
            return flags.containsKey(flag) ? "--" + flag : variable;
        }

        /** A count given by the flag or variable, 1 when neither is; {@code what} names an allowed one in the error. */
        int count(String flag, String variable, IntPredicate allowed, String what) {
            String value = value(flag, variable);
            if (value == null) {
                return 1;
            }
            try {
                int count = Integer.parseInt(value.trim());
                if (allowed.test(count)) {
                    return count;
                }
            } catch (NumberFormatException e) {
                // fall through to the common message
            }
            throw new IllegalArgumentException(source(flag, variable) + ": '" + value + "' is not " + what);
        }

        int port(String flag, String variable, int defaultPort) {
            String value = value(flag, variable);
            return value == null ? defaultPort : Options.port(source(flag, variable), value);
        }
    }
}
