package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KafkaBrokerCommandTests {

    private static final Path DATA = Path.of("/tmp/kafka-data");

    @Test
    void namesTheBrokersMainClassBySpelling() {
        assertThat(KafkaBrokerCommand.MAIN_CLASS).isEqualTo(KafkaBroker.class.getName());
    }

    @Test
    void fromTheExecJarTheBootLoaderStartsTheBroker() {
        List<String> command = KafkaBrokerCommand.alone(9092, DATA)
                .withJavaOptions(List.of("-Xmx384m"))
                .fromExecJar(Path.of("/opt/launcher-exec.jar"));

        assertThat(command.get(0)).isEqualTo(JavaCommand.executable());
        assertThat(command)
                .containsSubsequence(
                        "-Xmx384m",
                        "-Ddailyfeed.component=kafka",
                        "-Dloader.main=dailyfeed.launcher.KafkaBroker",
                        "-cp",
                        "/opt/launcher-exec.jar",
                        "org.springframework.boot.loader.launch.PropertiesLauncher",
                        "--port",
                        "9092",
                        "--data-dir",
                        DATA.toString());
        assertThat(command).doesNotContain("--node-id");
    }

    @Test
    void fromItsStartUpCacheTheCachesArgumentsStartTheBroker() {
        List<String> command = KafkaBrokerCommand.alone(9092, DATA)
                .withJavaOptions(List.of("-Xmx384m"))
                .fromLaunchArguments(List.of("-XX:AOTCache=/c/app.aot", "-jar", "/c/application.jar"));

        assertThat(command)
                .containsExactly(
                        JavaCommand.executable(),
                        "-Xmx384m",
                        "-Ddailyfeed.component=kafka",
                        "-XX:AOTCache=/c/app.aot",
                        "-jar",
                        "/c/application.jar",
                        "--port",
                        "9092",
                        "--data-dir",
                        DATA.toString());
    }

    @Test
    void fromAClassPathTheBrokerClassIsTheMain() {
        List<String> command =
                KafkaBrokerCommand.alone(9092, DATA).named("outage-kafka").fromClassPath("a.jar:b.jar");

        assertThat(command)
                .containsSubsequence(
                        "-Ddailyfeed.component=outage-kafka",
                        "-cp",
                        "a.jar:b.jar",
                        "dailyfeed.launcher.KafkaBroker",
                        "--port",
                        "9092");
    }

    @Test
    void aNodeOfAClusterNamesEveryNodesControllerAsAVoter() {
        List<String> command = KafkaBrokerCommand.alone(41000, DATA)
                .asNode(2, Map.of(1, 40000, 2, 41000))
                .fromClassPath("x.jar");

        assertThat(command).containsSubsequence("--node-id", "2", "--voters");
        String voters = command.get(command.indexOf("--voters") + 1);
        assertThat(voters.split(",")).containsExactlyInAnyOrder("1@127.0.0.1:40001", "2@127.0.0.1:41001");
    }
}
