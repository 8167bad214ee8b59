package dailyfeed.harness;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The secrets of a system {@code ./dailyfeed up} started: its {@code <data-dir>/secrets.properties}, where the
 * environment variables the launcher also reads ({@code DAILYFEED_SERVICE_CLIENT_ID}, {@code _SECRET},
 * {@code DAILYFEED_OPERATIONS_CLIENT_ID}, {@code _SECRET}) win, as they do for the launcher. See README.md.
 */
public final class LaunchedSecrets {

    public static final String FILE_NAME = "secrets.properties";

    /** The PostgreSQL superuser of the embedded server. */
    public static final String SUPERUSER = "postgres";

    private static final List<String> OVERRIDABLE = List.of(
            "DAILYFEED_SERVICE_CLIENT_ID",
            "DAILYFEED_SERVICE_CLIENT_SECRET",
            "DAILYFEED_OPERATIONS_CLIENT_ID",
            "DAILYFEED_OPERATIONS_CLIENT_SECRET",
            "DAILYFEED_SIGNING_KEY_PASSWORD");

    private final Path file;
    private final Properties values;

    private LaunchedSecrets(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    /** The secrets of the launcher whose data folder is {@code dataDir}, overridden by this JVM's environment. */
    public static LaunchedSecrets of(Path dataDir) {
        return of(dataDir, System.getenv());
    }

    static LaunchedSecrets of(Path dataDir, Map<String, String> environment) {
        Path file = dataDir.resolve(FILE_NAME);
        Properties values = new Properties();
        if (Files.isRegularFile(file)) {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                values.load(reader);
            } catch (IOException e) {
                throw new UncheckedIOException("could not read " + file, e);
            }
        }
        OVERRIDABLE.forEach(key -> {
            String value = environment.get(key);
            if (value != null && !value.isBlank()) {
                values.setProperty(key, value);
            }
        });
        return new LaunchedSecrets(file, values);
    }

    /** The file the secrets come from (it may not exist when the environment gives them all). */
    public Path file() {
        return file;
    }

    /** The client that registers activities: scope {@code activities.write} only. */
    public ServiceClient registrationClient() {
        return new ServiceClient(get("DAILYFEED_SERVICE_CLIENT_ID"), get("DAILYFEED_SERVICE_CLIENT_SECRET"));
    }

    /** The client of the operations endpoints: scope {@code operations} only. */
    public ServiceClient operationsClient() {
        return new ServiceClient(get("DAILYFEED_OPERATIONS_CLIENT_ID"), get("DAILYFEED_OPERATIONS_CLIENT_SECRET"));
    }

    /** The password of the PostgreSQL superuser {@value #SUPERUSER}. */
    public String superuserPassword() {
        return get("db." + SUPERUSER + ".password");
    }

    /** The role that owns a service database ({@code member} → {@code member_service}). */
    public static String roleOf(String database) {
        return database + "_service";
    }

    /** The password of the role that owns {@code database}. */
    public String rolePassword(String database) {
        return get("db." + roleOf(database) + ".password");
    }

    private String get(String key) {
        String value = values.getProperty(key);
        if (value == null) {
            throw new IllegalStateException("no " + key + " in " + file
                    + " nor in the environment: is this the data folder of a system ./dailyfeed up started?");
        }
        return value;
    }

    @Override
    public String toString() {
        return "LaunchedSecrets[" + file + "]"; // never the values
    }
}
