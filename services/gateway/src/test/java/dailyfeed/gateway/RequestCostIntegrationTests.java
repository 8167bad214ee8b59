package dailyfeed.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.ObservationPredicate;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * What a proxied request does not pay for (docs/benchmarks.md, "Where a post's CPU goes"): Spring Security creates no
 * observation at all (not even ones a predicate then turns down), and the RFC 7239 {@code Forwarded} header, which
 * no service reads (they read {@code X-Forwarded-*}), is not built.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class RequestCostIntegrationTests {

    static final StubServices services = StubServices.start();
    static final TestTokens tokens = TestTokens.generate("member-key");
    /** Every observation name the registry was asked about, whether or not it was then recorded. */
    static final List<String> askedFor = new CopyOnWriteArrayList<>();

    static {
        services.member().publishKeys(tokens);
    }

    @DynamicPropertySource
    static void backends(DynamicPropertyRegistry registry) {
        services.register(registry);
    }

    @AfterAll
    static void stopBackends() {
        services.close();
    }

    @TestConfiguration
    static class ObservationNames {

        /** First of all predicates: a later one turning an observation down would hide it from this one. */
        @Bean
        @Order(Ordered.HIGHEST_PRECEDENCE)
        ObservationPredicate recordingObservationNames() {
            return (name, context) -> {
                askedFor.add(name);
                return true;
            };
        }
    }

    @LocalServerPort
    int port;

    @Test
    void anAuthenticatedProxiedRequestIsObservedOnceAndCarriesNoForwardedHeader() throws Exception {
        HttpClient http =
                HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        askedFor.clear();

        var response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/posts"))
                        .header("Authorization", "Bearer " + tokens.member(7))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString("{\"content\":\"hello\"}"))
                        .build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        var received = services.content().takeRequest();
        assertThat(received.header("X-Forwarded-Host")).isEqualTo("localhost:" + port);
        assertThat(received.header("Forwarded")).isNull();
        assertThat(askedFor).contains("http.server.requests");
        assertThat(askedFor).noneMatch(name -> name.startsWith("spring.security"));
    }
}
