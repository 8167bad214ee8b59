package dailyfeed.platform.security;

import org.springframework.security.oauth2.jwt.Jwt;

/** The member a request acts for, read from a member token's claims. */
public record CurrentMember(long id, String handle, String displayName) {

    public static final String HANDLE_CLAIM = "handle";
    public static final String DISPLAY_NAME_CLAIM = "name";

    /** Reads the member from a token whose subject is the member id. */
    public static CurrentMember of(Jwt jwt) {
        return new CurrentMember(
                Long.parseLong(jwt.getSubject()),
                jwt.getClaimAsString(HANDLE_CLAIM),
                jwt.getClaimAsString(DISPLAY_NAME_CLAIM));
    }
}
