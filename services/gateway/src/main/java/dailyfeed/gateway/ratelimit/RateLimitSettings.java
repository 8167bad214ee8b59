package dailyfeed.gateway.ratelimit;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * The rate limits, each in requests per minute per client address (0 or less turns that one off); {@code enabled}
 * false turns all off. {@code maxClients} bounds the buckets kept per limit, so a flood of addresses cannot exhaust
 * memory. {@code trustedForwarders} is a pattern of peer addresses (load balancers) whose {@code X-Forwarded-For} names
 * the client; empty (the default) trusts no one, so the client is always the TCP peer.
 */
@ConfigurationProperties("dailyfeed.gateway.rate-limits")
record RateLimitSettings(
        @DefaultValue("true") boolean enabled,
        @DefaultValue("20") long signups,
        @DefaultValue("30") long logins,
        @DefaultValue("30") long tokens,
        @DefaultValue("600") long writes,
        @DefaultValue("100000") long maxClients,
        @DefaultValue("") String trustedForwarders) {

    /** A bucket refills to full within this time, so one idle this long can be forgotten without losing anything. */
    static final Duration WINDOW = Duration.ofMinutes(1);

    long perMinute(RateLimit limit) {
        return switch (limit) {
            case SIGNUPS -> signups;
            case LOGINS -> logins;
            case TOKENS -> tokens;
            case WRITES -> writes;
        };
    }
}
