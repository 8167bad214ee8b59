package dailyfeed.platform.security;

/** The scopes dailyfeed tokens carry, and the authorities Spring Security derives from them. */
public final class Scopes {

    /** Carried by every member's login token: the bearer acts as that member ({@code sub} is the member id). */
    public static final String MEMBER = "member";

    /** Carried by service tokens allowed to register activities. */
    public static final String ACTIVITIES_WRITE = "activities.write";

    /** Carried by service tokens of operators' tools: actuator write operations such as a dead-letter redrive. */
    public static final String OPERATIONS = "operations";

    public static final String OPERATIONS_AUTHORITY = "SCOPE_" + OPERATIONS;
    public static final String MEMBER_AUTHORITY = "SCOPE_" + MEMBER;
    public static final String ACTIVITIES_WRITE_AUTHORITY = "SCOPE_" + ACTIVITIES_WRITE;

    private Scopes() {}
}
