package dailyfeed.member.auth;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Token settings ({@code dailyfeed.security.*}).
 *
 * @param issuer the {@code iss} of every token; resource servers accept only this issuer
 * @param memberTokenTtl how long a login token is valid
 * @param serviceTokenTtl how long a service (client-credentials) token is valid
 * @param loginThrottle how many failed logins a handle may have
 * @param concurrentPasswordHashes how many Argon2 hashes or checks may run at once (each takes 16 MiB and a core)
 */
@ConfigurationProperties("dailyfeed.security")
record SecuritySettings(
        String issuer,
        @DefaultValue("1h") Duration memberTokenTtl,
        @DefaultValue("10m") Duration serviceTokenTtl,
        @DefaultValue LoginThrottleSettings loginThrottle,
        @DefaultValue("4") int concurrentPasswordHashes) {

    /** At most {@code maxFailures} failed logins per handle within {@code window}. */
    record LoginThrottleSettings(
            @DefaultValue("5") int maxFailures,
            @DefaultValue("15m") Duration window) {}
}
