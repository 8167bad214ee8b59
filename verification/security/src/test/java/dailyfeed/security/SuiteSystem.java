package dailyfeed.security;

import dailyfeed.harness.RunningDailyfeed;
import java.util.Map;

/** The systems this suite launches. */
final class SuiteSystem {

    private SuiteSystem() {}

    /**
     * The one every class but {@link RateLimitIntegrationTests} shares. The gateway's rate limits stay on, but high
     * enough per minute for the hundreds of sign-ups, logins and writes this suite sends from its one address.
     */
    static RunningDailyfeed shared() {
        return new RunningDailyfeed()
                .withEnvironment(Map.of(
                        "DAILYFEED_RATE_LIMIT_SIGNUPS", "5000",
                        "DAILYFEED_RATE_LIMIT_LOGINS", "5000",
                        "DAILYFEED_RATE_LIMIT_TOKENS", "5000",
                        "DAILYFEED_RATE_LIMIT_WRITES", "20000"));
    }

    /** A system of its own, with small limits that a test reaches in a few requests. */
    static RunningDailyfeed withSmallRateLimits(int signups, int logins, int tokens, int writes) {
        return new RunningDailyfeed()
                .withEnvironment(Map.of(
                        "DAILYFEED_RATE_LIMIT_SIGNUPS", Integer.toString(signups),
                        "DAILYFEED_RATE_LIMIT_LOGINS", Integer.toString(logins),
                        "DAILYFEED_RATE_LIMIT_TOKENS", Integer.toString(tokens),
                        "DAILYFEED_RATE_LIMIT_WRITES", Integer.toString(writes)));
    }
}
