package dailyfeed.platform.tracing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.springframework.boot.SpringApplication;
import org.springframework.mock.env.MockEnvironment;

class TracingEnvironmentTests {

    @Test
    void withoutSettingsNothingIsRecordedNorExported() {
        var environment = processed(new MockEnvironment());

        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .isEqualTo("0.0");
        assertThat(environment.getProperty("management.tracing.export.zipkin.enabled"))
                .isEqualTo("false");
        assertThat(environment.getProperty("management.tracing.export.otlp.enabled"))
                .isEqualTo("false");
        assertThat(environment.containsProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isFalse();
    }

    @Test
    void aZipkinEndpointTurnsOnlyTheZipkinExportOn() {
        var environment = processed(new MockEnvironment()
                .withProperty("DAILYFEED_TRACING_ENDPOINT", "http://localhost:9411/api/v2/spans")
                .withProperty("DAILYFEED_TRACING_PROTOCOL", "zipkin")
                .withProperty("DAILYFEED_TRACING_SAMPLING", "0.25"));

        assertThat(environment.getProperty("management.tracing.export.zipkin.endpoint"))
                .isEqualTo("http://localhost:9411/api/v2/spans");
        assertThat(environment.getProperty("management.tracing.export.zipkin.enabled"))
                .isEqualTo("true");
        assertThat(environment.getProperty("management.tracing.export.otlp.enabled"))
                .isEqualTo("false");
        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .isEqualTo("0.25");
    }

    @Test
    void anEndpointIsOtlpUnlessSaidOtherwise() {
        var environment = processed(
                new MockEnvironment().withProperty("DAILYFEED_TRACING_ENDPOINT", "http://collector:4318/v1/traces"));

        assertThat(environment.getProperty("management.opentelemetry.tracing.export.otlp.endpoint"))
                .isEqualTo("http://collector:4318/v1/traces");
        assertThat(environment.getProperty("management.tracing.export.zipkin.enabled"))
                .isEqualTo("false");
        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .as("with an endpoint, every new trace is recorded unless said otherwise")
                .isEqualTo("1.0");
    }

    @Test
    void aServicesOwnPropertyWins() {
        var environment =
                processed(new MockEnvironment().withProperty("management.tracing.sampling.probability", "0.5"));

        assertThat(environment.getProperty("management.tracing.sampling.probability"))
                .isEqualTo("0.5");
    }

    @Test
    void anUnknownProtocolStopsTheStart() {
        var environment = new MockEnvironment()
                .withProperty("DAILYFEED_TRACING_ENDPOINT", "http://collector:4317")
                .withProperty("DAILYFEED_TRACING_PROTOCOL", "grpc");

        assertThatThrownBy(() -> processed(environment)).hasMessageContaining("zipkin or otlp");
    }

    private static MockEnvironment processed(MockEnvironment environment) {
        new TracingEnvironment().postProcessEnvironment(environment, new SpringApplication());
        return environment;
    }
}
