package dailyfeed.launcher;

import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

/**
 * Runs only the embedded PostgreSQL with the service databases, in the foreground until Ctrl-C, for running
 * services on their own: {@code --port N} (default 15432), {@code --data-dir DIR} (default .data/postgres). The
 * passwords are those of {@code ./dailyfeed up}: the secrets file in the folder above the data folder (made if
 * missing).
 */
public final class PostgresServer {

    private PostgresServer() {}

    public static void main(String[] args) throws Exception {
        Launcher.quietLibraryLogging();
        Map<String, String> options;
        int port;
        try {
            options = Options.parse(List.of(args), Set.of("port", "data-dir"), Set.of());
            port = Options.port("--port", options.getOrDefault("port", "15432"));
        } catch (IllegalArgumentException e) {
            System.err.println("postgres: " + e.getMessage() + "\nUsage: PostgresServer [--port N] [--data-dir DIR]");
            System.exit(2);
            return;
        }
        Path dataDir =
                Path.of(options.getOrDefault("data-dir", ".data/postgres")).toAbsolutePath();

        LauncherSecrets secrets = LauncherSecrets.loadOrCreate(dataDir.getParent(), System.getenv());
        EmbeddedPostgresServer server =
                EmbeddedPostgresServer.start(dataDir, port, Redirect.INHERIT, EmbeddedPostgresServer.logins(secrets));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                server.close();
                            } catch (Exception e) {
                                System.err.println("postgres: could not stop cleanly: " + e.getMessage());
                            }
                            stopped.countDown();
                        },
                        "postgres-shutdown"));

        System.out.println("postgres ready on port " + port + " with databases "
                + String.join(", ", EmbeddedPostgresServer.SERVICE_DATABASES) + ", data in " + dataDir);
        System.out.println("each owned by its role (member_service, ...); passwords in "
                + dataDir.getParent().resolve(LauncherSecrets.FILE_NAME));
        System.out.println("for example DB_URL=" + server.jdbcUrl("member") + " DB_USERNAME="
                + LauncherSecrets.roleOf("member") + " DB_PASSWORD=<" + LauncherSecrets.passwordKeyOf("member_service")
                + " of that file>");
        stopped.await(); // the shutdown hook releases this; until then PostgreSQL keeps serving
    }
}
