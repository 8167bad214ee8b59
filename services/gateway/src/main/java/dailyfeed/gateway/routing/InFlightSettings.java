package dailyfeed.gateway.routing;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How many proxied requests each service may have in flight through this gateway.
 *
 * @param perServiceInstance requests one instance of a service may have in flight at once (a service's limit is this
 *     times its number of instances); the next is answered 503 at once. Below Tomcat's 200 request threads, so that
 *     one service that has fallen behind cannot take them all
 */
@ConfigurationProperties("dailyfeed.gateway.in-flight")
record InFlightSettings(@DefaultValue("100") int perServiceInstance) {

    InFlightSettings {
        if (perServiceInstance < 1) {
            throw new IllegalArgumentException("dailyfeed.gateway.in-flight.per-service-instance must be at least 1");
        }
    }
}
