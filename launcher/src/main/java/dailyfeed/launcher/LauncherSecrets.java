package dailyfeed.launcher;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;

/**
 * The secrets the launcher hands its children: the two service clients of member-service, the password of its signing
 * keys, and the PostgreSQL passwords (the superuser's and one role per service database). Generated on the first start
 * and kept in {@code <data-dir>/secrets.properties}, readable by its owner only; the environment variables named like
 * the keys override the client and signing-key entries. {@code --reset} deletes the file with the rest of the data.
 *
 * @param values every entry, by the key it has in the file
 */
public record LauncherSecrets(Map<String, String> values) {

    public static final String FILE_NAME = "secrets.properties";

    public static final String SERVICE_CLIENT_ID = "DAILYFEED_SERVICE_CLIENT_ID";
    public static final String SERVICE_CLIENT_SECRET = "DAILYFEED_SERVICE_CLIENT_SECRET";
    public static final String OPERATIONS_CLIENT_ID = "DAILYFEED_OPERATIONS_CLIENT_ID";
    public static final String OPERATIONS_CLIENT_SECRET = "DAILYFEED_OPERATIONS_CLIENT_SECRET";
    public static final String SIGNING_KEY_PASSWORD = "DAILYFEED_SIGNING_KEY_PASSWORD";

    /** The PostgreSQL superuser; its password is in the file only (changing it needs the old one). */
    public static final String SUPERUSER = "postgres";

    /** What the environment may override: everything member-service is given. */
    static final List<String> OVERRIDABLE = List.of(
            SERVICE_CLIENT_ID,
            SERVICE_CLIENT_SECRET,
            OPERATIONS_CLIENT_ID,
            OPERATIONS_CLIENT_SECRET,
            SIGNING_KEY_PASSWORD);

    private static final Map<String, String> DEFAULT_IDS =
            Map.of(SERVICE_CLIENT_ID, "dailyfeed-service", OPERATIONS_CLIENT_ID, "dailyfeed-operations");
    private static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
    /** 32 random bytes: 256 bits, far beyond guessing, and URL-safe so it fits a Basic header or a shell line. */
    private static final int SECRET_BYTES = 32;

    private static final SecureRandom RANDOM = new SecureRandom();

    public LauncherSecrets {
        values = Map.copyOf(values);
    }

    /** The file's key of a database role's password, e.g. {@code db.member_service.password}. */
    public static String passwordKeyOf(String role) {
        return "db." + role + ".password";
    }

    /** The role a service database belongs to: {@code member} → {@code member_service}. */
    public static String roleOf(String database) {
        return database + "_service";
    }

    /**
     * The secrets of the data folder {@code dataDir}: read from its file, with any missing entry generated and the file
     * (re)written owner-only, then overridden by {@code environment}.
     */
    public static LauncherSecrets loadOrCreate(Path dataDir, Map<String, String> environment) throws IOException {
        Path file = dataDir.resolve(FILE_NAME);
        Map<String, String> stored = Files.isRegularFile(file) ? read(file) : new TreeMap<>();
        Map<String, String> complete = new TreeMap<>(stored);
        for (String key : keys()) {
            complete.computeIfAbsent(key, missing -> DEFAULT_IDS.getOrDefault(missing, generated()));
        }
        if (!complete.equals(stored)) {
            write(file, complete);
        } else {
            restrict(file); // a file someone opened up is closed again
        }
        Map<String, String> effective = new LinkedHashMap<>(complete);
        for (String key : OVERRIDABLE) {
            String value = environment.get(key);
            if (value != null && !value.isBlank()) {
                effective.put(key, value);
            }
        }
        return new LauncherSecrets(effective);
    }

    /** Every key the file holds. */
    static List<String> keys() {
        List<String> keys = new java.util.ArrayList<>(OVERRIDABLE);
        keys.add(passwordKeyOf(SUPERUSER));
        EmbeddedPostgresServer.SERVICE_DATABASES.forEach(database -> keys.add(passwordKeyOf(roleOf(database))));
        return List.copyOf(keys);
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("no secret " + key);
        }
        return value;
    }

    public String superuserPassword() {
        return get(passwordKeyOf(SUPERUSER));
    }

    /** The password of the role that owns {@code database}. */
    public String databasePassword(String database) {
        return get(passwordKeyOf(roleOf(database)));
    }

    private static String generated() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static Map<String, String> read(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        Map<String, String> values = new TreeMap<>();
        properties.stringPropertyNames().forEach(key -> values.put(key, properties.getProperty(key)));
        return values;
    }

    /** Writes a new file, owner-only from its creation on (no moment where others could read it), then swaps it in. */
    private static void write(Path file, Map<String, String> values) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path next = file.resolveSibling(FILE_NAME + ".new");
        Files.deleteIfExists(next);
        try {
            Files.createFile(next, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        } catch (UnsupportedOperationException notPosix) {
            Files.createFile(next); // e.g. Windows: the folder's access rules apply
        } catch (FileAlreadyExistsException e) {
            throw new IOException("could not create " + next + ": it appeared while writing", e);
        }
        Properties properties = new Properties();
        properties.putAll(values);
        try (Writer writer = Files.newBufferedWriter(next, StandardCharsets.UTF_8)) {
            properties.store(
                    writer,
                    " Generated by ./dailyfeed up, readable by its owner only. The environment variables named like the"
                            + "\n DAILYFEED_* keys override them; ./dailyfeed up --reset makes new ones (and deletes all data).");
        }
        Files.move(next, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static void restrict(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, OWNER_ONLY);
        } catch (UnsupportedOperationException notPosix) {
            // not a POSIX file system: nothing to set
        }
    }

    @Override
    public String toString() {
        return "LauncherSecrets" + values.keySet(); // never the values
    }
}
