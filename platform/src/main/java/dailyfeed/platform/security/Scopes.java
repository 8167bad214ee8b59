package dailyfeed.platform.security;

/** The scopes dailyfeed tokens carry, and the authorities Spring Security derives from them. */
public final class Scopes {

    /** Carried by every member's login token: the bearer acts as that member ({@code sub} is the member id). */
    public static final String MEMBER = "member";

    /** Carried by service tokens allowed to register activities. */
    public static final String ACTIVITIES_WRITE = "activities.write";

    public static final String MEMBER_AUTHORITY = "SCOPE_" + MEMBER;
    public static final String ACTIVITIES_WRITE_AUTHORITY = "SCOPE_" + ACTIVITIES_WRITE;

    private Scopes() {
    }
}
