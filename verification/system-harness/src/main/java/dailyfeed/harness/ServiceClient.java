package dailyfeed.harness;

import java.util.Map;

/** A service client of member-service's token endpoint (client credentials), see http-api.md. */
public record ServiceClient(String id, String secret) {

    /** The embedded default, overridden by the environment as the services read it. */
    public static ServiceClient fromEnvironment() {
        Map<String, String> environment = System.getenv();
        return new ServiceClient(
                environment.getOrDefault("DAILYFEED_SERVICE_CLIENT_ID", "dailyfeed-service"),
                environment.getOrDefault("DAILYFEED_SERVICE_CLIENT_SECRET", "dailyfeed-service-secret"));
    }
}
