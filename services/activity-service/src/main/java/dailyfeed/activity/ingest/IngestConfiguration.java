package dailyfeed.activity.ingest;

import dailyfeed.events.ActivityTopic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.kafka.KafkaException;
import org.springframework.kafka.config.TopicBuilder;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConsumerAwareRecordRecoverer;
import org.springframework.kafka.listener.DeadLetterPublishingRecoverer;
import org.springframework.kafka.listener.DefaultErrorHandler;
import org.springframework.kafka.support.serializer.DelegatingByTypeSerializer;
import org.springframework.util.backoff.ExponentialBackOff;

/**
 * How the ingest fails safely. A rejected record is not retried: it goes to {@code <topic>.DLT} with the reason in
 * its headers and the partition moves on. Any other failure (the database is down) is retried with exponential
 * backoff and no limit, and its offsets are not committed, so nothing is lost and nothing is skipped.
 */
@Configuration(proxyBeanMethods = false)
class IngestConfiguration {

    /** Header of a dead letter: why this service rejected the record, in words. */
    static final String REJECTION_REASON_HEADER = "dailyfeed-rejection-reason";

    /** Records sent to the dead-letter topic since start: a rise means a producer or this service needs a look. */
    static final String DEAD_LETTERS_METRIC = "dailyfeed.activity.ingest.dead.letters";

    @Bean
    DefaultErrorHandler ingestErrorHandler(
            DeadLetterPublishingRecoverer deadLetters,
            MeterRegistry meters,
            @Value("${dailyfeed.activity.ingest.retry-initial-interval:500ms}") Duration initial,
            @Value("${dailyfeed.activity.ingest.retry-max-interval:10s}") Duration max) {
        // Unlimited attempts; the longest wait stays far below max.poll.interval.ms, so the consumer keeps its
        // partitions.
        ExponentialBackOff backOff = new ExponentialBackOff(initial.toMillis(), 2.0);
        backOff.setMaxInterval(max.toMillis());
        // registered at start, so the dashboard shows 0 rather than no data before the first dead letter
        Counter sent = Counter.builder(DEAD_LETTERS_METRIC)
                .description("Records this instance sent to the dead-letter topic")
                .register(meters);
        // consumer-aware, as the recoverer itself is: it names the consumer group in the dead letter's headers
        ConsumerAwareRecordRecoverer counted = (record, consumer, exception) -> {
            deadLetters.accept(record, consumer, exception); // throws when the DLT did not take it: not counted
            sent.increment();
        };
        DefaultErrorHandler handler = new DefaultErrorHandler(counted, backOff);
        handler.addNotRetryableExceptions(EventRejected.class);
        // a dead letter and a retry are expected events of this design, not errors of the container
        handler.setLogLevel(KafkaException.Level.WARN);
        return handler;
    }

    @Bean
    DeadLetterPublishingRecoverer deadLetterPublishingRecoverer(KafkaTemplate<Object, Object> deadLetterTemplate) {
        // Partition -1: the producer picks it from the key, so the DLT needs no more partitions than it has.
        var recoverer = new DeadLetterPublishingRecoverer(
                deadLetterTemplate, (record, exception) -> new TopicPartition(record.topic() + ".DLT", -1));
        recoverer.setHeadersFunction((record, exception) -> new RecordHeaders(new RecordHeader[] {
            new RecordHeader(REJECTION_REASON_HEADER, reasonOf(exception).getBytes(StandardCharsets.UTF_8))
        }));
        return recoverer;
    }

    /**
     * Sends dead letters as they came: the value as a string, or as the original bytes when even the deserializer
     * failed. Waits for all in-sync replicas: a dead letter not acknowledged is not a reason to commit.
     */
    @Bean
    KafkaTemplate<Object, Object> deadLetterTemplate(KafkaProperties kafkaProperties) {
        Map<String, Object> config = kafkaProperties.buildProducerProperties();
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        var factory = new DefaultKafkaProducerFactory<Object, Object>(config, asIs(), asIs());
        return new KafkaTemplate<>(factory);
    }

    @Bean
    NewTopic deadLetterTopic(
            @Value("${" + ActivityTopic.NAME_PROPERTY + "}") String topic,
            @Value("${dailyfeed.activity.ingest.dead-letter-partitions:1}") int partitions) {
        return TopicBuilder.name(topic + ".DLT").partitions(partitions).build();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Serializer<Object> asIs() {
        return (Serializer) new DelegatingByTypeSerializer(
                Map.of(byte[].class, new ByteArraySerializer(), String.class, new StringSerializer()));
    }

    private static String reasonOf(Exception exception) {
        for (Throwable cause = exception; cause != null; cause = cause.getCause()) {
            if (cause instanceof EventRejected rejected) {
                return rejected.getMessage();
            }
        }
        return String.valueOf(exception.getMessage());
    }
}
