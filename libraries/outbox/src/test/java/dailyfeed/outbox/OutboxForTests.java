package dailyfeed.outbox;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Outboxes that tests need and no deployment wants. Import one beside the application under test: its bean replaces
 * the auto-configured one, which backs off. Shipped in this module's test jar (only this class), so that a service's
 * tests can use it while nothing of it reaches a running service or its settings.
 */
public final class OutboxForTests {

    private OutboxForTests() {}

    /** The relay never runs on its schedule: the test runs it ({@code relayDue}), or an operator's redrive does. */
    @Configuration(proxyBeanMethods = false)
    public static class RelayByHand {

        @Bean
        OutboxRelay outboxRelay(
                OutboxRows rows, OutboxPublisher publisher, OutboxProperties properties, OutboxMetrics metrics) {
            return new OutboxRelay(rows, publisher, properties, metrics, false);
        }
    }

    /** Nothing is sent right after commit: every event waits for the relay, as if the process had died after commit. */
    @Configuration(proxyBeanMethods = false)
    public static class NoSendAfterCommit {

        @Bean
        EventOutbox eventOutbox(
                OutboxRows rows, OutboxPublisher publisher, OutboxProperties properties, OutboxTracing tracing) {
            return new EventOutbox(rows, publisher, properties, tracing, false);
        }
    }
}
