package dailyfeed.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dailyfeed.harness.LaunchedSecrets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Forged bearer tokens, each made with Nimbus JOSE+JWT (the library Spring Security verifies them with) from the
 * claims of a real member token: only the one thing under test is wrong.
 */
final class Tokens {

    private Tokens() {}

    /**
     * The forgeries: name → token. {@code signingKey} is member-service's real private key (read from its database, as
     * an attacker who stole it would have it) for the cases that need a valid signature on bad claims; without it those
     * cases are left out and say so.
     */
    static Map<String, String> forgeries(String realToken, String jwksJson, Optional<RSAKey> signingKey) {
        try {
            SignedJWT real = SignedJWT.parse(realToken);
            JWTClaimsSet claims = real.getJWTClaimsSet();
            String realKid = real.getHeader().getKeyID();
            RSAKey attacker = new RSAKeyGenerator(2048)
                    .keyID(UUID.randomUUID().toString())
                    .generate();
            Map<String, String> forged = new LinkedHashMap<>();
            forged.put("a token that is no JWT", "not-a-jwt");
            forged.put("three empty parts", "..");
            forged.put("the real token, signature cut short", realToken.substring(0, realToken.length() - 6));
            forged.put(
                    "the real token, payload changed (another subject)",
                    swapPayload(
                            realToken,
                            // a member that is not the token's: on a fresh system the owner may be member 1
                            new JWTClaimsSet.Builder(claims)
                                    .subject("1".equals(claims.getSubject()) ? "2" : "1")
                                    .build()));
            forged.put("alg none, real claims", new PlainJWT(claims).serialize());
            forged.put(
                    "alg none, real claims, signature part kept",
                    new PlainJWT(claims).serialize() + real.getSignature());
            forged.put("signed by a key not in the JWKS, with the real key's kid", sign(attacker, realKid, claims));
            forged.put("signed by a key not in the JWKS, own kid", sign(attacker, attacker.getKeyID(), claims));
            forged.put("signed by a key not in the JWKS, no kid", sign(attacker, null, claims));
            forged.put(
                    "HS256 keyed with the published public key (algorithm confusion)",
                    hmacWithPublicKey(jwksJson, realKid, claims));
            signingKey.ifPresent(key -> {
                Instant now = Instant.now();
                forged.put(
                        "expired (real key, expired 10 minutes ago)",
                        sign(
                                key,
                                key.getKeyID(),
                                new JWTClaimsSet.Builder(claims)
                                        .issueTime(Date.from(now.minus(Duration.ofMinutes(70))))
                                        .notBeforeTime(null)
                                        .expirationTime(Date.from(now.minus(Duration.ofMinutes(10))))
                                        .build()));
                forged.put(
                        "wrong issuer (real key)",
                        sign(
                                key,
                                key.getKeyID(),
                                new JWTClaimsSet.Builder(claims)
                                        .issuer("https://attacker.example")
                                        .build()));
                forged.put(
                        "not valid before an hour from now (real key)",
                        sign(
                                key,
                                key.getKeyID(),
                                new JWTClaimsSet.Builder(claims)
                                        .notBeforeTime(Date.from(now.plus(Duration.ofHours(1))))
                                        .build()));
            });
            return forged;
        } catch (ParseException | JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** member-service's current signing key, as stored in its database (private half included). */
    static Optional<RSAKey> stolenSigningKey(
            Optional<String> memberDatabase, Supplier<LaunchedSecrets> secrets, String jwksJson) {
        return memberDatabase.map(url -> {
            // the attacker has the superuser's password: the worst case, a read of everything the database keeps
            try (Connection connection = DriverManager.getConnection(
                            url, LaunchedSecrets.SUPERUSER, secrets.get().superuserPassword());
                    ResultSet row = connection
                            .createStatement()
                            .executeQuery(
                                    "SELECT kid, private_key FROM signing_keys WHERE retired_at IS NULL ORDER BY created_at DESC LIMIT 1")) {
                if (!row.next()) {
                    throw new IllegalStateException("member-service has no signing key");
                }
                String kid = row.getString("kid");
                PrivateKey privateKey = KeyFactory.getInstance("RSA")
                        .generatePrivate(new PKCS8EncodedKeySpec(row.getBytes("private_key")));
                RSAKey published = (RSAKey) JWKSet.parse(jwksJson).getKeyByKeyId(kid);
                return new RSAKey.Builder(published.toRSAPublicKey())
                        .privateKey(privateKey)
                        .keyID(kid)
                        .build();
            } catch (Exception e) {
                throw new IllegalStateException("could not read member-service's signing key", e);
            }
        });
    }

    private static String sign(RSAKey key, String kid, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(kid)
                            .type(JOSEObjectType.JWT)
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hmacWithPublicKey(String jwksJson, String kid, JWTClaimsSet claims)
            throws ParseException, JOSEException {
        RSAKey published = (RSAKey) JWKSet.parse(jwksJson).getKeyByKeyId(kid);
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.HS256)
                        .keyID(kid)
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        jwt.sign(new MACSigner(published.toRSAPublicKey().getEncoded()));
        return jwt.serialize();
    }

    private static String swapPayload(String token, JWTClaimsSet claims) {
        String[] parts = token.split("\\.");
        String payload = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(claims.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return parts[0] + "." + payload + "." + parts[2];
    }
}
