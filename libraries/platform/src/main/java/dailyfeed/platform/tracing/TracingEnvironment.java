package dailyfeed.platform.tracing;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns the three tracing settings of dailyfeed into Spring Boot's {@code management.tracing.*} properties, as the
 * lowest-ranked property source, so a service's own properties or Boot's variables still win:
 *
 * <ul>
 *   <li>{@code DAILYFEED_TRACING_SAMPLING}: the share of new traces that is recorded, by default {@code 1.0} with
 *       an endpoint and {@code 0.0} without one, where no span would leave the process (a trace started by a caller
 *       keeps the caller's decision);
 *   <li>{@code DAILYFEED_TRACING_ENDPOINT}: where finished spans go; none by default, and then no span leaves the
 *       process, while trace ids are still propagated and logged;
 *   <li>{@code DAILYFEED_TRACING_PROTOCOL}: {@code zipkin} (Zipkin's JSON v2, e.g. {@code
 *       http://localhost:9411/api/v2/spans}) or {@code otlp} (OTLP over HTTP, e.g. {@code
 *       http://collector:4318/v1/traces}), {@code otlp} by default.
 * </ul>
 *
 * <p>Why a post-processor and not {@code ${...}} placeholders: Boot creates the OTLP exporter whenever its endpoint
 * property exists, even empty, and the Zipkin one unless it is switched off, so "no endpoint" must mean that the
 * properties are not there at all.
 */
public class TracingEnvironment implements EnvironmentPostProcessor {

    static final String SOURCE_NAME = "dailyfeedTracing";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        environment.getPropertySources().addLast(new MapPropertySource(SOURCE_NAME, properties(environment)));
    }

    static Map<String, Object> properties(ConfigurableEnvironment environment) {
        Map<String, Object> properties = new LinkedHashMap<>();
        String endpoint =
                environment.getProperty("DAILYFEED_TRACING_ENDPOINT", "").trim();
        // Recording a span nobody will receive is CPU for nothing; ids are made and propagated either way
        properties.put(
                "management.tracing.sampling.probability",
                environment.getProperty("DAILYFEED_TRACING_SAMPLING", endpoint.isEmpty() ? "0.0" : "1.0"));
        // W3C trace context only: what the services, the gateway and the Kafka records carry is `traceparent`
        properties.put("management.tracing.propagation.type", "W3C");
        String protocol = environment
                .getProperty("DAILYFEED_TRACING_PROTOCOL", "otlp")
                .trim()
                .toLowerCase(Locale.ROOT);
        boolean zipkin = !endpoint.isEmpty() && protocol.equals("zipkin");
        boolean otlp = !endpoint.isEmpty() && protocol.equals("otlp");
        if (!endpoint.isEmpty() && !zipkin && !otlp) {
            throw new IllegalStateException(
                    "DAILYFEED_TRACING_PROTOCOL must be zipkin or otlp, not '" + protocol + "'");
        }
        properties.put("management.tracing.export.zipkin.enabled", zipkin);
        properties.put("management.tracing.export.otlp.enabled", otlp);
        if (zipkin) {
            properties.put("management.tracing.export.zipkin.endpoint", endpoint);
        }
        if (otlp) {
            properties.put("management.opentelemetry.tracing.export.otlp.endpoint", endpoint);
        }
        return properties;
    }
}
