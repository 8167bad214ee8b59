package dailyfeed.launcher;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;

/**
 * The password member-service encrypts its token signing keys with ({@value #VARIABLE}): the launcher's own
 * environment variable when set, otherwise a random one generated on the first start into the data folder, beside the
 * database it protects, readable by its owner only. Losing it makes the stored keys unreadable (every token becomes
 * invalid and member-service refuses to start until the data folder is reset).
 */
public final class SigningKeyPassword {

    public static final String VARIABLE = "DAILYFEED_SIGNING_KEY_PASSWORD";
    static final String FILE = "signing-key-password";

    private SigningKeyPassword() {}

    /** The password for the data folder {@code dataDir}, given the launcher's environment {@code env}. */
    public static String of(Path dataDir, Map<String, String> env) {
        String configured = env.get(VARIABLE);
        if (configured != null && !configured.isBlank()) {
            return configured;
        }
        Path file = dataDir.resolve(FILE);
        try {
            if (!Files.exists(file)) {
                byte[] random = new byte[32];
                new SecureRandom().nextBytes(random);
                String generated = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
                Files.createDirectories(dataDir);
                try {
                    Files.createFile(
                            file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
                    Files.writeString(file, generated);
                } catch (FileAlreadyExistsException raced) {
                    // another process made it first: use theirs
                }
            }
            return Files.readString(file).strip();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot keep the signing-key password in " + file, e);
        }
    }
}
