package dailyfeed.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationPredicate;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpMethod;
import org.springframework.http.client.observation.ClientRequestObservationContext;
import org.springframework.http.server.observation.ServerRequestObservationContext;
import org.springframework.mock.http.client.MockClientHttpRequest;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** Probes and scrapes are not observed, nor anything observed while one is served; everything else is. */
class ActuatorTrafficObservationsTests {

    final ObservationPredicate predicate = new ActuatorTrafficObservations().actuatorTrafficUnobserved();

    @AfterEach
    void unbind() {
        RequestContextHolder.resetRequestAttributes();
    }

    @Test
    void aServedRequestIsObservedUnlessItIsForTheActuator() {
        assertThat(predicate.test("http.server.requests", served("/actuator/health/readiness")))
                .isFalse();
        assertThat(predicate.test("http.server.requests", served("/actuator"))).isFalse();
        assertThat(predicate.test("http.server.requests", served("/api/posts"))).isTrue();
        assertThat(predicate.test("http.server.requests", served("/actuatorish")))
                .isTrue();
    }

    @Test
    void whatASecurityFilterObservesWhileAProbeIsServedIsLeftOutToo() {
        Observation.Context filterChain = new Observation.Context();
        assertThat(predicate.test("spring.security.filterchains", filterChain)).isTrue();

        bind("/actuator/prometheus");
        assertThat(predicate.test("spring.security.filterchains", filterChain)).isFalse();

        bind("/api/activities/followings");
        assertThat(predicate.test("spring.security.filterchains", filterChain)).isTrue();
    }

    @Test
    void aCallToAnotherProcessActuatorIsLeftOut() {
        assertThat(predicate.test("http.client.requests", called("http://member:8081/actuator/health/readiness")))
                .isFalse();
        assertThat(predicate.test("http.client.requests", called("http://member:8081/api/members/me")))
                .isTrue();
    }

    private static ServerRequestObservationContext served(String path) {
        return new ServerRequestObservationContext(
                new MockHttpServletRequest("GET", path), new MockHttpServletResponse());
    }

    private static ClientRequestObservationContext called(String uri) {
        return new ClientRequestObservationContext(new MockClientHttpRequest(HttpMethod.GET, URI.create(uri)));
    }

    private static void bind(String path) {
        RequestContextHolder.setRequestAttributes(
                new ServletRequestAttributes(new MockHttpServletRequest("GET", path)));
    }
}
