package dailyfeed.launcher;

import static dailyfeed.launcher.Component.ACTIVITY_SERVICE;
import static dailyfeed.launcher.Component.CONTENT_SERVICE;
import static dailyfeed.launcher.Component.GATEWAY;
import static dailyfeed.launcher.Component.MEMBER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildEnvironmentTests {

    @TempDir
    static Path dataDir;

    private static ChildEnvironment environment(String... args) {
        List<String> withData = new ArrayList<>(List.of(args));
        withData.addAll(List.of("--data-dir", dataDir.toString()));
        return ChildEnvironment.of(LauncherSettings.parse(withData, Map.of(), Path.of("/opt/dailyfeed")));
    }

    @Test
    void aServiceGetsItsPortItsOwnDatabaseTheBrokerAndTheOtherServices() {
        Map<String, String> env = environment().of(MEMBER_SERVICE, 8081);

        assertThat(env)
                .containsEntry("PORT", "8081")
                .containsEntry("DB_URL", "jdbc:postgresql://localhost:15432/member")
                .containsEntry("DB_USERNAME", "postgres")
                .containsEntry("DB_PASSWORD", "postgres")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
                .containsEntry("MEMBER_SERVICE_URL", "http://localhost:8081")
                .containsEntry("CONTENT_SERVICE_URL", "http://localhost:8082")
                .containsEntry("ACTIVITY_SERVICE_URL", "http://localhost:8083")
                .containsEntry("DAILYFEED_ISSUER", "http://localhost:8080");
    }

    @Test
    void memberServiceGetsASigningKeyPasswordKeptInTheDataFolderForTheNextStart() throws Exception {
        String password = environment().of(MEMBER_SERVICE, 8081).get("DAILYFEED_SIGNING_KEY_PASSWORD");

        assertThat(password).hasSizeGreaterThanOrEqualTo(40);
        assertThat(environment().of(MEMBER_SERVICE, 8181)).containsEntry("DAILYFEED_SIGNING_KEY_PASSWORD", password);
        assertThat(Files.getPosixFilePermissions(dataDir.resolve("signing-key-password")))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(environment().of(CONTENT_SERVICE, 8082)).doesNotContainKey("DAILYFEED_SIGNING_KEY_PASSWORD");
    }

    @Test
    void theGatewayGetsNoDatabaseAndNoBroker() {
        Map<String, String> env = environment("--port", "9000").of(GATEWAY, 9100);

        assertThat(env)
                .containsEntry("PORT", "9100")
                .containsEntry("DAILYFEED_ISSUER", "http://localhost:9000")
                .containsKey("ACTIVITY_SERVICE_URL")
                .doesNotContainKeys("DB_URL", "DB_USERNAME", "DB_PASSWORD", "KAFKA_BOOTSTRAP_SERVERS");
    }

    @Test
    void everyInstanceOfAScaledServiceIsListedForTheGatewaysToBalanceOver() {
        Map<String, String> env = environment("--instances", "2").of(GATEWAY, 8180);

        assertThat(env)
                .containsEntry("ACTIVITY_SERVICE_URL", "http://localhost:8083,http://localhost:8183")
                .containsEntry("MEMBER_SERVICE_URL", "http://localhost:8081");
    }

    @Test
    void theDemoFlagStaysWithTheLauncher() {
        // the services never read it: --demo loads data through the gateway's public API
        assertThat(environment("--demo").of(ACTIVITY_SERVICE, 8083)).doesNotContainKey("DAILYFEED_DEMO");
    }
}
