package dailyfeed.launcher;

import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The environment variables a service or gateway process reads (see each application.properties), for a system whose
 * services answer at {@code serviceUrls}.
 *
 * @param serviceUrls every instance of each service, comma-separated: each gateway balances over all of them
 * @param issuer      the address the browser sees, which tokens name and every gateway accepts
 * @param pgPort      PostgreSQL's port; each service logs in as the role that owns its database
 * @param kafkaBootstrap every Kafka node's client address on loopback, comma-separated
 * @param secrets     the database passwords, and member-service's client secrets and signing-key password
 */
public record ChildEnvironment(
        Map<Component, String> serviceUrls, String issuer, int pgPort, String kafkaBootstrap, LauncherSecrets secrets) {

    public ChildEnvironment {
        serviceUrls = Collections.unmodifiableMap(new EnumMap<>(serviceUrls));
    }

    /** The environment of the children of a launcher with these settings and secrets. */
    static ChildEnvironment of(LauncherSettings settings, LauncherSecrets secrets) {
        Map<Component, String> urls = settings.services().stream()
                .collect(Collectors.groupingBy(
                        Instance::component,
                        () -> new EnumMap<>(Component.class),
                        Collectors.mapping(Instance::url, Collectors.joining(","))));
        return new ChildEnvironment(
                urls,
                "http://localhost:" + settings.gatewayPort(),
                settings.pgPort(),
                settings.kafkaNodes().bootstrapServers(),
                secrets);
    }

    /** The variables of one process of {@code component} listening on {@code port}. */
    public Map<String, String> of(Component component, int port) {
        Map<String, String> env = new LinkedHashMap<>();
        serviceUrls.forEach((service, urls) -> env.put(service.urlVariable(), urls));
        env.put("DAILYFEED_ISSUER", issuer);
        env.put("PORT", Integer.toString(port));
        component.database().ifPresent(database -> {
            env.put("DB_URL", "jdbc:postgresql://localhost:" + pgPort + "/" + database);
            env.put("DB_USERNAME", LauncherSecrets.roleOf(database));
            env.put("DB_PASSWORD", secrets.databasePassword(database));
            env.put("KAFKA_BOOTSTRAP_SERVERS", kafkaBootstrap);
        });
        if (component == Component.MEMBER_SERVICE) {
            // only the token issuer holds the client secrets and the key that protects its signing keys
            LauncherSecrets.OVERRIDABLE.forEach(key -> env.put(key, secrets.get(key)));
        }
        return env;
    }
}
