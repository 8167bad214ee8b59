package dailyfeed.member.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
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
import java.util.List;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The RSA key pair that signs tokens: generated on first start and kept in the database, so tokens stay valid
 * across restarts and every instance signs with the same key. The public half is what the JWKS publishes.
 */
@Component
class SigningKeys {

    private final RSAKey current;

    SigningKeys(JdbcClient jdbc, TransactionTemplate transactions) {
        this.current = transactions.execute(status -> loadOrCreate(jdbc));
    }

    /** The signing key, private half included. */
    RSAKey current() {
        return current;
    }

    /** The public keys that verify tokens, as published at the JWKS endpoint. */
    JWKSet publicKeys() {
        return new JWKSet(current.toPublicJWK());
    }

    private static RSAKey loadOrCreate(JdbcClient jdbc) {
        // Serializes first starts of several instances, so exactly one key gets created.
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('dailyfeed.signing_keys'))")
                .query()
                .singleRow();
        List<RSAKey> active = jdbc.sql("""
                SELECT kid, private_key, public_key FROM signing_keys
                 WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1""")
                .query((rs, n) -> toKey(rs.getString("kid"), rs.getBytes("private_key"), rs.getBytes("public_key")))
                .list();
        if (!active.isEmpty()) {
            return active.get(0);
        }
        RSAKey generated = generate();
        try {
            jdbc.sql("INSERT INTO signing_keys (kid, private_key, public_key) VALUES (?, ?, ?)")
                    .params(
                            generated.getKeyID(),
                            generated.toPrivateKey().getEncoded(),
                            generated.toPublicKey().getEncoded())
                    .update();
        } catch (JOSEException e) {
            throw new IllegalStateException("could not encode the new signing key", e);
        }
        return generated;
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

    private static RSAKey toKey(String kid, byte[] privateKey, byte[] publicKey) {
        try {
            KeyFactory rsa = KeyFactory.getInstance("RSA");
            return new RSAKey.Builder((RSAPublicKey) rsa.generatePublic(new X509EncodedKeySpec(publicKey)))
                    .privateKey((RSAPrivateKey) rsa.generatePrivate(new PKCS8EncodedKeySpec(privateKey)))
                    .keyID(kid)
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.RS256)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("stored signing key " + kid + " is unreadable", e);
        }
    }
}
