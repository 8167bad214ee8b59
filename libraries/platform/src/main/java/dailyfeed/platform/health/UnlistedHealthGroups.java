package dailyfeed.platform.health;

import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.web.WebServerNamespace;
import org.springframework.boot.health.actuate.endpoint.AdditionalHealthEndpointPath;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroup;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;

/**
 * Keeps the health groups (liveness, readiness) answering at their paths but out of {@code GET /actuator/health}'s
 * body: Boot lists every group's name there ({@code "groups":["liveness","readiness"]}), and the documented answer
 * is a plain {@code {"status":"UP"}}. The groups are documented instead (docs/operating.md).
 */
final class UnlistedHealthGroups implements HealthEndpointGroupsPostProcessor {

    @Override
    public HealthEndpointGroups postProcessHealthEndpointGroups(HealthEndpointGroups groups) {
        return new Unlisted(groups);
    }

    /** The same groups, found by name or path, with no names to list. */
    private record Unlisted(HealthEndpointGroups groups) implements HealthEndpointGroups {

        @Override
        public HealthEndpointGroup getPrimary() {
            return groups.getPrimary();
        }

        @Override
        public Set<String> getNames() {
            return Set.of();
        }

        @Override
        public @Nullable HealthEndpointGroup get(String name) {
            return groups.get(name);
        }

        @Override
        public @Nullable HealthEndpointGroup get(AdditionalHealthEndpointPath path) {
            return groups.get(path);
        }

        @Override
        public Set<HealthEndpointGroup> getAllWithAdditionalPath(WebServerNamespace namespace) {
            return groups.getAllWithAdditionalPath(namespace);
        }
    }
}
