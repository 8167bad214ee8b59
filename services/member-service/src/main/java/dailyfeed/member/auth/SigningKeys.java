package dailyfeed.member.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.interfaces.RSAPrivateKey;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA key pairs that sign tokens, kept in the database (private halves encrypted, see {@link PrivateKeyCipher})
 * so tokens stay valid across restarts and every instance signs with the same keys.
 *
 * <p>One key is active: new tokens are signed with it. One more, the next key, is published (JWKS) but signs
 * nothing yet, so that the resource servers already hold it when it becomes active: {@link #rotate()} retires the
 * active key, activates the next one and makes a new next one. A retired key stays published for {@link #retention()}: the longest token lifetime, plus how long other
 * instances may still sign with it before they notice the rotation, plus clock skew; after that no token it signed can
 * still be valid, so it drops out of the JWKS and its row is deleted at the next rotation or start. Each instance
 * re-reads the keys when its view is older than {@code signingKeyRefreshInterval}.
 */
@Component
class SigningKeys {

    private static final Logger log = LoggerFactory.getLogger(SigningKeys.class);

    /** The clock skew resource servers allow on {@code exp} (Spring Security's JwtTimestampValidator default). */
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;
    private final PrivateKeyCipher cipher;
    private final Duration refreshInterval;
    private final Duration retention;
    private volatile Snapshot snapshot;

    SigningKeys(
            JdbcClient jdbc,
            TransactionTemplate transactions,
            SigningKeySettings keySettings,
            SecuritySettings settings) {
        this.jdbc = jdbc;
        this.transactions = transactions;
        this.cipher = new PrivateKeyCipher(keySettings.signingKeyPassword());
        this.refreshInterval = keySettings.signingKeyRefreshInterval();
        Duration longestToken = settings.memberTokenTtl().compareTo(settings.serviceTokenTtl()) >= 0
                ? settings.memberTokenTtl()
                : settings.serviceTokenTtl();
        this.retention = longestToken.plus(refreshInterval).plus(CLOCK_SKEW);
        transactions.executeWithoutResult(status -> {
            lock();
            encryptPlainRows();
            deleteExpired();
            if (activeRow() == null) {
                insertNewKey(true);
            }
            if (nextKid() == null) {
                insertNewKey(false);
            }
        });
        // fails the start when the configured password does not open the active key
        this.snapshot = load(null);
    }

    /** The key new tokens are signed with, private half included. */
    RSAKey current() {
        return fresh().signing();
    }

    /** The public keys that verify tokens (the active one and those retired within {@link #retention()}). */
    JWKSet publicKeys() {
        return fresh().published();
    }

    /** How long a retired key stays published. */
    Duration retention() {
        return retention;
    }

    /** Every stored key, newest first: ids and dates only, never key material. */
    List<StoredKey> list() {
        return jdbc.sql("""
                SELECT kid, created_at, activated_at, retired_at,
                       retired_at IS NULL OR retired_at > now() - make_interval(secs => :retention) AS published
                  FROM signing_keys ORDER BY created_at DESC""")
                .param("retention", retention.toSeconds())
                .query((rs, n) -> new StoredKey(
                        rs.getString("kid"),
                        rs.getObject("created_at", OffsetDateTime.class).toInstant(),
                        instantOrNull(rs.getObject("activated_at", OffsetDateTime.class)),
                        instantOrNull(rs.getObject("retired_at", OffsetDateTime.class)),
                        rs.getBoolean("published")))
                .list();
    }

    /** The published key that the next rotation will activate. */
    String next() {
        return nextKid();
    }

    /**
     * Retires the active key and activates the next one (published since the last rotation or start); this instance
     * signs with it from now on. A new next key is made and published.
     */
    StoredKey rotate() {
        String kid = transactions.execute(status -> {
            lock();
            jdbc.sql("UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL AND activated_at IS NOT NULL")
                    .update();
            deleteExpired();
            String next = nextKid();
            String activated;
            if (next == null) {
                activated = insertNewKey(true);
            } else {
                jdbc.sql("UPDATE signing_keys SET activated_at = clock_timestamp() WHERE kid = ?")
                        .param(next)
                        .update();
                activated = next;
            }
            insertNewKey(false);
            return activated;
        });
        snapshot = load(null);
        log.info("signing keys rotated: new tokens are signed with {}", kid);
        return list().stream().filter(key -> key.kid().equals(kid)).findFirst().orElseThrow();
    }

    private Snapshot fresh() {
        Snapshot seen = snapshot;
        if (System.nanoTime() - seen.loadedAt() < refreshInterval.toNanos()) {
            return seen;
        }
        synchronized (this) {
            seen = snapshot;
            if (System.nanoTime() - seen.loadedAt() < refreshInterval.toNanos()) {
                return seen;
            }
            try {
                snapshot = load(seen.signing());
            } catch (DataAccessException e) {
                // keep signing and publishing what we know; try again after the interval
                log.warn("could not re-read the signing keys, keeping the ones read before: {}", e.getMessage());
                snapshot = new Snapshot(seen.signing(), seen.published(), System.nanoTime());
            }
            return snapshot;
        }
    }

    /** Reads the active key (decrypting it unless it is {@code known}) and the published public keys. */
    private Snapshot load(RSAKey known) {
        ActiveRow active = activeRow();
        if (active == null) {
            throw new IllegalStateException("no active signing key in the database");
        }
        RSAKey signing = known != null && known.getKeyID().equals(active.kid()) ? known : active.toKey(cipher);
        List<JWK> published = jdbc.sql("""
                SELECT kid, public_key FROM signing_keys
                 WHERE retired_at IS NULL OR retired_at > now() - make_interval(secs => :retention)
                 ORDER BY created_at DESC""")
                .param("retention", retention.toSeconds())
                .query((rs, n) -> (JWK) publicKey(rs.getString("kid"), rs.getBytes("public_key")))
                .list();
        return new Snapshot(signing, new JWKSet(published), System.nanoTime());
    }

    private void lock() {
        // Serializes starts and rotations of several instances, so exactly one key is active.
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('dailyfeed.signing_keys'))")
                .query()
                .singleRow();
    }

    /** Rows written by an earlier version hold plain PKCS#8: encrypt them where they are, keeping the key. */
    private void encryptPlainRows() {
        List<PlainRow> plain = jdbc.sql("SELECT kid, private_key FROM signing_keys WHERE private_key_salt IS NULL")
                .query((rs, n) -> new PlainRow(rs.getString("kid"), rs.getBytes("private_key")))
                .list();
        for (PlainRow row : plain) {
            privateKey(row.kid(), row.privateKey()); // refuse to seal something that is not a key
            PrivateKeyCipher.Sealed sealed = cipher.seal(row.privateKey());
            jdbc.sql("UPDATE signing_keys SET private_key = ?, private_key_salt = ? WHERE kid = ?")
                    .params(sealed.ciphertext(), sealed.salt(), row.kid())
                    .update();
            log.info("encrypted the stored signing key {}, which an earlier version kept in plain text", row.kid());
        }
    }

    private void deleteExpired() {
        jdbc.sql("DELETE FROM signing_keys WHERE retired_at <= now() - make_interval(secs => :retention)")
                .param("retention", retention.toSeconds())
                .update();
    }

    private ActiveRow activeRow() {
        return jdbc.sql("""
                SELECT kid, private_key, private_key_salt, public_key FROM signing_keys
                 WHERE retired_at IS NULL AND activated_at IS NOT NULL ORDER BY activated_at DESC LIMIT 1""")
                .query((rs, n) -> new ActiveRow(
                        rs.getString("kid"),
                        rs.getBytes("private_key"),
                        rs.getString("private_key_salt"),
                        rs.getBytes("public_key")))
                .optional()
                .orElse(null);
    }

    private String nextKid() {
        return jdbc.sql("""
                SELECT kid FROM signing_keys WHERE activated_at IS NULL AND retired_at IS NULL
                 ORDER BY created_at DESC LIMIT 1""").query(String.class).optional().orElse(null);
    }

    /** Stores a new key pair, active now or published as the next one. */
    private String insertNewKey(boolean active) {
        RSAKey generated = generate();
        try {
            PrivateKeyCipher.Sealed sealed =
                    cipher.seal(generated.toPrivateKey().getEncoded());
            jdbc.sql("""
                    INSERT INTO signing_keys (kid, private_key, private_key_salt, public_key, created_at, activated_at)
                    VALUES (?, ?, ?, ?, clock_timestamp(), CASE WHEN ? THEN clock_timestamp() END)""")
                    .params(
                            generated.getKeyID(),
                            sealed.ciphertext(),
                            sealed.salt(),
                            generated.toPublicKey().getEncoded(),
                            active)
                    .update();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not encode the new signing key", e);
        }
        return generated.getKeyID();
    }

    private static RSAKey generate() {
        try {
            return new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not generate a signing key", e);
        }
    }

    private static RSAKey publicKey(String kid, byte[] publicKey) {
        try {
            RSAPublicKey key =
                    (RSAPublicKey) KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(publicKey));
            return new RSAKey.Builder(key)
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored public key " + kid + " is unreadable", e);
        }
    }

    private static RSAPrivateKey privateKey(String kid, byte[] pkcs8) {
        try {
            return (RSAPrivateKey) KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored signing key " + kid + " is unreadable", e);
        }
    }

    private static Instant instantOrNull(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** A stored key as the operations endpoint shows it. */
    record StoredKey(String kid, Instant createdAt, Instant activatedAt, Instant retiredAt, boolean published) {}

    private record Snapshot(RSAKey signing, JWKSet published, long loadedAt) {}

    private record PlainRow(String kid, byte[] privateKey) {}

    private record ActiveRow(String kid, byte[] privateKey, String salt, byte[] publicKey) {

        RSAKey toKey(PrivateKeyCipher cipher) {
            byte[] pkcs8 = salt == null ? privateKey : cipher.open(kid, privateKey, salt);
            return new RSAKey.Builder(SigningKeys.publicKey(kid, publicKey))
                    .privateKey(SigningKeys.privateKey(kid, pkcs8))
                    .build();
        }
    }
}
