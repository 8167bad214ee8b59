package dailyfeed.security;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.Member;
import dailyfeed.harness.ServiceClient;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Handles and passwords the tests make; remembers every password used, for the leak scan. */
final class Credentials {

    /** Every password any test sent in this JVM: none may appear in an answer or a log. */
    static final Set<String> PASSWORDS = ConcurrentHashMap.newKeySet();

    /** The embedded default service client of README.md (overridable by the environment, as the services read it). */
    static final ServiceClient SERVICE_CLIENT = ServiceClient.fromEnvironment();

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    // one run's handles never meet another's in a system that is already running (-De2e.baseUrl)
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private Credentials() {}

    /**
     * A service token with the {@code operations} scope. The one place that knows which client holds that scope (today
     * the embedded default client holds both scopes).
     */
    static String operationsToken(GatewayClient gateway) {
        return gateway.serviceToken(SERVICE_CLIENT, "operations");
    }

    /** A handle no one has yet, valid under http-api.md's rule. */
    static String uniqueHandle(String prefix) {
        return (prefix + "_" + RUN + "_" + SEQUENCE.incrementAndGet()).toLowerCase();
    }

    /** A password that says it is one: distinctive enough that finding it anywhere is a leak, not a coincidence. */
    static String newPassword() {
        String password = "pw-canary-" + UUID.randomUUID();
        PASSWORDS.add(password);
        return password;
    }

    /** A new member with a unique handle and a canary password, signed up and logged in. */
    static Member signUp(GatewayClient gateway, String prefix) {
        String handle = uniqueHandle(prefix);
        return gateway.signUp(handle, "Member " + handle, newPassword());
    }
}
