package dailyfeed.gateway.ratelimit;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;
import java.util.EnumMap;
import java.util.Map;

/**
 * One token bucket per limit and client address: a limit of n per minute holds n tokens (a client may spend them at
 * once) and refills them evenly over the minute. Buckets live in a bounded cache and are dropped after a minute
 * unused, when they would be full again anyway, so forgetting one gives no one more than the limit.
 */
final class ClientBuckets {

    private final Map<RateLimit, Cache<String, Bucket>> buckets = new EnumMap<>(RateLimit.class);
    private final Map<RateLimit, Long> perMinute = new EnumMap<>(RateLimit.class);

    ClientBuckets(RateLimitSettings settings) {
        for (RateLimit limit : RateLimit.values()) {
            long capacity = settings.perMinute(limit);
            if (capacity > 0) {
                perMinute.put(limit, capacity);
                buckets.put(
                        limit,
                        Caffeine.newBuilder()
                                .maximumSize(settings.maxClients())
                                .expireAfterAccess(RateLimitSettings.WINDOW)
                                .build());
            }
        }
    }

    /** Whether {@code limit} is on (a positive number per minute). */
    boolean limits(RateLimit limit) {
        return buckets.containsKey(limit);
    }

    /** Takes one token of {@code client}'s bucket for {@code limit}; the probe says whether it could, else how long to wait. */
    ConsumptionProbe take(RateLimit limit, String client) {
        long capacity = perMinute.get(limit);
        return buckets.get(limit)
                .get(
                        client,
                        address -> Bucket.builder()
                                .addLimit(bandwidth ->
                                        bandwidth.capacity(capacity).refillGreedy(capacity, RateLimitSettings.WINDOW))
                                .build())
                .tryConsumeAndReturnRemaining(1);
    }
}
