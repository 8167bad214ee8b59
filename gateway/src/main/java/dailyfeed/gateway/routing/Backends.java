package dailyfeed.gateway.routing;

import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;

/** Where each service answers; the gateway forwards to these base addresses. */
@ConfigurationProperties("dailyfeed.gateway.backends")
public record Backends(URI memberService, URI contentService, URI activityService) {
}
