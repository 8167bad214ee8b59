package dailyfeed.gateway.routing;

import org.apache.hc.core5.util.TimeValue;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The HTTP client the routes forward with: Apache HttpClient's classic, blocking client over a pool of kept-alive
 * connections, set up to be transparent: HTTP/1.1 (the classic client speaks nothing else, so no h2c upgrade is tried),
 * no compression asked for, no cookies kept, no retries. Timeouts and redirects come from {@code spring.http.clients.*}.
 *
 * <p>Why not the JDK's client: it is asynchronous inside, so each blocking exchange hands its request and every body
 * chunk between the request thread and the client's selector and worker threads, which cost the gateway more CPU per
 * proxied request than the request's own work (docs/benchmarks.md, "Where a post's CPU goes"). The classic client
 * writes and reads on the request thread itself. It sends a request body as it is given: a body stopped part-way by
 * the size limit would reach the service as a shorter but complete one, so the routes read every body whole before
 * forwarding it ({@link RequestBodyReadWhole}).
 */
@Configuration(proxyBeanMethods = false)
class ProxyHttpClient {

    /** Room for every request thread (Tomcat's 200) to hold a connection to one service instance at once. */
    static final int CONNECTIONS_PER_SERVICE_INSTANCE = 200;

    @Bean
    ClientHttpRequestFactoryBuilder<?> proxyClientHttpRequestFactoryBuilder() {
        return ClientHttpRequestFactoryBuilder.httpComponents()
                .withHttpClientCustomizer(client -> client
                        // a proxy passes Accept-Encoding and Content-Encoding through untouched; the client's own gzip
                        // support would ask services for gzip the browser never asked for and hand on a decompressed
                        // body
                        .disableContentCompression()
                        // cookies are the browser's: the gateway must not keep one client's for the next
                        .disableCookieManagement()
                        // a request that failed after it was sent is answered as failed, never sent twice; nor is a
                        // service's own 503 or 429 retried, which the client's default would do for a GET
                        .disableAutomaticRetries()
                        // a service closes a kept-alive connection after 60 s idle (Tomcat's default); the pool drops
                        // it first
                        .evictIdleConnections(TimeValue.ofSeconds(30)))
                .withConnectionManagerCustomizer(connections -> connections
                        .setMaxConnPerRoute(CONNECTIONS_PER_SERVICE_INSTANCE)
                        .setMaxConnTotal(4 * CONNECTIONS_PER_SERVICE_INSTANCE))
                .withConnectionConfigCustomizer(
                        // a connection idle for a second is checked before it is used: one a restarted service has
                        // closed is replaced instead of failing the request (under load, connections are never idle
                        // that long, so the check costs nothing there)
                        connection -> connection.setValidateAfterInactivity(TimeValue.ofSeconds(1)));
    }
}
