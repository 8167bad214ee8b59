package dailyfeed.platform.security;

import java.time.Duration;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.OAuth2ResourceServerProperties;
import org.springframework.boot.security.oauth2.server.resource.autoconfigure.servlet.JwkSetUriJwtDecoderBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestOperations;
import org.springframework.web.client.RestTemplate;

/**
 * Rate-limits the key-set fetches of every resource server that checks tokens against a {@code jwk-set-uri}
 * ({@link KeySetFetches}). A service that fetches its keys in its own way declares a {@link KeySetClient}.
 */
@AutoConfiguration
@ConditionalOnClass(JwkSetUriJwtDecoderBuilderCustomizer.class)
@ConditionalOnProperty("spring.security.oauth2.resourceserver.jwt.jwk-set-uri")
@EnableConfigurationProperties({KeySetSettings.class, OAuth2ResourceServerProperties.class})
public class KeySetFetchesConfiguration {

    /** The client to fetch the key set with, where plain HTTP to {@code jwk-set-uri} is not enough. */
    public record KeySetClient(RestOperations rest) {}

    @Bean
    @Order(Ordered.LOWEST_PRECEDENCE)
    JwkSetUriJwtDecoderBuilderCustomizer rateLimitedKeySetFetches(
            OAuth2ResourceServerProperties properties, KeySetSettings settings, ObjectProvider<KeySetClient> client) {
        var jwt = properties.getJwt();
        return builder -> {
            RestOperations rest =
                    client.getIfAvailable(KeySetFetchesConfiguration::plainHttp).rest();
            KeySetFetches.apply(builder, rest, jwt.getJwkSetUri(), Set.copyOf(jwt.getJwsAlgorithms()), settings);
        };
    }

    /**
     * Plain HTTP, with Spring Security's 30-second read timeout but a short connect timeout: an instance that does not
     * accept within 2 s is down or hung, and the next one is asked ({@link KeySetSettings#instances()}).
     */
    private static KeySetClient plainHttp() {
        var requests = new SimpleClientHttpRequestFactory();
        requests.setConnectTimeout(Duration.ofSeconds(2));
        requests.setReadTimeout(Duration.ofSeconds(30));
        return new KeySetClient(new RestTemplate(requests));
    }
}
