package dailyfeed.member.auth;

import dailyfeed.platform.security.Scopes;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which resource servers a token is meant for ({@code aud}); each one accepts only tokens naming its own audience
 * (its application name, {@code dailyfeed.security.audience}). A member token is good everywhere a member is served;
 * a registration token only at the gateway (the route to the registration API) and activity-service; an operations
 * token at the services' own management ports, and at the gateway, so that one sent to an API it has no scope for is
 * answered 403 (insufficient scope) by the service rather than 401 (gateway routes no management path).
 */
final class TokenAudiences {

    static final String GATEWAY = "gateway";
    static final String MEMBER_SERVICE = "member-service";
    static final String CONTENT_SERVICE = "content-service";
    static final String ACTIVITY_SERVICE = "activity-service";

    static final List<String> MEMBER = List.of(GATEWAY, MEMBER_SERVICE, CONTENT_SERVICE, ACTIVITY_SERVICE);

    private TokenAudiences() {}

    /** The audiences of a service token granted {@code scopes}: those of each scope. */
    static List<String> ofServiceScopes(Set<String> scopes) {
        Set<String> audiences = new LinkedHashSet<>();
        if (scopes.contains(Scopes.ACTIVITIES_WRITE)) {
            audiences.addAll(List.of(GATEWAY, ACTIVITY_SERVICE));
        }
        if (scopes.contains(Scopes.OPERATIONS)) {
            audiences.addAll(List.of(GATEWAY, MEMBER_SERVICE, CONTENT_SERVICE, ACTIVITY_SERVICE));
        }
        return List.copyOf(audiences);
    }
}
