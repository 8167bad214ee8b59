package dailyfeed.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** An RS256 key pair standing in for member-service's: signs tokens and publishes the public half as a JWKS. */
final class TestTokens {

    static final String ISSUER = "http://dailyfeed.test";

    private final RSAKey key;

    private TestTokens(RSAKey key) {
        this.key = key;
    }

    static TestTokens generate(String keyId) {
        try {
            return new TestTokens(new RSAKeyGenerator(2048).keyID(keyId).generate());
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The same key under another key id, as a token from an unknown key claims to be. */
    TestTokens withKeyId(String keyId) {
        return new TestTokens(new RSAKey.Builder(key).keyID(keyId).build());
    }

    String jwks() {
        return new JWKSet(key.toPublicJWK()).toString();
    }

    /** A member token as member-service issues it, valid for a few minutes. */
    String member(long memberId) {
        return sign(ISSUER, memberId, Instant.now().plus(Duration.ofMinutes(5)));
    }

    /** A service token of the operations client (client credentials: no member, scope {@code operations}). */
    String operations() {
        return sign(
                ISSUER,
                "dailyfeed-operations",
                "operations",
                Instant.now().plus(Duration.ofMinutes(5)),
                List.of("gateway", "member-service", "content-service", "activity-service"));
    }

    String expired(long memberId) {
        return sign(ISSUER, memberId, Instant.now().minus(Duration.ofMinutes(5)));
    }

    String issuedBy(String issuer, long memberId) {
        return sign(issuer, memberId, Instant.now().plus(Duration.ofMinutes(5)));
    }

    /** A token otherwise right, meant for {@code audiences} only. */
    String meantFor(List<String> audiences, long memberId) {
        return sign(ISSUER, Long.toString(memberId), "member", Instant.now().plus(Duration.ofMinutes(5)), audiences);
    }

    private String sign(String issuer, long memberId, Instant expiresAt) {
        return sign(
                issuer,
                Long.toString(memberId),
                "member",
                expiresAt,
                List.of("gateway", "member-service", "content-service", "activity-service"));
    }

    private String sign(String issuer, String subject, String scope, Instant expiresAt, List<String> audiences) {
        var claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(subject)
                .audience(audiences)
                .claim("scope", scope)
                .claim("handle", scope.equals("member") ? "member" + subject : null)
                .issueTime(Date.from(expiresAt.minus(Duration.ofMinutes(10))))
                .expirationTime(Date.from(expiresAt))
                .build();
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
