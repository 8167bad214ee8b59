package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReadableLogLineTests {

    @Test
    void showsAJsonLineAsTimeLevelLoggerAndMessage() {
        String line =
                "{\"@timestamp\":\"2026-11-30T17:30:15.123Z\",\"log\":{\"level\":\"ERROR\",\"logger\":\"o.s.b.SpringApplication\"},"
                        + "\"process\":{\"pid\":4711,\"thread\":{\"name\":\"main\"}},\"service\":{\"name\":\"member-service\"},"
                        + "\"message\":\"Application run failed\",\"error\":{\"type\":\"java.lang.IllegalStateException\","
                        + "\"message\":\"no \\\"secret\\\"\",\"stack_trace\":\"java.lang.IllegalStateException\\n\\tat x\"},"
                        + "\"ecs\":{\"version\":\"8.11\"}}";

        assertThat(ReadableLogLine.of(line))
                .isEqualTo("2026-11-30T17:30:15.123Z ERROR o.s.b.SpringApplication: Application run failed"
                        + " (java.lang.IllegalStateException: no \"secret\")");
    }

    @Test
    void leavesTextLinesAndBrokenJsonAsTheyAre() {
        assertThat(ReadableLogLine.of("2026-11-30T17:30:15.123Z  INFO 4711 --- [main] started"))
                .isEqualTo("2026-11-30T17:30:15.123Z  INFO 4711 --- [main] started");
        assertThat(ReadableLogLine.of("{\"@timestamp\":\"cut off")).isEqualTo("{\"@timestamp\":\"cut off");
    }
}
