package dailyfeed.platform.security;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * A token decoder that remembers the tokens it verified for a short while. A client sends the same token with each
 * request for as long as it holds it, and checking it again (parsing, an RSA signature, the claims) costs more CPU
 * than a small request's own work; the result cannot differ while the token has not expired. A token that failed is
 * not remembered: it is checked again each time, exactly as without this.
 *
 * <p>What remembering changes: a signing key that member-service withdraws stops being accepted up to
 * {@code rememberFor} later than otherwise (keys are cached for minutes anyway, {@link KeySetSettings}).
 */
final class VerifiedTokens implements JwtDecoder {

    private final JwtDecoder decoder;
    private final Cache<String, Jwt> verified;
    private final Clock clock;

    VerifiedTokens(JwtDecoder decoder, int maxTokens, Duration rememberFor, Clock clock) {
        this.decoder = decoder;
        this.clock = clock;
        this.verified = Caffeine.newBuilder()
                .maximumSize(maxTokens)
                .expireAfterWrite(rememberFor)
                .build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        Jwt jwt = verified.getIfPresent(token);
        if (jwt != null && unexpired(jwt)) {
            return jwt;
        }
        jwt = decoder.decode(token); // throws for a token that is not (or no longer) valid
        verified.put(token, jwt);
        return jwt;
    }

    /** Past its expiry a token goes back to the decoder, which knows the clock skew it allows. */
    private boolean unexpired(Jwt jwt) {
        Instant expiresAt = jwt.getExpiresAt();
        return expiresAt == null || clock.instant().isBefore(expiresAt);
    }
}
