package dailyfeed.platform.security;

import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the signing keys (member-service's JWKS) may be fetched: at most once per {@code minFetchInterval},
 * however many tokens with unknown key ids arrive, and anyway once per {@code cacheTimeToLive}.
 */
@ConfigurationProperties("dailyfeed.security.jwks")
public record KeySetSettings(
        @DefaultValue("30s") Duration minFetchInterval,
        @DefaultValue("5m") Duration cacheTimeToLive) {}
