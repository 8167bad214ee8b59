package dailyfeed.platform.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.KeySourceException;
import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.source.JWKSetCacheRefreshEvaluator;
import com.nimbusds.jose.jwk.source.JWKSetSource;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.jwk.source.RateLimitReachedException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.RequestEntity;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder.JwkSetUriJwtDecoderBuilder;
import org.springframework.web.client.RestOperations;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The signing keys of a resource server, fetched from a JWKS address through Nimbus's {@link JWKSourceBuilder}
 * with caching and rate limiting. Spring Security builds its JWKS source with rate limiting switched off, so every
 * token with an unknown {@code kid} would fetch the key set again: anyone could make each service hammer
 * member-service. Here a token with an unknown key within the interval is simply not verifiable (401), and a key
 * that is really new is found once the interval has passed.
 */
public final class KeySetFetches {

    private KeySetFetches() {}

    /** Makes {@code builder}'s decoder take its keys from {@code jwkSetUri}, fetched with {@code rest}. */
    public static void apply(
            JwkSetUriJwtDecoderBuilder builder,
            RestOperations rest,
            String jwkSetUri,
            Set<String> algorithms,
            KeySetSettings settings) {
        JWKSource<SecurityContext> keys =
                rateLimited(new Fetched(rest, addressesOf(URI.create(jwkSetUri), settings.instances())), settings);
        Set<JWSAlgorithm> jwsAlgorithms =
                algorithms.stream().map(JWSAlgorithm::parse).collect(Collectors.toUnmodifiableSet());
        builder.restOperations(rest)
                .jwtProcessorCustomizer(processor ->
                        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(jwsAlgorithms, keys)));
    }

    static JWKSource<SecurityContext> rateLimited(JWKSetSource<SecurityContext> fetched, KeySetSettings settings) {
        long ttl = settings.cacheTimeToLive().toMillis();
        JWKSource<SecurityContext> source = JWKSourceBuilder.create(fetched)
                .cache(ttl, JWKSourceBuilder.DEFAULT_CACHE_REFRESH_TIMEOUT)
                .refreshAheadCache(false)
                .rateLimited(settings.minFetchInterval().toMillis())
                .retrying(false)
                .build();
        return (selector, context) -> {
            try {
                return source.get(selector, context);
            } catch (RateLimitReachedException e) {
                // Asked for a key we do not have, too soon after the last fetch: no such key (401), not an outage.
                return List.<JWK>of();
            }
        };
    }

    /** The key set's address at each instance, in order; {@code jwkSetUri} itself when no instance is named. */
    static List<URI> addressesOf(URI jwkSetUri, List<URI> instances) {
        if (instances.isEmpty()) {
            return List.of(jwkSetUri);
        }
        return instances.stream()
                .map(instance -> UriComponentsBuilder.fromUri(jwkSetUri)
                        .scheme(instance.getScheme())
                        .host(instance.getHost())
                        .port(instance.getPort())
                        .build(true)
                        .toUri())
                .toList();
    }

    /**
     * One fetch of the key set, from the first address that answers: a read, so asking the next instance after any
     * failure is safe. Only when none answers is it a {@link RemoteKeySourceException}, which answers 503.
     */
    record Fetched(RestOperations rest, List<URI> addresses) implements JWKSetSource<SecurityContext> {

        @Override
        public JWKSet getJWKSet(JWKSetCacheRefreshEvaluator refresh, long currentTime, SecurityContext context)
                throws KeySourceException {
            Exception last = null;
            for (URI address : addresses) {
                try {
                    var request = RequestEntity.get(address)
                            .header(HttpHeaders.ACCEPT, MediaType.APPLICATION_JSON_VALUE, "application/jwk-set+json")
                            .build();
                    return JWKSet.parse(rest.exchange(request, String.class).getBody());
                } catch (Exception e) {
                    last = e;
                }
            }
            throw new RemoteKeySourceException("Couldn't retrieve remote JWK set: " + last.getMessage(), last);
        }

        @Override
        public void close() {}
    }
}
