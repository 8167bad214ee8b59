package dailyfeed.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;

class VerifiedTokensTests {

    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private final List<String> checked = new ArrayList<>();

    /** Verifies "good-*" tokens (expiring a minute after NOW), refuses the rest, and counts every check. */
    private final JwtDecoder decoder = token -> {
        checked.add(token);
        if (!token.startsWith("good")) {
            throw new BadJwtException("bad signature");
        }
        return Jwt.withTokenValue(token)
                .header("alg", "RS256")
                .subject("7")
                .issuedAt(NOW)
                .expiresAt(NOW.plusSeconds(60))
                .build();
    };

    private VerifiedTokens at(Instant now) {
        return new VerifiedTokens(decoder, 100, Duration.ofMinutes(5), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void checksATokenOnceWhileItIsValid() {
        VerifiedTokens tokens = at(NOW);
        Jwt first = tokens.decode("good-a");
        Jwt again = tokens.decode("good-a");
        tokens.decode("good-b");
        assertThat(again).isSameAs(first);
        assertThat(checked).containsExactly("good-a", "good-b");
    }

    @Test
    void checksARefusedTokenEveryTime() {
        VerifiedTokens tokens = at(NOW);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThatThrownBy(() -> tokens.decode("forged")).isInstanceOf(BadJwtException.class);
        assertThat(checked).containsExactly("forged", "forged");
    }

    @Test
    void handsAnExpiredTokenBackToTheDecoder() {
        VerifiedTokens later = at(NOW.plusSeconds(120)); // past the tokens' expiry
        later.decode("good-a");
        later.decode("good-a");
        assertThat(checked).containsExactly("good-a", "good-a");
    }
}
