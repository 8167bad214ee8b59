package dailyfeed.outbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The relay follows its context's lifecycle: stopped and started again (Spring does so for paused test contexts). */
class OutboxRelayLifecycleTests {

    private final OutboxRows rows = mock(OutboxRows.class);

    private final OutboxRelay relay = new OutboxRelay(
            rows,
            mock(OutboxPublisher.class),
            new OutboxProperties(
                    "topic",
                    Duration.ofSeconds(5),
                    Duration.ofMillis(500),
                    500,
                    Duration.ofSeconds(10),
                    Duration.ofSeconds(1),
                    Duration.ofMinutes(1)),
            mock(OutboxMetrics.class),
            true);

    @Test
    void startsAgainAfterStop() {
        when(rows.claimDue(anyInt(), any())).thenReturn(List.of());
        relay.start();
        relay.stop();
        assertThat(relay.isRunning()).isFalse();

        relay.start();

        assertThat(relay.isRunning()).isTrue();
        relay.destroy();
        assertThat(relay.isRunning()).isFalse();
    }
}
