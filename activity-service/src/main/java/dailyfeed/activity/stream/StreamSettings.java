package dailyfeed.activity.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The live stream: how long one connection may stay open before the client reconnects, and how often an idle
 * connection gets a comment so that proxies and load balancers do not close it.
 */
@ConfigurationProperties("dailyfeed.activity.stream")
record StreamSettings(@DefaultValue("30m") Duration timeout, @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("5s") Duration reconnectDelay) {
}
