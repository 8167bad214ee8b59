package dailyfeed.launcher;

import static dailyfeed.launcher.Component.ACTIVITY_SERVICE;
import static dailyfeed.launcher.Component.GATEWAY;
import static dailyfeed.launcher.Component.MEMBER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTests {

    private static ChildEnvironment environment(String... args) {
        return ChildEnvironment.of(LauncherSettings.parse(List.of(args), Map.of(), Path.of("/opt/dailyfeed")));
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
