package dailyfeed.gateway.routing;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The event streams' asynchronous path.
 *
 * @param maxPendingBytes how much of a stream may wait in the gateway for its client; beyond it, the gateway stops
 *     reading the service's connection until the client has taken some
 * @param timeout how long a stream may stay open at most (0: no limit of the gateway's own)
 * @param clientThreads how many threads carry every stream's data from the services to the clients (one selector
 *     thread of a client of its own each)
 * @param stallTimeout how long data may wait for a client that takes none of it before its stream is dropped
 */
@ConfigurationProperties("dailyfeed.gateway.stream")
record StreamSettings(
        @DefaultValue("256KB") DataSize maxPendingBytes,
        @DefaultValue("1h") Duration timeout,
        @DefaultValue("1") int clientThreads,
        @DefaultValue("15s") Duration stallTimeout) {}
