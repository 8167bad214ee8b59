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
import java.util.regex.Pattern;
import org.postgresql.PGConnection;

/** A real PostgreSQL server from the binaries inside the zonky Maven artifacts, keeping its data in one folder. */
public final class EmbeddedPostgresServer implements AutoCloseable {

    /** One database per service, each owned by the service's own role, so no service can read another's tables. */
    public static final List<String> SERVICE_DATABASES = Component.services().stream()
            .map(service -> service.database().orElseThrow())
            .toList();

    private final EmbeddedPostgres postgres;
    private final Path dataDir;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, Path dataDir) {
        this.postgres = postgres;
        this.dataDir = dataDir;
    }

    /**
     * The logins of a server: the superuser's password, and for each service database the role that owns it.
     *
     * @param superuserPassword the password of {@value LauncherSecrets#SUPERUSER}, set on the first start
     * @param databases         the service databases, each with its role and that role's password
     */
    public record Logins(String superuserPassword, List<ServiceDatabase> databases) {

        public Logins {
            databases = List.copyOf(databases);
        }
    }

    /** A database owned by a role of its own, which may log in to it and to no other service's. */
    public record ServiceDatabase(String name, String role, String password) {

        public ServiceDatabase {
            // both go into statements that take no bind parameters: our own constants, checked all the same
            if (!IDENTIFIER.matcher(name).matches() || !IDENTIFIER.matcher(role).matches()) {
                throw new IllegalArgumentException("not a plain identifier: " + name + " / " + role);
            }
        }
    }

    private static final Pattern IDENTIFIER = Pattern.compile("[a-z][a-z0-9_]*");

    /** The logins of the service databases, with the passwords kept in the launcher's secrets. */
    public static Logins logins(LauncherSecrets secrets) {
        return new Logins(
                secrets.superuserPassword(),
                SERVICE_DATABASES.stream()
                        .map(database -> new ServiceDatabase(
                                database, LauncherSecrets.roleOf(database), secrets.databasePassword(database)))
                        .toList());
    }

    /**
     * Starts PostgreSQL on {@code dataDir} (created by initdb on first use, reused afterwards) and prepares it: the
     * superuser needs its password, each service database exists and is owned, with everything in it, by its own role,
     * and no other role may connect to it. Each step is idempotent, so a folder made by an earlier version (everything
     * owned by {@code postgres}, no passwords) is brought up to date in place. The server's own output goes to
     * {@code output}.
     */
    public static EmbeddedPostgresServer start(Path dataDir, int port, Redirect output, Logins logins)
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
                // zonky's own connections (its readiness check, ours below) log in as the superuser with this
                .setConnectConfig("password", logins.superuserPassword())
                .setOutputRedirector(output)
                .setErrorRedirector(output)
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, dataDir);
        try {
            server.requirePasswords(logins.superuserPassword());
            for (ServiceDatabase database : logins.databases()) {
                server.prepare(database);
            }
        } catch (SQLException e) {
            server.close();
            throw new IOException(
                    "could not prepare the databases "
                            + logins.databases().stream()
                                    .map(ServiceDatabase::name)
                                    .toList()
                            + ": " + e.getMessage()
                            + (e.getMessage() != null && e.getMessage().contains("password authentication failed")
                                    ? " (the superuser password is in secrets.properties beside the postgres folder;"
                                            + " restore that file, or start over with --reset)"
                                    : ""),
                    e);
        }
        return server;
    }

    public int port() {
        return postgres.getPort();
    }

    /** The JDBC URL of one database; log in as its role, or as the superuser, with the password of the secrets. */
    public String jdbcUrl(String database) {
        return "jdbc:postgresql://localhost:" + port() + "/" + database;
    }

    /**
     * initdb (run by zonky) trusts every local login. Once, the superuser gets its password and pg_hba.conf asks every
     * login for its password (scram-sha-256); the file's first line says it was done.
     */
    private void requirePasswords(String superuserPassword) throws SQLException, IOException {
        Path hba = dataDir.resolve("pg_hba.conf");
        if (Files.isRegularFile(hba) && Files.readString(hba).startsWith(HBA_MARKER)) {
            return;
        }
        try (Connection connection = postgres.getPostgresDatabase().getConnection()) {
            connection
                    .unwrap(PGConnection.class)
                    .alterUserPassword(LauncherSecrets.SUPERUSER, superuserPassword.toCharArray(), "scram-sha-256");
            Files.writeString(hba, HBA);
            try (Statement statement = connection.createStatement()) {
                statement.execute("SELECT pg_reload_conf()");
            }
        }
    }

    private static final String HBA_MARKER = "# dailyfeed: every login needs its password";
    private static final String HBA = HBA_MARKER + """

            # TYPE  DATABASE  USER  ADDRESS       METHOD
            local   all       all                 scram-sha-256
            host    all       all   127.0.0.1/32  scram-sha-256
            host    all       all   ::1/128       scram-sha-256
            """;

    /** The role (its password from the secrets), the database owned by it, and no connections for anyone else. */
    private void prepare(ServiceDatabase database) throws SQLException {
        try (Connection connection = postgres.getPostgresDatabase().getConnection();
                Statement statement = connection.createStatement()) {
            String role = "\"" + database.role() + "\"";
            String name = "\"" + database.name() + "\"";
            // a service needs no more than to own its database: no superuser, no new databases or roles
            String attributes = " LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS";
            statement.execute(
                    (exists(connection, "pg_roles", "rolname", database.role()) ? "ALTER ROLE " : "CREATE ROLE ")
                            + role
                            + attributes);
            connection
                    .unwrap(PGConnection.class)
                    .alterUserPassword(database.role(), database.password().toCharArray(), "scram-sha-256");
            if (!exists(connection, "pg_database", "datname", database.name())) {
                statement.execute("CREATE DATABASE " + name + " OWNER " + role);
            }
            statement.execute("ALTER DATABASE " + name + " OWNER TO " + role);
            // every role may connect to a new database by default; only its owner (and the superuser) may here
            statement.execute("REVOKE ALL ON DATABASE " + name + " FROM PUBLIC");
        }
        try (Connection connection = postgres.getDatabase(LauncherSecrets.SUPERUSER, database.name())
                        .getConnection();
                Statement statement = connection.createStatement()) {
            statement.execute("REVOKE CREATE ON SCHEMA public FROM PUBLIC");
            statement.execute(TRANSFER_OWNERSHIP.replace("{role}", database.role()));
        }
    }

    /**
     * Hands what {@code postgres} owns in the database's own schemas to the service's role: schemas, tables, views,
     * sequences, functions, types, Flyway's history. Databases made by earlier versions were filled by services that
     * logged in as {@code postgres}; REASSIGN OWNED cannot take objects from the bootstrap superuser, hence one ALTER
     * per object. Indexes, identity and serial sequences and row types follow their table; objects of extensions are
     * left to them.
     */
    private static final String TRANSFER_OWNERSHIP = """
            DO $transfer$
            DECLARE
                target CONSTANT text := '{role}';
                item record;
            BEGIN
                FOR item IN
                    SELECT n.nspname FROM pg_namespace n
                    WHERE n.nspowner = 'postgres'::regrole
                      AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                LOOP
                    EXECUTE format('ALTER SCHEMA %I OWNER TO %I', item.nspname, target);
                END LOOP;
                FOR item IN
                    SELECT c.oid::regclass AS name,
                           CASE c.relkind WHEN 'S' THEN 'SEQUENCE' WHEN 'v' THEN 'VIEW'
                                          WHEN 'm' THEN 'MATERIALIZED VIEW' WHEN 'f' THEN 'FOREIGN TABLE'
                                          ELSE 'TABLE' END AS kind
                    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
                    WHERE c.relowner = 'postgres'::regrole
                      AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
                      AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                      WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid
                                        AND d.deptype IN ('a', 'i', 'e'))
                LOOP
                    EXECUTE format('ALTER %s %s OWNER TO %I', item.kind, item.name, target);
                END LOOP;
                FOR item IN
                    SELECT p.oid::regprocedure AS name,
                           CASE p.prokind WHEN 'a' THEN 'AGGREGATE' ELSE 'ROUTINE' END AS kind
                    FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
                    WHERE p.proowner = 'postgres'::regrole
                      AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                      WHERE d.classid = 'pg_proc'::regclass AND d.objid = p.oid AND d.deptype = 'e')
                LOOP
                    EXECUTE format('ALTER %s %s OWNER TO %I', item.kind, item.name, target);
                END LOOP;
                FOR item IN
                    SELECT t.oid::regtype AS name, CASE t.typtype WHEN 'd' THEN 'DOMAIN' ELSE 'TYPE' END AS kind
                    FROM pg_type t JOIN pg_namespace n ON n.oid = t.typnamespace
                    WHERE t.typowner = 'postgres'::regrole
                      AND (t.typtype IN ('d', 'e', 'r')
                           OR (t.typtype = 'c' AND (SELECT relkind FROM pg_class WHERE oid = t.typrelid) = 'c'))
                      AND n.nspname NOT LIKE 'pg\\_%' AND n.nspname <> 'information_schema'
                      AND NOT EXISTS (SELECT 1 FROM pg_depend d
                                      WHERE d.classid = 'pg_type'::regclass AND d.objid = t.oid AND d.deptype = 'e')
                LOOP
                    EXECUTE format('ALTER %s %s OWNER TO %I', item.kind, item.name, target);
                END LOOP;
            END
            $transfer$
            """;

    private static boolean exists(Connection connection, String catalog, String column, String name)
            throws SQLException {
        // catalog and column are constants of this class; the name is bound
        try (PreparedStatement query =
                connection.prepareStatement("SELECT 1 FROM " + catalog + " WHERE " + column + " = ?")) {
            query.setString(1, name);
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
