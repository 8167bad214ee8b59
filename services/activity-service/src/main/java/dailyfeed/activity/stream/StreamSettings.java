package dailyfeed.activity.stream;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * The live stream's limits.
 *
 * @param timeout how long one connection may stay open before the client reconnects (and resumes)
 * @param heartbeat how often every connection gets a comment, so that proxies and load balancers keep it open (the
 *                  connections take turns within it, see {@link FollowingsStreams#HEARTBEAT_SLICES})
 * @param reconnectDelay the {@code retry:} a client waits before reconnecting
 * @param maxPerMember open streams one member may hold on this instance (tabs and devices); the next gets 429
 * @param maxPendingBytes events that may wait for a reader who does not read; beyond, its stream is dropped
 * @param resumeLimit at most this many missed activities are replayed on resume; beyond, the client is told to reload
 * @param resumeWindow a resume looks for the reader's missed activities among at most this many activities of anyone
 */
@ConfigurationProperties("dailyfeed.activity.stream")
record StreamSettings(
        @DefaultValue("30m") Duration timeout,
        @DefaultValue("15s") Duration heartbeat,
        @DefaultValue("5s") Duration reconnectDelay,
        @DefaultValue("8") int maxPerMember,
        @DefaultValue("256KB") DataSize maxPendingBytes,
        @DefaultValue("1000") int resumeLimit,
        @DefaultValue("100000") int resumeWindow) {}
