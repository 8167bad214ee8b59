package dailyfeed.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.LaunchedSecrets;
import dailyfeed.harness.RunningDailyfeed;
import dailyfeed.harness.ServiceClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Issue 13, points 1 and 3: no published secret opens anything, each service client has one scope, the generated
 * secrets are the owner's alone, and each service's database role reaches its own database only.
 */
@Order(3)
class SecretsAndRolesIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = new RunningDailyfeed();

    static GatewayClient gateway;
    static LaunchedSecrets secrets;

    @BeforeAll
    static void connect() {
        gateway = Recorded.gateway(dailyfeed.baseUrl());
        secrets = dailyfeed.secrets();
    }

    @Test
    void eachServiceClientGetsItsOwnScopeAndNoOther() {
        ServiceClient registration = secrets.registrationClient();
        ServiceClient operations = secrets.operationsClient();
        assertThat(registration.id()).isNotEqualTo(operations.id());

        assertThat(token(registration, "activities.write").status()).isEqualTo(200);
        assertThat(token(operations, "operations").status()).isEqualTo(200);
        for (Answer refused : List.of(
                token(registration, "operations"),
                token(operations, "activities.write"),
                token(registration, "activities.write operations"))) {
            assertThat(refused.status()).as("%s", refused).isEqualTo(400);
            assertThat(refused.json().path("error").asString()).isEqualTo("invalid_scope");
            assertThat(refused.body()).doesNotContain("access_token");
        }
    }

    @Test
    void theSecretEarlierVersionsPublishedOpensNoClient() {
        for (ServiceClient published : List.of(
                new ServiceClient(secrets.registrationClient().id(), Credentials.PUBLISHED_SECRET),
                new ServiceClient(secrets.operationsClient().id(), Credentials.PUBLISHED_SECRET))) {
            Answer answer = token(published, "activities.write");
            assertThat(answer.status()).as("%s", answer).isEqualTo(401);
            assertThat(answer.body()).doesNotContain("access_token");
        }
    }

    @Test
    void theSecretsFileIsReadableByItsOwnerOnly() throws Exception {
        assumeTrue(dailyfeed.dataDir().isPresent(), "needs the data folder of a system this run started");
        Path file = secrets.file();
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(Files.readString(file)).doesNotContain(Credentials.PUBLISHED_SECRET);
    }

    @Test
    void aServiceRoleReachesItsOwnDatabaseOnlyAndIsNoSuperuser() throws Exception {
        assumeTrue(dailyfeed.jdbcUrl("member").isPresent(), "needs the database of a system this run started");
        String member = dailyfeed.jdbcUrl("member").orElseThrow();

        // content-service's login, stolen, does not open member-service's database and its signing keys
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> DriverManager.getConnection(
                                member, LaunchedSecrets.roleOf("content"), secrets.rolePassword("content"))
                        .close())
                .withMessageContaining("permission denied for database \"member\"");
        // the defaults of earlier versions open nothing
        assertThatExceptionOfType(SQLException.class)
                .isThrownBy(() -> DriverManager.getConnection(member, "postgres", "postgres")
                        .close())
                .withMessageContaining("password authentication failed");

        try (Connection own = DriverManager.getConnection(
                        member, LaunchedSecrets.roleOf("member"), secrets.rolePassword("member"));
                Statement statement = own.createStatement();
                ResultSet role = statement.executeQuery("SELECT rolsuper, rolcreatedb, rolcreaterole, "
                        + "(SELECT count(*) FROM pg_tables WHERE schemaname = 'public' AND tableowner <> current_user)"
                        + " FROM pg_roles WHERE rolname = current_user")) {
            assertThat(role.next()).isTrue();
            assertThat(role.getBoolean("rolsuper")).isFalse();
            assertThat(role.getBoolean("rolcreatedb")).isFalse();
            assertThat(role.getBoolean("rolcreaterole")).isFalse();
            assertThat(role.getLong(4))
                    .as("tables of member not owned by member_service")
                    .isZero();
        }
    }

    private static Answer token(ServiceClient client, String scope) {
        Answer answer = gateway.tokenRequest(client, scope.replace(" ", "%20"));
        Figures.hand("POST /oauth2/token (secrets)", answer);
        return answer;
    }
}
