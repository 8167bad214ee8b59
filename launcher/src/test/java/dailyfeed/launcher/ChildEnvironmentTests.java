package dailyfeed.launcher;

import static dailyfeed.launcher.Component.ACTIVITY_SERVICE;
import static dailyfeed.launcher.Component.CONTENT_SERVICE;
import static dailyfeed.launcher.Component.GATEWAY;
import static dailyfeed.launcher.Component.MEMBER_SERVICE;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ChildEnvironmentTests {

    private static final LauncherSecrets SECRETS = new LauncherSecrets(Map.of(
            "DAILYFEED_SERVICE_CLIENT_ID", "dailyfeed-service",
            "DAILYFEED_SERVICE_CLIENT_SECRET", "registration-secret",
            "DAILYFEED_OPERATIONS_CLIENT_ID", "dailyfeed-operations",
            "DAILYFEED_OPERATIONS_CLIENT_SECRET", "operations-secret",
            "DAILYFEED_SIGNING_KEY_PASSWORD", "signing-key-password",
            "db.postgres.password", "superuser-password",
            "db.member_service.password", "member-password",
            "db.content_service.password", "content-password",
            "db.activity_service.password", "activity-password"));

    private static ChildEnvironment environment(String... args) {
        return ChildEnvironment.of(LauncherSettings.parse(List.of(args), Map.of(), Path.of("/opt/dailyfeed")), SECRETS);
    }

    @Test
    void aServiceGetsItsPortItsOwnDatabaseTheBrokerAndTheOtherServices() {
        Map<String, String> env = environment().of(MEMBER_SERVICE, 8081);

        assertThat(env)
                .containsEntry("PORT", "8081")
                .containsEntry("DB_URL", "jdbc:postgresql://localhost:15432/member")
                .containsEntry("DB_USERNAME", "member_service")
                .containsEntry("DB_PASSWORD", "member-password")
                .containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092")
                .containsEntry("MEMBER_SERVICE_URL", "http://localhost:8081")
                .containsEntry("CONTENT_SERVICE_URL", "http://localhost:8082")
                .containsEntry("ACTIVITY_SERVICE_URL", "http://localhost:8083")
                .containsEntry("DAILYFEED_ISSUER", "http://localhost:8080");
    }

    @Test
    void onlyMemberServiceGetsTheClientSecretsAndTheSigningKeyPassword() {
        assertThat(environment().of(MEMBER_SERVICE, 8081))
                .containsEntry("DAILYFEED_SERVICE_CLIENT_SECRET", "registration-secret")
                .containsEntry("DAILYFEED_OPERATIONS_CLIENT_ID", "dailyfeed-operations")
                .containsEntry("DAILYFEED_OPERATIONS_CLIENT_SECRET", "operations-secret")
                .containsEntry("DAILYFEED_SIGNING_KEY_PASSWORD", "signing-key-password");
        assertThat(environment().of(ACTIVITY_SERVICE, 8083))
                .containsEntry("DB_USERNAME", "activity_service")
                .containsEntry("DB_PASSWORD", "activity-password")
                .doesNotContainKeys("DAILYFEED_SERVICE_CLIENT_SECRET", "DAILYFEED_SIGNING_KEY_PASSWORD")
                .doesNotContainValue("superuser-password");
        assertThat(environment().of(GATEWAY, 8080))
                .doesNotContainKeys("DAILYFEED_SERVICE_CLIENT_SECRET", "DAILYFEED_OPERATIONS_CLIENT_SECRET");
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
    void everyInstanceOfEachServiceIsListedForTheGatewaysToBalanceOver() {
        Map<String, String> env = environment("--instances", "2").of(GATEWAY, 8180);

        assertThat(env)
                .containsEntry("ACTIVITY_SERVICE_URL", "http://localhost:8083,http://localhost:8183")
                .containsEntry("CONTENT_SERVICE_URL", "http://localhost:8082,http://localhost:8182")
                .containsEntry("MEMBER_SERVICE_URL", "http://localhost:8081,http://localhost:8181");
    }

    @Test
    void theServicesBootstrapFromEveryBrokerOfACluster() {
        Map<String, String> env = environment("--brokers", "3").of(CONTENT_SERVICE, 8082);

        assertThat(env).containsEntry("KAFKA_BOOTSTRAP_SERVERS", "127.0.0.1:9092,127.0.0.1:9192,127.0.0.1:9292");
    }

    @Test
    void theDemoFlagStaysWithTheLauncher() {
        // the services never read it: --demo loads data through the gateway's public API
        assertThat(environment("--demo").of(ACTIVITY_SERVICE, 8083)).doesNotContainKey("DAILYFEED_DEMO");
    }
}
