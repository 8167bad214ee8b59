package dailyfeed.launcher;

import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LauncherSettingsTests {

    private static final Path HOME = Path.of("/opt/dailyfeed");

    private static LauncherSettings parse(List<String> args, Map<String, String> env) {
        return LauncherSettings.parse(args, env, HOME);
    }

    @Test
    void withoutFlagsOrEnvironmentUsesTheDocumentedDefaults() {
        LauncherSettings settings = parse(List.of(), Map.of());

        assertThat(settings.home()).isEqualTo(HOME);
        assertThat(settings.dataDir()).isEqualTo(HOME.resolve(".data"));
        assertThat(settings.gatewayPort()).isEqualTo(8080);
        assertThat(settings.memberPort()).isEqualTo(8081);
        assertThat(settings.contentPort()).isEqualTo(8082);
        assertThat(settings.activityPort()).isEqualTo(8083);
        assertThat(settings.kafkaPort()).isEqualTo(9092);
        assertThat(settings.kafkaControllerPort()).isEqualTo(9093);
        assertThat(settings.pgPort()).isEqualTo(15432);
        assertThat(settings.reset()).isFalse();
        assertThat(settings.demo()).isFalse();
        assertThat(settings.serviceJavaOpts()).containsExactly("-Xmx256m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1");
        assertThat(settings.kafkaJavaOpts()).containsExactly("-Xmx384m", "-XX:+UseSerialGC");
        assertThat(settings.readyTimeout()).isEqualTo(Duration.ofSeconds(120));
    }

    @Test
    void readsEveryValueFromTheEnvironment() {
        LauncherSettings settings = parse(List.of(), Map.of(
                "DAILYFEED_PORT", "9080",
                "DAILYFEED_DATA_DIR", "/var/dailyfeed",
                "DAILYFEED_MEMBER_PORT", "9081",
                "DAILYFEED_CONTENT_PORT", "9082",
                "DAILYFEED_ACTIVITY_PORT", "9083",
                "DAILYFEED_KAFKA_PORT", "19092",
                "DAILYFEED_PG_PORT", "25432",
                "DAILYFEED_JAVA_OPTS", " -Xmx512m   -Dx=y ",
                "DAILYFEED_KAFKA_JAVA_OPTS", "-Xmx1g",
                "DAILYFEED_READY_TIMEOUT", "30"));

        assertThat(settings.gatewayPort()).isEqualTo(9080);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/var/dailyfeed"));
        assertThat(settings.memberPort()).isEqualTo(9081);
        assertThat(settings.contentPort()).isEqualTo(9082);
        assertThat(settings.activityPort()).isEqualTo(9083);
        assertThat(settings.kafkaPort()).isEqualTo(19092);
        assertThat(settings.pgPort()).isEqualTo(25432);
        assertThat(settings.serviceJavaOpts()).containsExactly("-Xmx512m", "-Dx=y");
        assertThat(settings.kafkaJavaOpts()).containsExactly("-Xmx1g");
        assertThat(settings.readyTimeout()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void flagsOverrideTheEnvironment() {
        LauncherSettings settings = parse(
                List.of("--port", "7000", "--data-dir", "/srv/feed", "--kafka-port=7092", "--reset", "--demo"),
                Map.of("DAILYFEED_PORT", "9080", "DAILYFEED_DATA_DIR", "/var/dailyfeed", "DAILYFEED_KAFKA_PORT", "19092"));

        assertThat(settings.gatewayPort()).isEqualTo(7000);
        assertThat(settings.dataDir()).isEqualTo(Path.of("/srv/feed"));
        assertThat(settings.kafkaPort()).isEqualTo(7092);
        assertThat(settings.reset()).isTrue();
        assertThat(settings.demo()).isTrue();
    }

    @Test
    void aRelativeDataDirIsRelativeToTheCurrentDirectory() {
        LauncherSettings settings = parse(List.of("--data-dir", "mydata"), Map.of());

        assertThat(settings.dataDir()).isEqualTo(Path.of("mydata").toAbsolutePath().normalize());
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
}
