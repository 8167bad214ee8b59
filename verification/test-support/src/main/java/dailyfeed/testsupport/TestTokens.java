package dailyfeed.testsupport;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Real RS256 tokens for services tested without member-service: tokens shaped like member-service's (member id as
 * {@code sub}, scope {@code member}, {@code handle} and {@code name} claims, issuer {@code http://localhost:8080},
 * {@code aud} as member-service gives them),
 * signed with a key pair made once per test JVM, and a {@link JwtDecoder} that trusts that key only.
 *
 * <p>Import {@link Decoder} into a test context to make it check tokens against this key instead of the JWKS.
 */
public final class TestTokens {

    public static final String ISSUER = "http://localhost:8080";

    /** The audiences member-service gives a member token: every resource server that serves members. */
    public static final List<String> MEMBER_AUDIENCES =
            List.of("gateway", "member-service", "content-service", "activity-service");

    private static final RSAKey KEY = generate("dailyfeed-test");

    private TestTokens() {}

    /** A member's login token, valid for an hour. */
    public static String member(long id, String handle, String displayName) {
        return sign(
                KEY,
                claims(Long.toString(id), Instant.now().plus(Duration.ofHours(1)))
                        .audience(MEMBER_AUDIENCES)
                        .claim("scope", "member")
                        .claim("handle", handle)
                        .claim("name", displayName)
                        .build());
    }

    /** A service token with these scopes (as the client-credentials grant issues them), valid for an hour. */
    public static String service(String... scopes) {
        return sign(
                KEY,
                claims("dailyfeed-service", Instant.now().plus(Duration.ofHours(1)))
                        .audience(serviceAudiences(List.of(scopes)))
                        .claim("scope", List.of(scopes))
                        .build());
    }

    /** The audiences member-service gives a service token of these scopes. */
    public static List<String> serviceAudiences(List<String> scopes) {
        java.util.Set<String> audiences = new java.util.LinkedHashSet<>();
        if (scopes.contains("activities.write")) {
            audiences.addAll(List.of("gateway", "activity-service"));
        }
        if (scopes.contains("operations")) {
            audiences.addAll(List.of("member-service", "content-service", "activity-service"));
        }
        return List.copyOf(audiences);
    }

    /** A member token that expired an hour ago. */
    public static String expiredMember(long id, String handle, String displayName) {
        return sign(
                KEY,
                claims(Long.toString(id), Instant.now().minus(Duration.ofHours(1)))
                        .issueTime(Date.from(Instant.now().minus(Duration.ofHours(2))))
                        .claim("scope", "member")
                        .claim("handle", handle)
                        .claim("name", displayName)
                        .build());
    }

    /** A member token signed with a key nobody trusts. */
    public static String foreignMember(long id, String handle, String displayName) {
        return sign(
                generate("stranger"),
                claims(Long.toString(id), Instant.now().plus(Duration.ofHours(1)))
                        .audience(MEMBER_AUDIENCES)
                        .claim("scope", "member")
                        .claim("handle", handle)
                        .claim("name", displayName)
                        .build());
    }

    /** Checks RS256 signatures against the test key, expiry, and the issuer, as the services' decoders do. */
    public static JwtDecoder decoder() {
        try {
            NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey((RSAPublicKey) KEY.toPublicKey())
                    .build();
            decoder.setJwtValidator(JwtValidators.createDefaultWithIssuer(ISSUER));
            return decoder;
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Replaces the service's JWKS-backed decoder with {@link #decoder()}. */
    @Configuration(proxyBeanMethods = false)
    public static class Decoder {

        @Bean
        @Primary
        JwtDecoder testJwtDecoder() {
            return decoder();
        }
    }

    private static JWTClaimsSet.Builder claims(String subject, Instant expiresAt) {
        return new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .subject(subject)
                .issueTime(Date.from(Instant.now().minusSeconds(5)))
                .expirationTime(Date.from(expiresAt));
    }

    private static String sign(RSAKey key, JWTClaimsSet claims) {
        try {
            SignedJWT jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
