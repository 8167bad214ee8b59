package dailyfeed.gateway.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The event streams' asynchronous path: how much may wait for a client that does not read before its stream is
 * dropped, how long a stream may stay open at most (0: no limit of the gateway's own), and how many threads carry
 * every stream's data from the services to the clients.
 */
@ConfigurationProperties("dailyfeed.gateway.stream")
record StreamSettings(
        @DefaultValue("256KB") DataSize maxPendingBytes,
        @DefaultValue("1h") Duration timeout,
        @DefaultValue("2") int clientThreads) {}
