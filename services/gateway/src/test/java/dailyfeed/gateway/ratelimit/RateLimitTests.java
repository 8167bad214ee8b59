package dailyfeed.gateway.ratelimit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.mock.web.MockHttpServletRequest;

class RateLimitTests {

    static final RateLimitSettings SMALL = new RateLimitSettings(true, 2, 2, 2, 3, 1000, "");

    @Test
    void eachRequestCountsAgainstTheLimitOfItsKind() {
        assertThat(limitOf("POST", "/api/members")).hasValue(RateLimit.SIGNUPS);
        assertThat(limitOf("POST", "/api/members/")).hasValue(RateLimit.SIGNUPS);
        assertThat(limitOf("POST", "//api//auth/login")).hasValue(RateLimit.LOGINS);
        assertThat(limitOf("POST", "/oauth2/token")).hasValue(RateLimit.TOKENS);
        assertThat(limitOf("PUT", "/api/members/5/follow")).hasValue(RateLimit.WRITES);
        assertThat(limitOf("DELETE", "/api/members/5/follow")).hasValue(RateLimit.WRITES);
        assertThat(limitOf("POST", "/api/posts")).hasValue(RateLimit.WRITES);
        assertThat(limitOf("PATCH", "/api/comments/3")).hasValue(RateLimit.WRITES);
        assertThat(limitOf("GET", "/api/members/me")).isEmpty();
        assertThat(limitOf("GET", "/api/activities/followings/stream")).isEmpty();
        assertThat(limitOf("POST", "/assets/app.css")).isEmpty();
    }

    @Test
    void anotherAddressHasItsOwnBucketAndAnotherLimitItsOwnToo() {
        var buckets = new ClientBuckets(SMALL);
        assertThat(buckets.take(RateLimit.SIGNUPS, "192.0.2.1").isConsumed()).isTrue();
        assertThat(buckets.take(RateLimit.SIGNUPS, "192.0.2.1").isConsumed()).isTrue();
        assertThat(buckets.take(RateLimit.SIGNUPS, "192.0.2.1").isConsumed()).isFalse();

        assertThat(buckets.take(RateLimit.SIGNUPS, "192.0.2.2").isConsumed()).isTrue();
        assertThat(buckets.take(RateLimit.LOGINS, "192.0.2.1").isConsumed()).isTrue();
    }

    @Test
    void aLimitOfZeroIsOff() {
        var buckets = new ClientBuckets(new RateLimitSettings(true, 0, 2, 2, 3, 1000, ""));
        assertThat(buckets.limits(RateLimit.SIGNUPS)).isFalse();
        assertThat(buckets.limits(RateLimit.LOGINS)).isTrue();
    }

    @Test
    void xForwardedForIsIgnoredUnlessThePeerIsATrustedForwarder() {
        var request = request("198.51.100.7", "203.0.113.1, 203.0.113.2");
        assertThat(new ClientAddresses("").of(request)).isEqualTo("198.51.100.7");
        assertThat(new ClientAddresses("10\\.0\\.0\\.\\d+").of(request)).isEqualTo("198.51.100.7");
    }

    @Test
    void behindATrustedForwarderTheClientIsTheNearestUntrustedAddressItForwarded() {
        var addresses = new ClientAddresses("10\\.0\\.0\\.\\d+");
        // the client wrote 203.0.113.1 itself; the load balancer appended the address it saw
        assertThat(addresses.of(request("10.0.0.5", "203.0.113.1, 198.51.100.7")))
                .isEqualTo("198.51.100.7");
        assertThat(addresses.of(request("10.0.0.5", "198.51.100.7, 10.0.0.9"))).isEqualTo("198.51.100.7");
        assertThat(addresses.of(request("10.0.0.5", null))).isEqualTo("10.0.0.5");
    }

    @Test
    void retryAfterIsWholeSecondsRoundedUpAndAtLeastOne() {
        assertThat(RateLimitFilter.retryAfterSeconds(0)).isEqualTo(1);
        assertThat(RateLimitFilter.retryAfterSeconds(1)).isEqualTo(1);
        assertThat(RateLimitFilter.retryAfterSeconds(TimeUnit.SECONDS.toNanos(1)))
                .isEqualTo(1);
        assertThat(RateLimitFilter.retryAfterSeconds(TimeUnit.SECONDS.toNanos(1) + 1))
                .isEqualTo(2);
        assertThat(RateLimitFilter.retryAfterSeconds(TimeUnit.MILLISECONDS.toNanos(2500)))
                .isEqualTo(3);
    }

    private static Optional<RateLimit> limitOf(String method, String path) {
        return RateLimit.of(new MockHttpServletRequest(method, path));
    }

    private static MockHttpServletRequest request(String peer, String forwardedFor) {
        var request = new MockHttpServletRequest("POST", "/api/members");
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }
        return request;
    }
}
