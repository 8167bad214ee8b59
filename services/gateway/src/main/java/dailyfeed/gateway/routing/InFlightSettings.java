package dailyfeed.gateway.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many proxied requests each service may have in flight through this gateway.
 *
 * @param perServiceInstance requests one instance of a service may have in flight at once (a service's limit is this
 *     times its number of instances). Half of Tomcat's 200 request threads, so that one service that has fallen
 *     behind cannot take them all
 * @param maxWait how long a request beyond the limit waits for one in flight to be answered before it is answered 503:
 *     long enough for a burst to pass, short enough that the threads waiting turn over quickly when the service has
 *     fallen behind, so that no queue builds up behind them
 */
@ConfigurationProperties("dailyfeed.gateway.in-flight")
record InFlightSettings(
        @DefaultValue("100") int perServiceInstance,
        @DefaultValue("200ms") Duration maxWait) {

    InFlightSettings {
        if (perServiceInstance < 1) {
            throw new IllegalArgumentException("dailyfeed.gateway.in-flight.per-service-instance must be at least 1");
        }
        if (maxWait.isNegative()) {
            throw new IllegalArgumentException("dailyfeed.gateway.in-flight.max-wait must not be negative");
        }
    }
}
