package dailyfeed.testsupport;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;

/**
 * One real PostgreSQL server per test JVM (binaries from a Maven artifact), with a database per name.
 *
 * <p>Started lazily and stopped when the JVM exits, so every Spring context of a module's test run shares it.
 */
public final class TestPostgres {

    private static EmbeddedPostgres server;
    private static final Set<String> databases = new HashSet<>();

    private TestPostgres() {}

    /** The JDBC URL of database {@code name}, creating it on first use. */
    public static synchronized String jdbcUrl(String name) {
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("database name must be a plain identifier: " + name);
        }
        EmbeddedPostgres postgres = server();
        if (databases.add(name)) {
            try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
                connection.createStatement().execute("CREATE DATABASE " + name);
            } catch (SQLException e) {
                throw new IllegalStateException("could not create test database " + name, e);
            }
        }
        return postgres.getJdbcUrl("postgres", name);
    }

    /** The running server, for tests that need to stop or break it. */
    public static synchronized EmbeddedPostgres server() {
        if (server == null) {
            try {
                server = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded PostgreSQL", e);
            }
            Runtime.getRuntime().addShutdownHook(new Thread(TestPostgres::stop, "test-postgres-stop"));
        }
        return server;
    }

    private static synchronized void stop() {
        try {
            server.close();
        } catch (IOException e) {
            // the JVM is exiting; the temp data directory is removed by zonky either way
        }
    }
}
