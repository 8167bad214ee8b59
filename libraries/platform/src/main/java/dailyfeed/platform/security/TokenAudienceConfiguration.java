package dailyfeed.platform.security;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.context.annotation.Bean;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Makes every resource server check {@code aud} besides issuer and signature: Spring Boot adds each
 * {@code OAuth2TokenValidator<Jwt>} bean to the decoder it builds from {@code jwk-set-uri}; a service with its own
 * decoder (member-service) injects this bean. The audience is {@code dailyfeed.security.audience}, by default the
 * application name.
 */
@AutoConfiguration
@ConditionalOnClass(Jwt.class)
public class TokenAudienceConfiguration {

    @Bean
    OAuth2TokenValidator<Jwt> tokenAudience(
            @Value("${dailyfeed.security.audience:${spring.application.name:}}") String audience) {
        return new TokenAudience(audience);
    }
}
