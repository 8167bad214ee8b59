package dailyfeed.platform.logging;

import java.util.Locale;
import java.util.Map;
import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.config.ConfigDataEnvironmentPostProcessor;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Turns {@code dailyfeed.log-format} ({@code DAILYFEED_LOG_FORMAT}) into Boot's structured-logging setting before the
 * logging system starts: {@code text} (the default) is Boot's readable console format, {@code json} one JSON object a
 * line in the Elastic Common Schema ({@code @timestamp}, {@code log.level}, {@code service.name}, {@code message},
 * and the MDC, so {@code traceId} and {@code spanId} once tracing is on). One word for operators rather than Boot's
 * {@code logging.structured.format.console}, which still wins when set as well.
 */
public class LogFormat implements EnvironmentPostProcessor, Ordered {

    static final String PROPERTY = "dailyfeed.log-format";
    static final String STRUCTURED_CONSOLE = "logging.structured.format.console";

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String format = environment.getProperty(PROPERTY, "text").trim().toLowerCase(Locale.ROOT);
        switch (format) {
            case "text", "" -> {}
            // last: an explicit logging.structured.format.console (e.g. logstash) is kept
            case "json" ->
                environment
                        .getPropertySources()
                        .addLast(new MapPropertySource("dailyfeed-log-format", Map.of(STRUCTURED_CONSOLE, "ecs")));
            default ->
                throw new IllegalStateException(
                        PROPERTY + " (DAILYFEED_LOG_FORMAT) is '" + format + "'; it must be text or json");
        }
    }

    /** After application.properties is read (it names the setting), before the logging system starts. */
    @Override
    public int getOrder() {
        return ConfigDataEnvironmentPostProcessor.ORDER + 1;
    }
}
