package dailyfeed.platform.security;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Accepts only tokens whose {@code aud} names this resource server: a token member-service issued for another
 * service (say, a registration token meant for activity-service) is refused here with a 401, however valid its
 * signature and issuer.
 */
public final class TokenAudience implements OAuth2TokenValidator<Jwt> {

    private final String audience;

    public TokenAudience(String audience) {
        if (audience == null || audience.isBlank()) {
            throw new IllegalStateException(
                    "set dailyfeed.security.audience (or spring.application.name): tokens are checked against it");
        }
        this.audience = audience;
    }

    /** The audience this resource server accepts. */
    public String audience() {
        return audience;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        if (token.getAudience() != null && token.getAudience().contains(audience)) {
            return OAuth2TokenValidatorResult.success();
        }
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(
                OAuth2ErrorCodes.INVALID_TOKEN, "The token is not meant for " + audience + " (aud)", null));
    }
}
