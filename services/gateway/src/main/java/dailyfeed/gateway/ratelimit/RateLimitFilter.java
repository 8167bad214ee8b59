package dailyfeed.gateway.ratelimit;

import io.github.bucket4j.ConsumptionProbe;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Answers a request over its client's limit with 429 problem+json and {@code Retry-After} (whole seconds until a
 * token is back), without forwarding it; counts each refusal in {@code dailyfeed.gateway.rate.limit.rejections},
 * tagged with the limit.
 */
final class RateLimitFilter extends OncePerRequestFilter {

    static final String REJECTIONS = "dailyfeed.gateway.rate.limit.rejections";

    private final ClientBuckets buckets;
    private final ClientAddresses addresses;
    private final Map<RateLimit, Counter> rejections = new EnumMap<>(RateLimit.class);

    RateLimitFilter(ClientBuckets buckets, ClientAddresses addresses, MeterRegistry meters) {
        this.buckets = buckets;
        this.addresses = addresses;
        for (RateLimit limit : RateLimit.values()) {
            rejections.put(
                    limit,
                    Counter.builder(REJECTIONS)
                            .description("Requests refused with 429 by a per-address rate limit")
                            .tag("limit", limit.tag())
                            .register(meters));
        }
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Optional<RateLimit> limit = RateLimit.of(request).filter(buckets::limits);
        if (limit.isPresent()) {
            ConsumptionProbe probe = buckets.take(limit.get(), addresses.of(request));
            if (!probe.isConsumed()) {
                rejections.get(limit.get()).increment();
                writeTooManyRequests(response, retryAfterSeconds(probe.getNanosToWaitForRefill()));
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Whole seconds, rounded up and at least 1, so a client that waits that long finds a token. */
    static long retryAfterSeconds(long nanosToWait) {
        long nanosPerSecond = TimeUnit.SECONDS.toNanos(1);
        return Math.max(1, (nanosToWait + nanosPerSecond - 1) / nanosPerSecond);
    }

    private static void writeTooManyRequests(HttpServletResponse response, long retryAfter) throws IOException {
        response.setStatus(429);
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        String body = "{\"type\":\"about:blank\",\"title\":\"Too Many Requests\",\"status\":429,"
                + "\"detail\":\"Too many requests of this kind from this address; retry after " + retryAfter
                + " seconds.\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
