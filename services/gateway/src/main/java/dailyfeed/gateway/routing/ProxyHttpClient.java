package dailyfeed.gateway.routing;

import java.net.http.HttpClient;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP client the routes forward with: the JDK's, set up to be transparent. Timeouts and redirects come
 * from {@code spring.http.clients.*}.
 */
@Configuration(proxyBeanMethods = false)
class ProxyHttpClient {

    @Bean
    ClientHttpRequestFactoryBuilder<?> proxyClientHttpRequestFactoryBuilder() {
        return ClientHttpRequestFactoryBuilder.jdk()
                // Spring's own gzip support would ask services for gzip the browser never asked for and hand on a
                // decompressed body; a proxy passes Accept-Encoding and Content-Encoding through untouched.
                .withCustomizer(factory -> factory.enableCompression(false))
                // The JDK client tries an h2c upgrade on every plain-HTTP request by default; the services speak
                // HTTP/1.1, so that is only extra headers and a chance of surprises.
                .withHttpClientCustomizer(client -> client.version(HttpClient.Version.HTTP_1_1));
    }
}
