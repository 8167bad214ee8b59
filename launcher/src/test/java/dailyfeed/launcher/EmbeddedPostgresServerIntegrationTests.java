package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

import dailyfeed.harness.FreePorts;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerIntegrationTests {

    @TempDir
    Path tempDir;

    private Redirect log() {
        return Redirect.appendTo(tempDir.resolve("postgres.log").toFile());
    }

    private EmbeddedPostgresServer start(Path dataDir, int port, LauncherSecrets secrets) throws Exception {
        return EmbeddedPostgresServer.start(dataDir, port, log(), EmbeddedPostgresServer.logins(secrets));
    }

    @Test
    void keepsTablesAndRowsAcrossARestartOnTheSameFolder() throws Exception {
        Path dataDir = tempDir.resolve("postgres");
        LauncherSecrets secrets = LauncherSecrets.loadOrCreate(tempDir, Map.of());
        int port = new FreePorts().free();

        try (EmbeddedPostgresServer server = start(dataDir, port, secrets)) {
            try (Connection connection = asRole(server, "content", secrets);
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE posts (id bigint PRIMARY KEY, body text NOT NULL)");
                statement.execute("INSERT INTO posts VALUES (1, 'hello')");
            }
        }

        try (EmbeddedPostgresServer server = start(dataDir, port, secrets)) {
            try (Connection connection = asRole(server, "content", secrets);
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT body FROM posts WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("body")).isEqualTo("hello");
            }
            assertThat(databases(server, secrets)).contains("member", "content", "activity");
        }
    }

    @Test
    void eachServiceRoleOwnsItsDatabaseOnlyAndEveryLoginNeedsItsPassword() throws Exception {
        LauncherSecrets secrets = LauncherSecrets.loadOrCreate(tempDir, Map.of());
        try (EmbeddedPostgresServer server = start(tempDir.resolve("postgres"), new FreePorts().free(), secrets)) {
            try (Connection member = asRole(server, "member", secrets);
                    Statement statement = member.createStatement();
                    ResultSet role = statement.executeQuery(
                            "SELECT rolsuper, rolcreatedb, rolcreaterole FROM pg_roles WHERE rolname = current_user")) {
                assertThat(role.next()).isTrue();
                assertThat(List.of(role.getBoolean(1), role.getBoolean(2), role.getBoolean(3)))
                        .containsOnly(false);
            }
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> DriverManager.getConnection(
                                    server.jdbcUrl("member"), "content_service", secrets.databasePassword("content"))
                            .close())
                    .withMessageContaining("permission denied for database \"member\"");
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("member"), "postgres", "postgres")
                            .close())
                    .withMessageContaining("password authentication failed");
            assertThatExceptionOfType(SQLException.class)
                    .isThrownBy(() -> DriverManager.getConnection(server.jdbcUrl("member"), "member_service", "wrong")
                            .close())
                    .withMessageContaining("password authentication failed");
        }
    }

    /**
     * A folder of the previous version: no passwords, databases and everything in them owned by {@code postgres}, as
     * services that logged in as the superuser left them. The next start hands it all to the service roles, and a
     * service migrating as its role can change what it finds.
     */
    @Test
    void aFolderOfThePreviousVersionIsUpgradedInPlace() throws Exception {
        Path dataDir = tempDir.resolve("postgres");
        int port = new FreePorts().free();
        try (EmbeddedPostgres previous = EmbeddedPostgres.builder()
                        .setDataDirectory(dataDir)
                        .setCleanDataDirectory(false)
                        .setPort(port)
                        .setOutputRedirector(log())
                        .setErrorRedirector(log())
                        .start();
                Connection admin = previous.getPostgresDatabase().getConnection();
                Statement statement = admin.createStatement()) {
            statement.execute("CREATE DATABASE member");
            try (Connection member = previous.getDatabase("postgres", "member").getConnection();
                    Statement inMember = member.createStatement()) {
                inMember.execute("CREATE TABLE flyway_schema_history (installed_rank int PRIMARY KEY, script text)");
                inMember.execute(
                        "CREATE TABLE members (id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, handle text)");
                inMember.execute("CREATE SEQUENCE standalone_numbers");
                inMember.execute("CREATE INDEX members_handle ON members (handle)");
                inMember.execute("CREATE VIEW handles AS SELECT handle FROM members");
                inMember.execute("CREATE FUNCTION shout(text) RETURNS text LANGUAGE sql AS 'SELECT upper($1)'");
                inMember.execute("CREATE TYPE mood AS ENUM ('happy', 'sad')");
                inMember.execute("INSERT INTO members (handle) VALUES ('alice')");
            }
        }

        LauncherSecrets secrets = LauncherSecrets.loadOrCreate(tempDir, Map.of());
        for (int start = 1; start <= 2; start++) { // the second start finds nothing left to do
            try (EmbeddedPostgresServer server = start(dataDir, port, secrets)) {
                try (Connection member = asRole(server, "member", secrets);
                        Statement statement = member.createStatement()) {
                    assertThat(ownersOtherThan(statement, "member_service")).isEmpty();
                    // what Flyway does as the owner: lock, add columns and indexes, replace functions, record
                    statement.execute("SELECT pg_advisory_lock(42)");
                    statement.execute("ALTER TABLE members ADD COLUMN IF NOT EXISTS display_name text");
                    statement.execute("CREATE INDEX IF NOT EXISTS members_display ON members (display_name)");
                    statement.execute(
                            "CREATE OR REPLACE FUNCTION shout(text) RETURNS text LANGUAGE sql AS 'SELECT upper($1) || ''!'''");
                    statement.execute("INSERT INTO flyway_schema_history VALUES (" + start + ", 'V" + start + "')");
                    statement.execute("INSERT INTO members (handle) VALUES ('bob')");
                    statement.execute("SELECT nextval('standalone_numbers')");
                    statement.execute("SELECT pg_advisory_unlock(42)");
                    try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM handles")) {
                        rows.next();
                        assertThat(rows.getInt(1)).isEqualTo(1 + start);
                    }
                }
            }
        }
    }

    /** Objects in the public schema, and the schema and database themselves, not owned by {@code role}. */
    private static List<String> ownersOtherThan(Statement statement, String role) throws SQLException {
        List<String> others = new ArrayList<>();
        try (ResultSet rows = statement.executeQuery("""
                SELECT 'relation ' || c.relname || ' ' || pg_get_userbyid(c.relowner) FROM pg_class c
                  JOIN pg_namespace n ON n.oid = c.relnamespace
                  WHERE n.nspname = 'public' AND pg_get_userbyid(c.relowner) <> '%1$s'
                UNION ALL SELECT 'function ' || p.proname FROM pg_proc p
                  JOIN pg_namespace n ON n.oid = p.pronamespace
                  WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> '%1$s'
                UNION ALL SELECT 'type ' || t.typname FROM pg_type t
                  JOIN pg_namespace n ON n.oid = t.typnamespace
                  WHERE n.nspname = 'public' AND pg_get_userbyid(t.typowner) <> '%1$s'
                UNION ALL SELECT 'database ' || datname FROM pg_database
                  WHERE datname = current_database() AND pg_get_userbyid(datdba) <> '%1$s'
                """.formatted(role))) {
            while (rows.next()) {
                others.add(rows.getString(1));
            }
        }
        return others;
    }

    private static Connection asRole(EmbeddedPostgresServer server, String database, LauncherSecrets secrets)
            throws SQLException {
        return DriverManager.getConnection(
                server.jdbcUrl(database), LauncherSecrets.roleOf(database), secrets.databasePassword(database));
    }

    private static List<String> databases(EmbeddedPostgresServer server, LauncherSecrets secrets) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(
                        server.jdbcUrl("postgres"), "postgres", secrets.superuserPassword());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
