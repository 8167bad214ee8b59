package dailyfeed.activity.ingest;

import java.util.Collection;
import org.apache.kafka.common.TopicPartition;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.kafka.config.KafkaListenerEndpointRegistry;
import org.springframework.kafka.listener.MessageListenerContainer;
import org.springframework.stereotype.Component;

/**
 * Health indicator {@code ingest}, part of the readiness group: UP while the ingest's listener container runs with all
 * its consumers, DOWN once it stopped (a consumer that failed to start or stopped on a fatal error), because this
 * instance then takes no activity in and should be restarted or taken out.
 * <p>
 * A broker that is down does not count: the consumers keep trying, and every instance would go unready at once for
 * something reads do not need. Nor does the partition assignment: with more consumers than partitions, or during a
 * rebalance, an instance rightly holds none; the count is a detail for operators.
 */
@Component("ingestHealthIndicator")
class IngestHealthIndicator implements HealthIndicator {

    private final KafkaListenerEndpointRegistry registry;

    IngestHealthIndicator(KafkaListenerEndpointRegistry registry) {
        this.registry = registry;
    }

    @Override
    public Health health() {
        MessageListenerContainer container = registry.getListenerContainer(ActivityEventsListener.LISTENER_ID);
        if (container == null || !container.isRunning() || !container.isInExpectedState()) {
            return Health.down().withDetail("listener", "stopped").build();
        }
        Collection<TopicPartition> partitions = container.getAssignedPartitions();
        return Health.up()
                .withDetail("assignedPartitions", partitions == null ? 0 : partitions.size())
                .build();
    }
}
