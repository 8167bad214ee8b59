package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.harness.FreePorts;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class EmbeddedPostgresServerIntegrationTests {

    @TempDir
    Path tempDir;

    @Test
    void keepsTablesAndRowsAcrossARestartOnTheSameFolder() throws Exception {
        Path dataDir = tempDir.resolve("postgres");
        Redirect log = Redirect.appendTo(tempDir.resolve("postgres.log").toFile());
        int port = new FreePorts().free();

        try (EmbeddedPostgresServer server =
                EmbeddedPostgresServer.start(dataDir, port, log, EmbeddedPostgresServer.SERVICE_DATABASES)) {
            try (Connection connection =
                            DriverManager.getConnection(server.jdbcUrl("content"), "postgres", "postgres");
                    Statement statement = connection.createStatement()) {
                statement.execute("CREATE TABLE posts (id bigint PRIMARY KEY, body text NOT NULL)");
                statement.execute("INSERT INTO posts VALUES (1, 'hello')");
            }
        }

        try (EmbeddedPostgresServer server =
                EmbeddedPostgresServer.start(dataDir, port, log, EmbeddedPostgresServer.SERVICE_DATABASES)) {
            try (Connection connection =
                            DriverManager.getConnection(server.jdbcUrl("content"), "postgres", "postgres");
                    Statement statement = connection.createStatement();
                    ResultSet rows = statement.executeQuery("SELECT body FROM posts WHERE id = 1")) {
                assertThat(rows.next()).isTrue();
                assertThat(rows.getString("body")).isEqualTo("hello");
            }
            assertThat(databases(server)).contains("member", "content", "activity");
        }
    }

    private static List<String> databases(EmbeddedPostgresServer server) throws Exception {
        List<String> names = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(server.jdbcUrl("postgres"), "postgres", "postgres");
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT datname FROM pg_database")) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        return names;
    }
}
