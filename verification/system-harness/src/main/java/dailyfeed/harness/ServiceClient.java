package dailyfeed.harness;

/**
 * A service client of member-service's token endpoint (client credentials), see http-api.md; the launcher's are in
 * {@link LaunchedSecrets}.
 */
public record ServiceClient(String id, String secret) {

    @Override
    public String toString() {
        return "ServiceClient[id=" + id + "]"; // never the secret
    }
}
