package dailyfeed.gateway;

import java.util.stream.Stream;
import org.springframework.test.context.DynamicPropertyRegistry;

/**
 * The three services a gateway test puts behind the gateway, one set per test class: each class starts its own (a set
 * shared through a base class would be closed by the first class that finishes).
 */
record StubServices(StubBackend member, StubBackend content, StubBackend activity) {

    static StubServices start() {
        return new StubServices(
                StubBackend.start("member"), StubBackend.start("content"), StubBackend.start("activity"));
    }

    /** Points the gateway at these services and makes it accept {@link TestTokens#ISSUER}'s tokens. */
    void register(DynamicPropertyRegistry registry) {
        registry.add("MEMBER_SERVICE_URL", () -> member.uri().toString());
        registry.add("CONTENT_SERVICE_URL", () -> content.uri().toString());
        registry.add("ACTIVITY_SERVICE_URL", () -> activity.uri().toString());
        registry.add("DAILYFEED_ISSUER", () -> TestTokens.ISSUER);
    }

    /** Forgets what each service received and was told to answer (what it serves always stays). */
    void reset() {
        all().forEach(StubBackend::reset);
    }

    void close() {
        all().forEach(StubBackend::close);
    }

    private Stream<StubBackend> all() {
        return Stream.of(member, content, activity);
    }
}
