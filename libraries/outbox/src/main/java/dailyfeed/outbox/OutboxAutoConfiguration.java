package dailyfeed.outbox;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.time.Clock;
import java.util.Map;
import javax.sql.DataSource;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.task.TaskExecutor;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.scheduling.concurrent.ThreadPoolTaskExecutor;
import org.springframework.transaction.support.TransactionTemplate;

/** Wires the outbox into a service that has a DataSource and Kafka: {@link EventOutbox} is the bean to use. */
@AutoConfiguration(
        afterName = {
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.kafka.autoconfigure.KafkaAutoConfiguration",
            "org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration"
        })
@EnableConfigurationProperties(OutboxProperties.class)
public class OutboxAutoConfiguration {

    @Bean
    OutboxRows outboxRows(DataSource dataSource, TransactionTemplate transactions) {
        return new OutboxRows(dataSource, transactions);
    }

    /**
     * A producer of its own, so its guarantees do not depend on how the service configures Kafka otherwise:
     * acks from all in-sync replicas, idempotence (no duplicates from internal retries, order kept per partition),
     * and a bounded wait when the broker is away.
     */
    @Bean
    KafkaTemplate<String, String> outboxKafkaTemplate(KafkaProperties kafkaProperties, OutboxProperties properties) {
        Map<String, Object> config = kafkaProperties.buildProducerProperties();
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        int timeoutMs = (int) properties.sendTimeout().toMillis();
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Math.min(timeoutMs, 5_000));
        // Kafka's default since 4.0: a record waits up to 5 ms for others, so under load one produce request (and one
        // "published" statement, see OutboxPublisher) carries several; nobody waits for it, the send is after commit.
        config.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        // Kafka requires delivery.timeout >= linger + request.timeout: one request may be retried once within a send.
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Math.max(500, timeoutMs / 2 - 1));
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, timeoutMs);
        var factory = new DefaultKafkaProducerFactory<String, String>(config);
        factory.setPhysicalCloseTimeout(5);
        return new KafkaTemplate<>(factory);
    }

    /** Without a tracer (a service that leaves tracing out), events are recorded and sent without a trace. */
    @Bean
    OutboxTracing outboxTracing(ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return new OutboxTracing(
                tracer.getIfAvailable(() -> Tracer.NOOP), propagator.getIfAvailable(() -> Propagator.NOOP));
    }

    @Bean
    OutboxMetrics outboxMetrics(MeterRegistry registry) {
        return new OutboxMetrics(registry, Clock.systemUTC());
    }

    @Bean
    OutboxPublisher outboxPublisher(
            KafkaTemplate<String, String> outboxKafkaTemplate,
            OutboxRows rows,
            OutboxProperties properties,
            OutboxMetrics metrics,
            OutboxTracing tracing) {
        return new OutboxPublisher(
                outboxKafkaTemplate,
                rows,
                properties,
                executor("outbox-send-", 10_000),
                executor("outbox-ack-", 10_000),
                metrics,
                tracing);
    }

    // Tests replace the next two (OutboxForTests in the test jar) to hold back the relay or the send after commit.
    @Bean
    @ConditionalOnMissingBean
    OutboxRelay outboxRelay(
            OutboxRows rows, OutboxPublisher publisher, OutboxProperties properties, OutboxMetrics metrics) {
        return new OutboxRelay(rows, publisher, properties, metrics, true);
    }

    @Bean
    @ConditionalOnMissingBean
    EventOutbox eventOutbox(
            OutboxRows rows, OutboxPublisher publisher, OutboxProperties properties, OutboxTracing tracing) {
        return new EventOutbox(rows, publisher, properties, tracing, true);
    }

    @Bean
    @ConditionalOnAvailableEndpoint
    DeadLettersEndpoint deadLettersEndpoint(OutboxRelay relay) {
        return new DeadLettersEndpoint(relay, Clock.systemUTC());
    }

    private static TaskExecutor executor(String prefix, int queueCapacity) {
        var executor = new ThreadPoolTaskExecutor();
        executor.setThreadNamePrefix(prefix);
        executor.setCorePoolSize(1);
        executor.setMaxPoolSize(1);
        executor.setQueueCapacity(queueCapacity);
        executor.setWaitForTasksToCompleteOnShutdown(true);
        executor.setAwaitTerminationSeconds(5);
        executor.initialize();
        return executor;
    }
}
