package dailyfeed.launcher;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** A real PostgreSQL server from the binaries inside the zonky Maven artifacts, keeping its data in one folder. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** One database per service, so no service can read another's tables. */
    public static final List<String> SERVICE_DATABASES = Component.services().stream()
            .map(service -> service.database().orElseThrow())
            .toList();

    private final EmbeddedPostgres postgres;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres) {
        this.postgres = postgres;
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (created by initdb on first use, reused afterwards) and creates the
     * given databases unless they exist. The server's own output goes to {@code output}.
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Redirect output, List<String> databases)
            throws IOException {
        Files.createDirectories(dataDir.toAbsolutePath().getParent());
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDir)
                .setCleanDataDirectory(false) // the data must survive a restart
                .setPort(port)
                .setRegisterShutdownHook(false) // the launcher stops PostgreSQL itself, after the services
                .setPGStartupWait(Duration.ofSeconds(60)) // the first start also unpacks binaries and runs initdb
                // zonky turns this off for test speed; here a commit reported to a client must survive a crash
                .setServerConfig("synchronous_commit", "on")
                .setOutputRedirector(output)
                .setErrorRedirector(output)
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres);
        try {
            server.createDatabases(databases);
        } catch (SQLException e) {
            server.close();
            throw new IOException("could not create the databases " + databases + ": " + e.getMessage(), e);
        }
        return server;
    }

    public int port() {
        return postgres.getPort();
    }

    /** The JDBC URL of one database; user {@code postgres}, any password (local trust authentication). */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    private void createDatabases(List<String> databases) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            for (String database : databases) {
                if (!exists(connection, database)) {
                    try (Statement statement = connection.createStatement()) {
                        // names are our own constants, never user input; CREATE DATABASE takes no bind parameters
                        statement.execute("CREATE DATABASE \"" + database + "\"");
                    }
                }
            }
        }
    }

    private static boolean exists(Connection connection, String database) throws SQLException {
        try (PreparedStatement query = connection.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
            query.setString(1, database);
            try (ResultSet result = query.executeQuery()) {
                return result.next();
            }
        }
    }

    /**
     * A launcher killed with SIGKILL leaves its postmaster running, holding the port and the data folder.
     * Stops that server (only if its pid really is a postgres process); the caller must know that no live
     * launcher owns the folder. Returns the stopped server's pid.
     */
    static Optional<Long> stopLeftoverServer(Path dataDir) throws IOException {
        Path pidFile = dataDir.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        Optional<ProcessHandle> leftover = lines.isEmpty()
                ? Optional.empty()
                : parsePid(lines.get(0))
                        .flatMap(ProcessHandle::of)
                        .filter(ProcessHandle::isAlive)
                        .filter(process -> process.info()
                                .command()
                                .map(command -> command.contains("postgres"))
                                .orElse(false));
        // SIGTERM is PostgreSQL's "smart" shutdown, which waits for sessions; their clients are gone by now
        leftover.ifPresent(process -> ChildProcess.terminate(process, Duration.ofSeconds(15)));
        return leftover.map(ProcessHandle::pid);
    }

    private static Optional<Long> parsePid(String text) {
        try {
            return Optional.of(Long.parseLong(text.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Stops the server with a fast shutdown: open sessions are ended, committed data is kept. */
    @Override
    public void close() throws IOException {
        postgres.close();
    }
}
