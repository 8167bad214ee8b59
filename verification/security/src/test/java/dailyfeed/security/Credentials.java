package dailyfeed.security;

import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.LaunchedSecrets;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import dailyfeed.harness.ServiceClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/** Handles and passwords the tests make; remembers every password used, for the leak scan. */
final class Credentials {

    /** Every password any test sent in this JVM: none may appear in an answer or a log. */
    static final Set<String> PASSWORDS = ConcurrentHashMap.newKeySet();

    /** The secret every version before issue 13 published in README.md; no system may accept it now. */
    static final String PUBLISHED_SECRET = "dailyfeed-service-secret";

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    // one run's handles never meet another's in a system that is already running (-De2e.baseUrl)
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private Credentials() {}

    /** The system's client that registers activities (scope {@code activities.write} only), from its secrets. */
    static ServiceClient registrationClient(RunningDailyfeed dailyfeed) {
        return dailyfeed.secrets().registrationClient();
    }

    /** The system's client of the operations endpoints (scope {@code operations} only), from its secrets. */
    static ServiceClient operationsClient(RunningDailyfeed dailyfeed) {
        return dailyfeed.secrets().operationsClient();
    }

    /** A token with the {@code operations} scope: the one place the suite gets one. */
    static String operationsToken(GatewayClient gateway, RunningDailyfeed dailyfeed) {
        return gateway.serviceToken(operationsClient(dailyfeed), "operations");
    }

    /**
     * The secrets of the system: its client secrets and database passwords. Empty for a system already running whose
     * secrets this JVM cannot read.
     */
    static List<String> systemSecrets(RunningDailyfeed dailyfeed) {
        try {
            LaunchedSecrets secrets = dailyfeed.secrets();
            List<String> all = new ArrayList<>(List.of(
                    secrets.registrationClient().secret(),
                    secrets.operationsClient().secret(),
                    secrets.superuserPassword()));
            List.of("member", "content", "activity").forEach(database -> all.add(secrets.rolePassword(database)));
            return all;
        } catch (IllegalStateException unknown) {
            return List.of();
        }
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
