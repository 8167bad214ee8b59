package dailyfeed.member.auth;

import dailyfeed.platform.security.Scopes;
import java.util.List;
import java.util.Set;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * The two service clients of {@code /oauth2/token} ({@code dailyfeed.security.clients.*}): one may only register
 * activities, the other may only call the operations endpoints, so a leaked registration secret cannot drain the
 * dead-letter store and an operations secret cannot write anyone's activity. Their scopes are fixed here, not
 * configured.
 *
 * <p>There is no default secret: binding fails, and member-service does not start, when a secret is missing, shorter
 * than {@value #MINIMUM_SECRET_LENGTH} characters or one published in this repository. The message names the
 * environment variable to set.
 *
 * @param registration the client that registers activities (scope {@code activities.write})
 * @param operations   the client that calls the operations endpoints (scope {@code operations})
 */
@ConfigurationProperties("dailyfeed.security.clients")
record ServiceClientsSettings(ServiceClient registration, ServiceClient operations) {

    static final String REGISTRATION_SECRET_VARIABLE = "DAILYFEED_SERVICE_CLIENT_SECRET";
    static final String OPERATIONS_SECRET_VARIABLE = "DAILYFEED_OPERATIONS_CLIENT_SECRET";
    static final int MINIMUM_SECRET_LENGTH = 16;

    /**
     * Secrets anyone can read in this repository: earlier versions' default and the examples of the docs. A service
     * that accepted them would let anyone who read the README mint tokens.
     */
    static final Set<String> PUBLISHED_SECRETS = Set.of("dailyfeed-service-secret", "dailyfeed-operations-secret");

    ServiceClientsSettings {
        checkSecret(
                registration, "registration", "dailyfeed.security.clients.registration", REGISTRATION_SECRET_VARIABLE);
        checkSecret(operations, "operations", "dailyfeed.security.clients.operations", OPERATIONS_SECRET_VARIABLE);
        if (registration.id().equals(operations.id())) {
            throw new IllegalStateException("the registration and operations clients need different ids, both are '"
                    + registration.id() + "' (DAILYFEED_SERVICE_CLIENT_ID, DAILYFEED_OPERATIONS_CLIENT_ID)");
        }
    }

    private static void checkSecret(ServiceClient client, String role, String prefix, String variable) {
        if (client == null || client.id() == null || client.id().isBlank()) {
            throw new IllegalStateException("the " + role + " service client has no id (" + prefix + ".id)");
        }
        String secret = client.secret();
        if (secret == null || secret.isBlank()) {
            throw new IllegalStateException("the " + role + " service client '" + client.id() + "' has no secret: set "
                    + variable + " (./dailyfeed up generates one in <data-dir>/secrets.properties)");
        }
        if (PUBLISHED_SECRETS.contains(secret.trim())) {
            throw new IllegalStateException("the " + role + " service client '" + client.id()
                    + "' has a secret published in the dailyfeed repository: set " + variable
                    + " to a secret of your own");
        }
        if (secret.length() < MINIMUM_SECRET_LENGTH) {
            throw new IllegalStateException("the " + role + " service client '" + client.id() + "' has a secret of "
                    + secret.length() + " characters: set " + variable + " to at least " + MINIMUM_SECRET_LENGTH);
        }
    }

    /** The clients in the order they are registered, each with the one scope it may ask for. */
    List<ScopedClient> scoped() {
        return List.of(
                new ScopedClient(registration, Scopes.ACTIVITIES_WRITE),
                new ScopedClient(operations, Scopes.OPERATIONS));
    }

    /** A client id and secret. */
    record ServiceClient(String id, String secret) {

        @Override
        public String toString() {
            return "ServiceClient[id=" + id + "]"; // never log the secret
        }
    }

    /** A client with the only scope it is granted. */
    record ScopedClient(ServiceClient client, String scope) {}
}
