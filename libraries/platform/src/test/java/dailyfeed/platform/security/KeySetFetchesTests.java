package dailyfeed.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.RemoteKeySourceException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.web.client.RestTemplate;

/** The key set is fetched from member-service's instances in order, the next one asked when one does not answer. */
class KeySetFetchesTests {

    private static final URI JWK_SET_URI = URI.create("http://member-service/.well-known/jwks.json");

    private final RestTemplate rest = new RestTemplate(new SimpleClientHttpRequestFactory());
    private final AtomicInteger served = new AtomicInteger();
    private HttpServer live;
    private String kid;

    @BeforeEach
    void startAnInstance() throws Exception {
        var key = new RSAKeyGenerator(2048).keyIDFromThumbprint(true).generate();
        kid = key.getKeyID();
        byte[] body = new JWKSet(key.toPublicJWK()).toString().getBytes(StandardCharsets.UTF_8);
        live = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        live.createContext("/.well-known/jwks.json", exchange -> {
            served.incrementAndGet();
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        live.start();
    }

    @AfterEach
    void stop() {
        live.stop(0);
    }

    @Test
    void eachInstanceIsAskedAtTheKeySetsPath() {
        assertThat(KeySetFetches.addressesOf(
                        JWK_SET_URI, List.of(URI.create("http://localhost:8081"), URI.create("https://10.0.0.7:9443"))))
                .containsExactly(
                        URI.create("http://localhost:8081/.well-known/jwks.json"),
                        URI.create("https://10.0.0.7:9443/.well-known/jwks.json"));
        assertThat(KeySetFetches.addressesOf(JWK_SET_URI, List.of())).containsExactly(JWK_SET_URI);
    }

    @Test
    void aDownInstanceIsPassedOverForTheNext() throws Exception {
        var fetched = new KeySetFetches.Fetched(
                rest, KeySetFetches.addressesOf(JWK_SET_URI, List.of(nobodyListens(), liveInstance())));

        JWKSet keys = fetched.getJWKSet(null, System.currentTimeMillis(), null);

        assertThat(keys.getKeyByKeyId(kid)).isNotNull();
        assertThat(served).hasValue(1);
    }

    @Test
    void whenNoInstanceAnswersTheKeysAreUnavailable() throws IOException {
        var fetched = new KeySetFetches.Fetched(
                rest, KeySetFetches.addressesOf(JWK_SET_URI, List.of(nobodyListens(), nobodyListens())));

        assertThatThrownBy(() -> fetched.getJWKSet(null, System.currentTimeMillis(), null))
                .isInstanceOf(RemoteKeySourceException.class);
    }

    private URI liveInstance() {
        return URI.create("http://127.0.0.1:" + live.getAddress().getPort());
    }

    /** A port that was free a moment ago: connecting to it is refused. */
    private static URI nobodyListens() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return URI.create("http://127.0.0.1:" + socket.getLocalPort());
        }
    }
}
