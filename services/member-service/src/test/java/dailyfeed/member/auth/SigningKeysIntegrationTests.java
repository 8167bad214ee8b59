package dailyfeed.member.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import dailyfeed.testsupport.ServiceIntegrationTest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

@ServiceIntegrationTest
class SigningKeysIntegrationTests {

    @Autowired
    SigningKeys keys;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    SigningKeySettings keySettings;

    @Autowired
    SecuritySettings settings;

    /** What a restarted (or second) instance does on start, with the given password. */
    private SigningKeys startWith(String password) {
        return new SigningKeys(
                jdbc,
                transactions,
                new SigningKeySettings(password, keySettings.signingKeyRefreshInterval()),
                settings);
    }

    private SigningKeys anotherInstance() {
        return startWith(keySettings.signingKeyPassword());
    }

    @Test
    void theActiveKeyIsReloadedOnTheNextStart() throws Exception {
        SigningKeys afterRestart = anotherInstance();

        assertThat(afterRestart.current().getKeyID()).isEqualTo(keys.current().getKeyID());
        assertThat(afterRestart.current().toRSAPrivateKey())
                .isEqualTo(keys.current().toRSAPrivateKey());
        assertThat(jdbc.sql("SELECT count(*) FROM signing_keys WHERE retired_at IS NULL AND activated_at IS NOT NULL")
                        .query(Long.class)
                        .single())
                .as("one active key")
                .isEqualTo(1);
        assertThat(afterRestart.next())
                .isEqualTo(keys.next())
                .isNotEqualTo(keys.current().getKeyID());
        assertThat(keys.publicKeys().getKeyByKeyId(keys.next()))
                .as("the next key is published before it signs")
                .isNotNull();
        assertThat(keys.publicKeys().getKeys()).isNotEmpty().noneMatch(JWK::isPrivate);
    }

    @Test
    void theStoredPrivateKeyIsEncrypted() throws Exception {
        RSAKey active = keys.current();
        byte[] pkcs8 = active.toPrivateKey().getEncoded();
        byte[] stored = jdbc.sql("SELECT private_key FROM signing_keys WHERE kid = ?")
                .param(active.getKeyID())
                .query(byte[].class)
                .single();

        assertThat(HexFormat.of().formatHex(stored))
                .doesNotContain(HexFormat.of().formatHex(pkcs8));
        // not even the private exponent appears
        byte[] exponent = active.toRSAPrivateKey().getPrivateExponent().toByteArray();
        assertThat(HexFormat.of().formatHex(stored))
                .doesNotContain(HexFormat.of().formatHex(exponent));
        assertThat(jdbc.sql("SELECT count(*) FROM signing_keys WHERE private_key_salt IS NULL")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void aWrongPasswordFailsTheStartInsteadOfMakingANewKey() {
        long before =
                jdbc.sql("SELECT count(*) FROM signing_keys").query(Long.class).single();

        assertThatThrownBy(() -> startWith("not-the-password"))
                .isInstanceOf(PrivateKeyCipher.SigningKeyUnreadable.class)
                .hasMessageContaining("DAILYFEED_SIGNING_KEY_PASSWORD")
                .hasMessageContaining(keys.current().getKeyID());
        assertThat(jdbc.sql("SELECT count(*) FROM signing_keys")
                        .query(Long.class)
                        .single())
                .isEqualTo(before);
    }

    @Test
    void noPasswordFailsTheStart() {
        assertThatThrownBy(() -> startWith(""))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("DAILYFEED_SIGNING_KEY_PASSWORD");
        assertThatThrownBy(() -> startWith(null)).hasMessageContaining("DAILYFEED_SIGNING_KEY_PASSWORD");
    }

    @Test
    void aPlaceholderPasswordFailsTheStart() {
        assertThatThrownBy(() -> startWith("CHANGE-ME"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 9 characters: set DAILYFEED_SIGNING_KEY_PASSWORD to at least 16");
    }

    @Test
    void aPlainKeyFromAnEarlierVersionIsEncryptedInPlaceAndKept() throws Exception {
        RSAKey legacy = new RSAKeyGenerator(2048).keyID("legacy-plain").generate();
        byte[] pkcs8 = legacy.toPrivateKey().getEncoded();
        byte[] publicKey = legacy.toRSAPublicKey().getEncoded();
        // rolled back at the end, so the other tests keep their active key
        transactions.executeWithoutResult(status -> {
            status.setRollbackOnly();
            jdbc.sql("UPDATE signing_keys SET retired_at = now() WHERE retired_at IS NULL")
                    .update();
            jdbc.sql(
                            "INSERT INTO signing_keys (kid, private_key, public_key, created_at, activated_at) VALUES (?, ?, ?, now(), now())")
                    .params(legacy.getKeyID(), pkcs8, publicKey)
                    .update();

            SigningKeys upgraded = anotherInstance();

            assertThat(upgraded.current().getKeyID()).isEqualTo("legacy-plain");
            try {
                assertThat(upgraded.current().toRSAPrivateKey().getEncoded()).isEqualTo(pkcs8);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            var stored = jdbc.sql("SELECT private_key, private_key_salt FROM signing_keys WHERE kid = 'legacy-plain'")
                    .query((rs, n) -> new Object[] {rs.getBytes(1), rs.getString(2)})
                    .single();
            assertThat(stored[1]).isNotNull();
            assertThat(Arrays.equals((byte[]) stored[0], pkcs8)).isFalse();
            assertThat(HexFormat.of().formatHex((byte[]) stored[0]))
                    .doesNotContain(HexFormat.of().formatHex(pkcs8));
        });
    }

    @Test
    void rotationSignsWithANewKeyAndKeepsPublishingTheOldOneUntilItsTokensExpired() {
        SigningKeys otherInstance = anotherInstance();
        String old = keys.current().getKeyID();
        String next = keys.next();

        SigningKeys.StoredKey rotated = keys.rotate();

        assertThat(rotated.kid())
                .as("the key published in advance")
                .isEqualTo(next)
                .isNotEqualTo(old);
        assertThat(keys.next()).isNotIn(old, next);
        assertThat(keys.publicKeys().getKeyByKeyId(keys.next())).isNotNull();
        assertThat(rotated.retiredAt()).isNull();
        assertThat(keys.current().getKeyID()).isEqualTo(rotated.kid());
        assertThat(keys.publicKeys().getKeys()).extracting(JWK::getKeyID).contains(rotated.kid(), old);
        assertThat(keys.list())
                .filteredOn(key -> key.kid().equals(old))
                .singleElement()
                .satisfies(key -> assertThat(key.retiredAt()).isNotNull())
                .satisfies(key -> assertThat(key.published()).isTrue());
        // the other instance notices within its refresh interval
        Awaitility.await()
                .atMost(keySettings.signingKeyRefreshInterval().plusSeconds(3))
                .untilAsserted(
                        () -> assertThat(otherInstance.current().getKeyID()).isEqualTo(rotated.kid()));
        assertThat(otherInstance.publicKeys().getKeys())
                .extracting(JWK::getKeyID)
                .contains(rotated.kid(), old);
    }

    @Test
    void aKeyRetiredLongerThanTheLongestTokenLifetimeIsNoLongerPublishedAndIsDeleted() throws Exception {
        assertThat(keys.retention()).isGreaterThan(settings.memberTokenTtl()).isGreaterThan(settings.serviceTokenTtl());
        RSAKey expired =
                new RSAKeyGenerator(2048).keyID("expired-" + System.nanoTime()).generate();
        jdbc.sql("""
                INSERT INTO signing_keys (kid, private_key, private_key_salt, public_key, created_at, retired_at)
                VALUES (?, ?, 'aa', ?, now() - interval '3 days', now() - make_interval(secs => ?))""")
                .params(
                        expired.getKeyID(),
                        new byte[] {1},
                        expired.toRSAPublicKey().getEncoded(),
                        keys.retention().plus(Duration.ofMinutes(1)).toSeconds())
                .update();

        assertThat(anotherInstance().publicKeys().getKeys())
                .extracting(JWK::getKeyID)
                .doesNotContain(expired.getKeyID());
        assertThat(jdbc.sql("SELECT count(*) FROM signing_keys WHERE kid = ?")
                        .param(expired.getKeyID())
                        .query(Long.class)
                        .single())
                .isZero();
    }
}
