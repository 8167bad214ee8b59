package dailyfeed.gateway.routing;

import java.net.URI;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Where each service answers: one base address per instance (a comma-separated list in the environment, e.g.
 * {@code ACTIVITY_SERVICE_URL=http://localhost:8083,http://localhost:8093}); one address is one instance.
 */
@ConfigurationProperties("dailyfeed.gateway.backends")
public record Backends(List<URI> memberService, List<URI> contentService, List<URI> activityService) {}
