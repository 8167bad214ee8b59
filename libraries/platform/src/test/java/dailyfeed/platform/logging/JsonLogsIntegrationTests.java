package dailyfeed.platform.logging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An application started with {@code dailyfeed.log-format} (DAILYFEED_LOG_FORMAT) logs text or JSON lines. */
@ExtendWith(OutputCaptureExtension.class)
class JsonLogsIntegrationTests {

    static final String TRACE_ID = "4bf92f3577b34da6a3ce929d0e0e4736";
    static final String SPAN_ID = "00f067aa0ba902b7";

    @Test
    void jsonIsOneEcsObjectALineWithTheServiceNameAndTheTraceAndSpanIds(CapturedOutput output) {
        try (var app = start("json")) {
            logInASpan("a line about %s".formatted("json"));
        }

        List<String> lines =
                output.getOut().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines)
                .isNotEmpty()
                .allSatisfy(line -> assertThat(line).startsWith("{").endsWith("}"));
        JsonNode line = JsonMapper.builder()
                .build()
                .readTree(lines.stream()
                        .filter(text -> text.contains("a line about json"))
                        .findFirst()
                        .orElseThrow());
        assertThat(line.path("@timestamp").asString()).isNotBlank();
        assertThat(line.at("/log/level").asString()).isEqualTo("INFO");
        assertThat(line.at("/log/logger").asString()).isEqualTo(JsonLogsIntegrationTests.class.getName());
        assertThat(line.at("/service/name").asString()).isEqualTo("json-logs");
        assertThat(line.path("message").asString()).isEqualTo("a line about json");
        assertThat(line.path("traceId").asString()).isEqualTo(TRACE_ID);
        assertThat(line.path("spanId").asString()).isEqualTo(SPAN_ID);
    }

    @Test
    void anUnknownFormatStopsTheStart() {
        assertThatThrownBy(() -> start("xml").close())
                .hasMessageContaining("DAILYFEED_LOG_FORMAT")
                .hasMessageContaining("'xml'");
    }

    private static ConfigurableApplicationContext start(String format) {
        var builder = new SpringApplicationBuilder(Empty.class)
                .web(WebApplicationType.NONE)
                .properties("spring.application.name=json-logs", "spring.main.banner-mode=off");
        if (format != null) {
            builder.properties(LogFormat.PROPERTY + "=" + format);
        }
        return builder.run();
    }

    /** As Micrometer Tracing leaves it while a span is current. */
    private static void logInASpan(String message) {
        MDC.put("traceId", TRACE_ID);
        MDC.put("spanId", SPAN_ID);
        try {
            LoggerFactory.getLogger(JsonLogsIntegrationTests.class).info(message);
        } finally {
            MDC.clear();
        }
    }

    @Configuration(proxyBeanMethods = false)
    static class Empty {}
}
