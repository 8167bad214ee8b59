package dailyfeed.platform.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * How often the signing keys (member-service's JWKS) may be fetched: at most once per {@code minFetchInterval},
 * however many tokens with unknown key ids arrive, and anyway once per {@code cacheTimeToLive}; and from where.
 *
 * @param instances member-service's instances (base addresses): each fetch asks them in this order until one answers,
 *                  with the scheme, host and port of {@code jwk-set-uri} replaced by the instance's. Empty: {@code
 *                  jwk-set-uri} as it is.
 */
@ConfigurationProperties("dailyfeed.security.jwks")
public record KeySetSettings(
        @DefaultValue("30s") Duration minFetchInterval,
        @DefaultValue("5m") Duration cacheTimeToLive,
        @DefaultValue List<URI> instances) {}
