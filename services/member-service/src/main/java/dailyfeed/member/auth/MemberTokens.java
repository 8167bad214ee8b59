package dailyfeed.member.auth;

import dailyfeed.member.account.Member;
import dailyfeed.platform.security.CurrentMember;
import dailyfeed.platform.security.Scopes;
import java.time.Clock;
import java.time.Instant;
import java.util.UUID;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/**
 * Issues a member's login token: RS256 with the active signing key, subject = member id, scope {@value Scopes#MEMBER},
 * audiences {@link TokenAudiences#MEMBER}.
 */
@Component
class MemberTokens {

    private final JwtEncoder encoder;
    private final SecuritySettings settings;
    private final Clock clock;

    MemberTokens(JwtEncoder encoder, SecuritySettings settings, Clock clock) {
        this.encoder = encoder;
        this.settings = settings;
        this.clock = clock;
    }

    AccessToken issueFor(Member member) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
                .issuer(settings.issuer())
                .subject(Long.toString(member.id()))
                .audience(TokenAudiences.MEMBER)
                .id(UUID.randomUUID().toString())
                .issuedAt(now)
                .expiresAt(now.plus(settings.memberTokenTtl()))
                .claim("scope", Scopes.MEMBER)
                .claim(CurrentMember.HANDLE_CLAIM, member.handle())
                .claim(CurrentMember.DISPLAY_NAME_CLAIM, member.displayName())
                .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").build();
        String token = encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
        return new AccessToken(token, "Bearer", settings.memberTokenTtl().toSeconds());
    }

    /** The body of a successful login. */
    record AccessToken(String accessToken, String tokenType, long expiresIn) {}
}
