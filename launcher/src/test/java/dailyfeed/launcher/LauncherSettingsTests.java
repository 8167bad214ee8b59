package dailyfeed.launcher;

import static dailyfeed.launcher.Component.ACTIVITY_SERVICE;
import static dailyfeed.launcher.Component.CONTENT_SERVICE;
import static dailyfeed.launcher.Component.GATEWAY;
import static dailyfeed.launcher.Component.MEMBER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class LauncherSettingsTests {

    private static final Path HOME = Path.of("/opt/dailyfeed");

    private static final Runtime.Version JAVA_17 = Runtime.Version.parse("17.0.15");
    private static final Runtime.Version JAVA_25 = Runtime.Version.parse("25.0.3");

    /** The services' documented defaults (README, docs/operating.md): C2 later, and out on a full heap. */
    private static final List<String> SERVICE_DEFAULTS = List.of(
            "-XX:+ExitOnOutOfMemoryError",
            "-XX:Tier4InvocationThreshold=50000",
            "-XX:Tier4MinInvocationThreshold=6000",
            "-XX:Tier4CompileThreshold=150000",
            "-XX:Tier4BackEdgeThreshold=400000");

    private static final List<String> SERVICE_DEFAULTS_TRIMMED = Stream.concat(
                    SERVICE_DEFAULTS.stream(), Stream.of("-XX:TrimNativeHeapInterval=5000"))
            .toList();

    private static LauncherSettings parse(List<String> args, Map<String, String> env) {
        return LauncherSettings.parse(args, env, HOME, JAVA_17);
    }

    @Test
    void onJava25TheServicesStartFromTheirCachesWithBothCompilersAndGiveBackFreedNativeMemory() {
        LauncherSettings settings = LauncherSettings.parse(List.of(), Map.of(), HOME, JAVA_25);

        assertThat(settings.aotCache()).isTrue();
        assertThat(settings.serviceJavaOpts()).containsExactlyElementsOf(SERVICE_DEFAULTS_TRIMMED);
        assertThat(settings.kafkaJavaOpts())
                .containsExactly("-Xmx384m", "-XX:+UseSerialGC", "-XX:TrimNativeHeapInterval=5000");
    }

    @Test
    void theJvmTheServicesRunOnAcceptsTheirDefaultOptions() throws Exception {
        List<String> command = new ArrayList<>(List.of(JavaCommand.executable()));
        command.addAll(LauncherSettings.parse(List.of(), Map.of(), HOME, Runtime.version())
                .serviceJavaOpts());
        command.add("-version");
        Process java = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(java.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // a misspelt or withdrawn -XX option stops the JVM before it runs anything
        assertThat(java.waitFor()).as(output).isZero();
    }

    @Test
    void aJvmWithoutTheTrimOptionIsNotGivenIt() {
        for (String version : List.of("17.0.8", "18.0.2", "20.0.2", "21")) {
            LauncherSettings settings =
                    LauncherSettings.parse(List.of(), Map.of(), HOME, Runtime.Version.parse(version));

            assertThat(settings.serviceJavaOpts()).as(version).containsExactlyElementsOf(SERVICE_DEFAULTS);
            assertThat(settings.kafkaJavaOpts()).as(version).containsExactly("-Xmx384m", "-XX:+UseSerialGC");
        }
        for (String version : List.of("17.0.9", "21.0.1", "22", "25.0.3")) {
            assertThat(LauncherSettings.parse(List.of(), Map.of(), HOME, Runtime.Version.parse(version))
                            .serviceJavaOpts())
                    .as(version)
                    .contains("-XX:TrimNativeHeapInterval=5000");
        }
    }

    @Test
    void beforeJava25OrWithTheCacheTurnedOffTheServicesStartWithoutACache() {
        LauncherSettings onJava17 = parse(List.of(), Map.of());
        LauncherSettings turnedOff =
                LauncherSettings.parse(List.of(), Map.of("DAILYFEED_AOT_CACHE", "off"), HOME, JAVA_25);

        for (LauncherSettings settings : List.of(onJava17, turnedOff)) {
            assertThat(settings.aotCache()).isFalse();
            assertThat(settings.serviceJavaOpts()).containsExactlyElementsOf(SERVICE_DEFAULTS_TRIMMED);
        }
    }

    @Test
    void optionsOfTheUserReplaceTheDefaultsOnEveryJava() {
        LauncherSettings settings =
                LauncherSettings.parse(List.of(), Map.of("DAILYFEED_JAVA_OPTS", "-Xss512k"), HOME, JAVA_25);

        assertThat(settings.aotCache()).isTrue();
        assertThat(settings.serviceJavaOpts()).containsExactly("-Xss512k");
    }

    @Test
    void withoutFlagsOrEnvironmentUsesTheDocumentedDefaults() {
        LauncherSettings settings = parse(List.of(), Map.of());

        assertThat(settings.home()).isEqualTo(HOME);
        assertThat(settings.dataDir()).isEqualTo(HOME.resolve(".data"));
        assertThat(settings.gatewayPort()).isEqualTo(8080);
        assertThat(settings.portOf(MEMBER_SERVICE)).isEqualTo(8081);
        assertThat(settings.portOf(CONTENT_SERVICE)).isEqualTo(8082);
        assertThat(settings.portOf(ACTIVITY_SERVICE)).isEqualTo(8083);
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.kafkaNodes().count()).isEqualTo(1);
        assertThat(settings.ports()).containsEntry("kafka", 9092).containsEntry("kafka controller", 9093);
        assertThat(settings.pgPort()).isEqualTo(15432);
        assertThat(settings.reset()).isFalse();
        assertThat(settings.demo()).isFalse();
        assertThat(settings.serviceJavaOpts()).containsExactlyElementsOf(SERVICE_DEFAULTS_TRIMMED);
        assertThat(settings.jvmOptionsOf(GATEWAY))
                .containsSubsequence("-Xmx2g", "-XX:+UseG1GC", "-XX:+ExitOnOutOfMemoryError");
        assertThat(settings.jvmOptionsOf(MEMBER_SERVICE)).containsSubsequence("-Xmx256m", "-XX:+UseSerialGC");
        assertThat(settings.kafkaJavaOpts())
                .containsExactly("-Xmx384m", "-XX:+UseSerialGC", "-XX:TrimNativeHeapInterval=5000");
        assertThat(settings.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
        assertThat(settings.instances()).isEqualTo(1);
        assertThat(settings.gateways()).containsExactly(new Instance(GATEWAY, 1, 8080));
        assertThat(settings.services())
                .containsExactly(
                        new Instance(MEMBER_SERVICE, 1, 8081),
                        new Instance(CONTENT_SERVICE, 1, 8082),
                        new Instance(ACTIVITY_SERVICE, 1, 8083));
    }

    @Test
    void readsEveryValueFromTheEnvironment() {
        LauncherSettings settings = parse(
                List.of(),
                Map.ofEntries(
                        Map.entry("DAILYFEED_PORT", "9080"),
                        Map.entry("DAILYFEED_DATA_DIR", "/var/dailyfeed"),
                        Map.entry("DAILYFEED_MEMBER_PORT", "9081"),
                        Map.entry("DAILYFEED_CONTENT_PORT", "9082"),
                        Map.entry("DAILYFEED_ACTIVITY_PORT", "9083"),
                        Map.entry("DAILYFEED_KAFKA_PORT", "19092"),
                        Map.entry("DAILYFEED_PG_PORT", "25432"),
                        Map.entry("DAILYFEED_JAVA_OPTS", " -Xmx512m   -Dx=y "),
                        Map.entry("DAILYFEED_KAFKA_JAVA_OPTS", "-Xmx1g"),
                        Map.entry("DAILYFEED_READY_TIMEOUT", "30"),
                        Map.entry("DAILYFEED_INSTANCES", "3")));

        assertThat(settings.gatewayPort()).isEqualTo(9080);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/var/dailyfeed"));
        assertThat(settings.portOf(MEMBER_SERVICE)).isEqualTo(9081);
        assertThat(settings.portOf(CONTENT_SERVICE)).isEqualTo(9082);
        assertThat(settings.portOf(ACTIVITY_SERVICE)).isEqualTo(9083);
        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.pgPort()).isEqualTo(25432);
        assertThat(settings.serviceJavaOpts()).containsExactly("-Xmx512m", "-Dx=y");
        assertThat(settings.kafkaJavaOpts()).containsExactly("-Xmx1g");
        assertThat(settings.readyTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.instances()).isEqualTo(3);
    }

    @Test
    void flagsOverrideTheEnvironment() {
        LauncherSettings settings = parse(
                List.of(
                        "--port",
                        "7000",
                        "--data-dir",
                        "/srv/feed",
                        "--kafka-port=7092",
                        "--reset",
                        "--demo",
                        "--instances",
                        "2"),
                Map.of(
                        "DAILYFEED_PORT",
                        "9080",
                        "DAILYFEED_DATA_DIR",
                        "/var/dailyfeed",
                        "DAILYFEED_KAFKA_PORT",
                        "19092",
                        "DAILYFEED_INSTANCES",
                        "4"));

        assertThat(settings.gatewayPort()).isEqualTo(7000);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/feed"));
        assertThat(settings.kafkaPort()).isEqualTo(7092);
        assertThat(settings.reset()).isTrue();
        assertThat(settings.demo()).isTrue();
        assertThat(settings.instances()).isEqualTo(2);
    }

    @Test
    void tracingRunsZipkinOnItsDefaultPortWhichMustBeFree() {
        assertThat(parse(List.of(), Map.of()).tracing()).isFalse();
        assertThat(parse(List.of(), Map.of()).ports()).doesNotContainKey("zipkin");

        LauncherSettings byFlag = parse(List.of("--tracing"), Map.of());
        LauncherSettings byVariable = parse(List.of(), Map.of("DAILYFEED_TRACING", "true"));

        assertThat(byFlag.tracing()).isTrue();
        assertThat(byVariable.tracing()).isTrue();
        assertThat(byFlag.ports()).containsEntry("zipkin", 9411);
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--tracing", "--port", "9411"), Map.of()))
                .withMessageContaining("9411");
    }

    @Test
    void zipkinsPortIsASettingAndTheServicesSendTheirSpansThere() {
        LauncherSettings byFlag = parse(List.of("--tracing", "--zipkin-port", "19411"), Map.of());
        LauncherSettings byVariable = parse(List.of("--tracing"), Map.of("DAILYFEED_ZIPKIN_PORT", "19412"));

        assertThat(byFlag.ports()).containsEntry("zipkin", 19411);
        assertThat(byVariable.ports()).containsEntry("zipkin", 19412);
        assertThat(byFlag.zipkin().clientEnvironment())
                .containsEntry("DAILYFEED_TRACING_ENDPOINT", "http://localhost:19411/api/v2/spans")
                .containsEntry("DAILYFEED_TRACING_PROTOCOL", "zipkin");
        assertThat(byFlag.zipkin().environment()).containsEntry("QUERY_PORT", "19411");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--tracing", "--zipkin-port", "8080"), Map.of()))
                .withMessageContaining("8080");
    }

    @Test
    void aRelativeDataDirIsRelativeToTheCurrentDirectory() {
        LauncherSettings settings = parse(List.of("--data-dir", "mydata"), Map.of());

        assertThat(settings.dataDir())
                .isEqualTo(Path.of("mydata").toAbsolutePath().normalize());
    }

    @Test
    void anEmptyVariableCountsAsUnset() {
        LauncherSettings settings = parse(List.of(), Map.of("DAILYFEED_PORT", "", "DAILYFEED_DATA_DIR", " "));

        assertThat(settings.gatewayPort()).isEqualTo(8080);
        assertThat(settings.dataDir()).isEqualTo(HOME.resolve(".data"));
    }

    @Test
    void anUnknownFlagIsNamedInTheError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--prot", "9000"), Map.of()))
                .withMessage("unknown option '--prot'");
    }

    @Test
    void aStrayArgumentIsNamedInTheError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("fast"), Map.of()))
                .withMessage("unexpected argument 'fast'");
    }

    @Test
    void aFlagWithoutItsValueIsAnError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--port"), Map.of()))
                .withMessage("option --port needs a value");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--data-dir", "--reset"), Map.of()))
                .withMessage("option --data-dir needs a value");
    }

    @Test
    void aBooleanFlagTakesNoValue() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--reset=yes"), Map.of()))
                .withMessage("option --reset takes no value");
    }

    @Test
    void aBadPortNamesWhereItCameFrom() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--port", "http"), Map.of()))
                .withMessage("--port: 'http' is not a port number (1-65535)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of(), Map.of("DAILYFEED_PG_PORT", "70000")))
                .withMessage("DAILYFEED_PG_PORT: '70000' is not a port number (1-65535)");
    }

    @Test
    void twoComponentsCannotShareAPort() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--port", "8081"), Map.of()))
                .withMessage("gateway and member-service would both use port 8081");
        // the KRaft controller listens on the Kafka port + 1
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--kafka-port", "8079"), Map.of()))
                .withMessage("gateway and kafka controller would both use port 8080");
    }

    @Test
    void aBadTimeoutIsAnError() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--timeout", "soon"), Map.of()))
                .withMessage("--timeout: 'soon' is not a number of seconds");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--timeout", "0"), Map.of()))
                .withMessage("the startup timeout must be positive, got 0");
    }

    @Test
    void instanceKOfEveryComponentListensAHundredPerInstanceAboveTheFirst() {
        LauncherSettings settings = parse(List.of("--instances", "3"), Map.of());

        assertThat(settings.gateways())
                .containsExactly(
                        new Instance(GATEWAY, 1, 8080), new Instance(GATEWAY, 2, 8180), new Instance(GATEWAY, 3, 8280));
        assertThat(settings.services())
                .containsExactly(
                        new Instance(MEMBER_SERVICE, 1, 8081),
                        new Instance(MEMBER_SERVICE, 2, 8181),
                        new Instance(MEMBER_SERVICE, 3, 8281),
                        new Instance(CONTENT_SERVICE, 1, 8082),
                        new Instance(CONTENT_SERVICE, 2, 8182),
                        new Instance(CONTENT_SERVICE, 3, 8282),
                        new Instance(ACTIVITY_SERVICE, 1, 8083),
                        new Instance(ACTIVITY_SERVICE, 2, 8183),
                        new Instance(ACTIVITY_SERVICE, 3, 8283));
        assertThat(settings.ports())
                .containsEntry("gateway-3", 8280)
                .containsEntry("member-service-2", 8181)
                .containsEntry("content-service-3", 8282)
                .containsEntry("activity-service-2", 8183);
    }

    @Test
    void eachFurtherInstanceGivesTheStartAMinuteMoreUnlessATimeoutIsGiven() {
        assertThat(parse(List.of("--instances", "2"), Map.of()).readyTimeout()).isEqualTo(Duration.ofSeconds(180));
        assertThat(parse(List.of("--instances", "3"), Map.of()).readyTimeout()).isEqualTo(Duration.ofSeconds(240));
        assertThat(parse(List.of("--instances", "3", "--timeout", "50"), Map.of())
                        .readyTimeout())
                .isEqualTo(Duration.ofSeconds(50));
    }

    @Test
    void threeBrokersFormAClusterOnTheKafkaPortAndAHundredPerNodeAbove() {
        LauncherSettings settings = parse(List.of("--brokers", "3", "--kafka-port", "9092"), Map.of());

        KafkaNodes nodes = settings.kafkaNodes();
        assertThat(nodes.ids()).containsExactly(1, 2, 3);
        assertThat(nodes.bootstrapServers()).isEqualTo("127.0.0.1:9092,127.0.0.1:9192,127.0.0.1:9292");
        assertThat(settings.ports())
                .containsEntry("kafka", 9092)
                .containsEntry("kafka controller", 9093)
                .containsEntry("kafka-2", 9192)
                .containsEntry("kafka-2 controller", 9193)
                .containsEntry("kafka-3", 9292)
                .containsEntry("kafka-3 controller", 9293);
        assertThat(nodes.command(2, Path.of("/data/kafka-2")).nodeArguments())
                .containsExactly("--node-id", "2", "--voters", "1@127.0.0.1:9093,2@127.0.0.1:9193,3@127.0.0.1:9293");
        assertThat(nodes.command(3, Path.of("/data/kafka-3")).processName()).isEqualTo("kafka-3");
        assertThat(parse(List.of(), Map.of("DAILYFEED_BROKERS", "3"))
                        .kafkaNodes()
                        .count())
                .isEqualTo(3);
    }

    @Test
    void aBrokerAloneRunsWithoutClusterArguments() {
        KafkaNodes nodes = parse(List.of(), Map.of()).kafkaNodes();

        assertThat(nodes.bootstrapServers()).isEqualTo("127.0.0.1:9092");
        assertThat(nodes.command(1, Path.of("/data/kafka")).nodeArguments()).isEmpty();
    }

    @Test
    void theNumberOfBrokersMakesAQuorum() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--brokers", "2"), Map.of()))
                .withMessage("--brokers: '2' is not a number of brokers: 1, or 3 or 5 for a cluster"
                        + " (a quorum needs a majority)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of(), Map.of("DAILYFEED_BROKERS", "many")))
                .withMessageStartingWith("DAILYFEED_BROKERS: 'many'");
    }

    @Test
    void aBrokersPortCannotBeTakenByAnotherComponent() {
        assertThatIllegalArgumentException()
                .isThrownBy(
                        () -> parse(List.of("--brokers", "3", "--kafka-port", "8092", "--pg-port", "8192"), Map.of()))
                .withMessage("kafka-2 and postgres would both use port 8192");
    }

    @Test
    void theFirstInstanceKeepsTheComponentsNameAndTheOthersAreNumbered() {
        assertThat(new Instance(ACTIVITY_SERVICE, 1, 8083).name()).isEqualTo("activity-service");
        assertThat(new Instance(ACTIVITY_SERVICE, 2, 8183).name()).isEqualTo("activity-service-2");
        assertThat(new Instance(GATEWAY, 2, 8180).url()).isEqualTo("http://localhost:8180");
    }

    @Test
    void theNumberOfInstancesIsOneToNine() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--instances", "0"), Map.of()))
                .withMessage("--instances: '0' is not a number of instances (1-9)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--instances", "10"), Map.of()))
                .withMessage("--instances: '10' is not a number of instances (1-9)");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of(), Map.of("DAILYFEED_INSTANCES", "two")))
                .withMessage("DAILYFEED_INSTANCES: 'two' is not a number of instances (1-9)");
    }

    @Test
    void anEmptyInstancesVariableMeansOne() {
        assertThat(parse(List.of(), Map.of("DAILYFEED_INSTANCES", " ")).instances())
                .isEqualTo(1);
    }

    @Test
    void anotherInstancesPortCannotBeTakenByAnotherComponent() {
        // the second gateway would take 8180, where activity-service was asked to listen
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--instances", "2", "--activity-port", "8180"), Map.of()))
                .withMessage("gateway-2 and activity-service would both use port 8180");
    }

    @Test
    void anInstancesPortMustExist() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> parse(List.of("--instances", "2", "--port", "65500"), Map.of()))
                .withMessage(
                        "gateway-2 would listen on port 65600, above 65535: choose lower ports or fewer instances");
    }
}
