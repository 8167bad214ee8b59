package dailyfeed.gateway.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How the gateway asks whether the services can serve ({@link ServicesReadiness}): each instance's readiness must
 * answer within {@code timeout}, an answer is kept for {@code cacheFor}, and every instance is asked every
 * {@code probeEvery} to steer the balancing away from one that is not ready.
 */
@ConfigurationProperties("dailyfeed.gateway.readiness")
record ReadinessSettings(
        @DefaultValue("1s") Duration timeout,
        @DefaultValue("1s") Duration cacheFor,
        @DefaultValue("2s") Duration probeEvery) {}
