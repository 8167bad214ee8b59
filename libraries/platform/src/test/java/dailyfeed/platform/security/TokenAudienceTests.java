package dailyfeed.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class TokenAudienceTests {

    private final TokenAudience contentService = new TokenAudience("content-service");

    private static Jwt token(List<String> audiences) {
        var builder = Jwt.withTokenValue("t")
                .header("alg", "RS256")
                .subject("7")
                .issuedAt(Instant.now())
                .expiresAt(Instant.now().plusSeconds(60));
        if (audiences != null) {
            builder.audience(audiences);
        }
        return builder.build();
    }

    @Test
    void acceptsATokenThatNamesThisService() {
        assertThat(contentService
                        .validate(token(List.of("gateway", "content-service")))
                        .hasErrors())
                .isFalse();
    }

    @Test
    void refusesATokenMeantForOtherServicesOrForNone() {
        assertThat(contentService.validate(token(List.of("activity-service"))).getErrors())
                .singleElement()
                .satisfies(error -> assertThat(error.getErrorCode()).isEqualTo("invalid_token"));
        assertThat(contentService.validate(token(List.of())).hasErrors()).isTrue();
        assertThat(contentService.validate(token(null)).hasErrors()).isTrue();
    }

    @Test
    void aServiceWithoutAnAudienceDoesNotStart() {
        assertThatThrownBy(() -> new TokenAudience(" ")).hasMessageContaining("dailyfeed.security.audience");
    }
}
