package dailyfeed.gateway.routing;

import dailyfeed.platform.security.KeySetFetchesConfiguration.KeySetClient;
import java.io.IOException;
import java.net.URI;
import org.springframework.boot.http.client.ClientHttpRequestFactoryBuilder;
import org.springframework.boot.http.client.HttpClientSettings;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.client.ClientHttpResponse;
import org.springframework.http.client.support.HttpRequestWrapper;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * The token-signing keys (JWKS) are fetched from member-service's instances in turn, with the same failover as the
 * routes: the address in {@code jwk-set-uri} gives the path, and its host is replaced by an instance's. How often
 * they are fetched is the platform's business ({@code KeySetFetches}).
 */
@Configuration(proxyBeanMethods = false)
class MemberServiceKeys {

    @Bean
    KeySetClient jwksFromMemberServiceInstances(
            BackendInstances instances,
            ClientHttpRequestFactoryBuilder<?> requestFactories,
            HttpClientSettings settings) {
        ServiceInstances memberService = instances.memberService();
        var rest = new RestTemplate(requestFactories.build(settings));
        rest.getInterceptors().add((request, body, execution) -> {
            IOException refused = null;
            for (URI instance : memberService.inTurn()) {
                URI uri = UriComponentsBuilder.fromUri(request.getURI())
                        .scheme(instance.getScheme())
                        .host(instance.getHost())
                        .port(instance.getPort())
                        .build(true)
                        .toUri();
                try {
                    return execute(execution, request, uri, body);
                } catch (IOException e) {
                    if (!ServiceInstances.isConnectFailure(e)) {
                        throw e;
                    }
                    memberService.refused(instance);
                    refused = e;
                }
            }
            throw refused;
        });
        return new KeySetClient(rest);
    }

    private static ClientHttpResponse execute(
            org.springframework.http.client.ClientHttpRequestExecution execution,
            org.springframework.http.HttpRequest request,
            URI uri,
            byte[] body)
            throws IOException {
        return execution.execute(
                new HttpRequestWrapper(request) {
                    @Override
                    public URI getURI() {
                        return uri;
                    }
                },
                body);
    }
}
