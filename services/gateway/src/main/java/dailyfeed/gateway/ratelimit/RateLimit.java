package dailyfeed.gateway.ratelimit;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Optional;
import java.util.Set;

/** The limited kinds of request, each with a bucket of its own per client address. */
enum RateLimit {
    /** {@code POST /api/members}: each sign-up hashes a password and creates a member. */
    SIGNUPS("signups"),
    /** {@code POST /api/auth/login}: each runs Argon2; the per-handle throttle of member-service adds to this. */
    LOGINS("logins"),
    /** {@code /oauth2/token}: each checks a client secret with Argon2. */
    TOKENS("tokens"),
    /** Every other POST, PUT, PATCH and DELETE under {@code /api/} (posts, comments, likes, follows...). */
    WRITES("writes");

    private static final Set<String> WRITE_METHODS = Set.of("POST", "PUT", "PATCH", "DELETE");

    private final String tag;

    RateLimit(String tag) {
        this.tag = tag;
    }

    /** The name in settings, metrics and logs. */
    String tag() {
        return tag;
    }

    /** The limit a request counts against, if any. */
    static Optional<RateLimit> of(HttpServletRequest request) {
        String path = normalized(request.getRequestURI());
        String method = request.getMethod();
        if (path.equals("/oauth2/token")) {
            return Optional.of(TOKENS);
        }
        if (!WRITE_METHODS.contains(method) || !path.startsWith("/api/")) {
            return Optional.empty();
        }
        if (method.equals("POST") && path.equals("/api/members")) {
            return Optional.of(SIGNUPS);
        }
        if (method.equals("POST") && path.equals("/api/auth/login")) {
            return Optional.of(LOGINS);
        }
        return Optional.of(WRITES);
    }

    /**
     * Repeated and trailing slashes do not make another endpoint of it (Spring Security's firewall refuses most such
     * paths anyway, but this filter runs before it).
     */
    private static String normalized(String uri) {
        String path = uri.replaceAll("/{2,}", "/");
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
