package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LauncherSecretsTests {

    @TempDir
    Path dataDir;

    @Test
    void theFirstStartGeneratesStrongSecretsInAnOwnerOnlyFile() throws Exception {
        LauncherSecrets secrets = LauncherSecrets.loadOrCreate(dataDir, Map.of());

        Path file = dataDir.resolve("secrets.properties");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(stored(file).stringPropertyNames())
                .containsExactlyInAnyOrderElementsOf(LauncherSecrets.keys())
                .contains("db.postgres.password", "db.member_service.password", "DAILYFEED_SIGNING_KEY_PASSWORD");
        assertThat(secrets.get("DAILYFEED_SERVICE_CLIENT_ID")).isEqualTo("dailyfeed-service");
        assertThat(secrets.get("DAILYFEED_OPERATIONS_CLIENT_ID")).isEqualTo("dailyfeed-operations");
        // 32 random bytes, URL-safe base64: 43 characters, each secret its own
        assertThat(secrets.get("DAILYFEED_SERVICE_CLIENT_SECRET")).matches("[A-Za-z0-9_-]{43}");
        assertThat(secrets.values().values())
                .doesNotHaveDuplicates()
                .doesNotContain("dailyfeed-service-secret", "postgres");
        assertThat(secrets.toString()).doesNotContain(secrets.superuserPassword());
    }

    @Test
    void laterStartsReuseTheFileAndFillInWhatAnOlderFileLacks() throws Exception {
        LauncherSecrets first = LauncherSecrets.loadOrCreate(dataDir, Map.of());
        Path file = dataDir.resolve("secrets.properties");
        Properties older = stored(file);
        older.remove("DAILYFEED_OPERATIONS_CLIENT_SECRET");
        try (var writer = Files.newBufferedWriter(file)) {
            older.store(writer, null);
        }
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        LauncherSecrets second = LauncherSecrets.loadOrCreate(dataDir, Map.of());

        assertThat(second.superuserPassword()).isEqualTo(first.superuserPassword());
        assertThat(second.get("DAILYFEED_SERVICE_CLIENT_SECRET"))
                .isEqualTo(first.get("DAILYFEED_SERVICE_CLIENT_SECRET"));
        assertThat(second.get("DAILYFEED_OPERATIONS_CLIENT_SECRET"))
                .matches("[A-Za-z0-9_-]{43}")
                .isEqualTo(stored(file).getProperty("DAILYFEED_OPERATIONS_CLIENT_SECRET"));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
    }

    @Test
    void environmentVariablesOverrideTheClientsAndTheSigningKeyPasswordButNotTheFile() throws Exception {
        LauncherSecrets secrets = LauncherSecrets.loadOrCreate(
                dataDir,
                Map.of(
                        "DAILYFEED_SERVICE_CLIENT_ID", "my-registrar",
                        "DAILYFEED_SERVICE_CLIENT_SECRET", "my-own-registration-secret",
                        "DAILYFEED_SIGNING_KEY_PASSWORD", " ",
                        "DB_PASSWORD", "ignored"));

        assertThat(secrets.get("DAILYFEED_SERVICE_CLIENT_ID")).isEqualTo("my-registrar");
        assertThat(secrets.get("DAILYFEED_SERVICE_CLIENT_SECRET")).isEqualTo("my-own-registration-secret");
        // blank means not set
        assertThat(secrets.get("DAILYFEED_SIGNING_KEY_PASSWORD")).matches("[A-Za-z0-9_-]{43}");
        assertThat(stored(dataDir.resolve("secrets.properties")).getProperty("DAILYFEED_SERVICE_CLIENT_SECRET"))
                .isNotEqualTo("my-own-registration-secret");
    }

    private static Properties stored(Path file) throws Exception {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file)) {
            properties.load(reader);
        }
        return properties;
    }
}
