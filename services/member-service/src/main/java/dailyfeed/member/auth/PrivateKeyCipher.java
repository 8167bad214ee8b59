package dailyfeed.member.auth;

import org.springframework.security.crypto.codec.Hex;
import org.springframework.security.crypto.encrypt.Encryptors;
import org.springframework.security.crypto.keygen.KeyGenerators;

/**
 * Encrypts the private signing keys at rest with Spring Security Crypto's {@link Encryptors#stronger}: AES-256-GCM
 * (authenticated, so a wrong password is detected, never silently turned into garbage) with a key derived by PBKDF2
 * from the configured password and a random salt per key, stored beside the ciphertext. A read of the database alone
 * no longer yields a key that can forge tokens.
 */
final class PrivateKeyCipher {

    static final String PASSWORD_PROPERTY = "dailyfeed.security.signing-key-password";
    static final String PASSWORD_VARIABLE = "DAILYFEED_SIGNING_KEY_PASSWORD";
    /** As long as the service clients' secrets must be; `./dailyfeed up` generates 43 characters. */
    static final int MINIMUM_PASSWORD_LENGTH = 16;

    private final String password;

    PrivateKeyCipher(String password) {
        if (password == null || password.isBlank()) {
            throw new IllegalStateException("member-service needs a password to encrypt its token signing keys: set "
                    + PASSWORD_VARIABLE + " (" + PASSWORD_PROPERTY + "). `./dailyfeed up` provides one; keep it "
                    + "with the database, since the stored keys cannot be read without it.");
        }
        if (password.length() < MINIMUM_PASSWORD_LENGTH) {
            // a placeholder left in a deployment's Secret (CHANGE-ME) must not become the key that protects the keys
            throw new IllegalStateException("the password that encrypts member-service's token signing keys has "
                    + password.length() + " characters: set " + PASSWORD_VARIABLE + " to at least "
                    + MINIMUM_PASSWORD_LENGTH + " (e.g. openssl rand -base64 32)");
        }
        this.password = password;
    }

    /** A private key (PKCS#8) encrypted under a fresh salt. */
    Sealed seal(byte[] privateKey) {
        String salt = new String(Hex.encode(KeyGenerators.secureRandom(16).generateKey()));
        return new Sealed(Encryptors.stronger(password, salt).encrypt(privateKey), salt);
    }

    /** The PKCS#8 bytes of a key sealed with {@code salt}; fails with a clear message under another password. */
    byte[] open(String kid, byte[] ciphertext, String salt) {
        try {
            return Encryptors.stronger(password, salt).decrypt(ciphertext);
        } catch (RuntimeException e) {
            throw new SigningKeyUnreadable(
                    "the token signing key " + kid + " cannot be decrypted with the configured "
                            + PASSWORD_VARIABLE + " (" + PASSWORD_PROPERTY
                            + "): it is not the password the key was stored "
                            + "with. member-service will not make a new key, which would invalidate every token; start it "
                            + "with the original password.",
                    e);
        }
    }

    /** An encrypted private key and the salt its encryption key was derived with. */
    record Sealed(byte[] ciphertext, String salt) {}

    /** A stored key that the configured password does not open. */
    static final class SigningKeyUnreadable extends IllegalStateException {
        SigningKeyUnreadable(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
