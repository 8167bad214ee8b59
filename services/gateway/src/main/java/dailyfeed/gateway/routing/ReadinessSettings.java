package dailyfeed.gateway.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway asks whether the services can serve ({@link ServicesReadiness}): each instance's readiness must
 * answer within {@code timeout}, and an answer is kept for {@code cacheFor}.
 */
@ConfigurationProperties("dailyfeed.gateway.readiness")
record ReadinessSettings(
        @DefaultValue("1s") Duration timeout,
        @DefaultValue("1s") Duration cacheFor) {}
