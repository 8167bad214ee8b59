package dailyfeed.activity.ingest;

import static org.awaitility.Awaitility.await;

import dailyfeed.events.ActivityTopic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/** Reads the ingest's dead-letter topic from its beginning, and the ingest's committed offsets, for the tests. */
final class DeadLetterTopic implements AutoCloseable {

    static final String NAME = ActivityTopic.DEFAULT_NAME + ".DLT";

    private final EmbeddedKafkaBroker broker;
    private final Consumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> received = new ArrayList<>();

    DeadLetterTopic(EmbeddedKafkaBroker broker) {
        this.broker = broker;
        Map<String, Object> config = KafkaTestUtils.consumerProps(broker, "dlt-reader-" + UUID.randomUUID(), false);
        config.put("auto.offset.reset", "earliest");
        this.consumer = new DefaultKafkaConsumerFactory<>(config, new StringDeserializer(), new StringDeserializer())
                .createConsumer();
        consumer.subscribe(List.of(NAME));
    }

    /** Waits until {@code count} dead letters match, and returns them in the order they came. */
    List<ConsumerRecord<String, String>> awaitMatching(Predicate<ConsumerRecord<String, String>> ours, int count) {
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            KafkaTestUtils.getRecords(consumer, Duration.ofMillis(200)).forEach(received::add);
            return received.stream().filter(ours).count() >= count;
        });
        return received.stream().filter(ours).toList();
    }

    static Predicate<ConsumerRecord<String, String>> withKey(String key) {
        return record -> key.equals(record.key());
    }

    static String reason(ConsumerRecord<?, ?> record) {
        return header(record, IngestConfiguration.REJECTION_REASON_HEADER);
    }

    static String header(ConsumerRecord<?, ?> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    /** The ingest group's committed offset of a partition of the activity topic, -1 if none. */
    long committed(int partition) throws Exception {
        try (Admin admin =
                Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, broker.getBrokersAsString()))) {
            Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets("activity-service")
                    .partitionsToOffsetAndMetadata()
                    .get(10, TimeUnit.SECONDS);
            OffsetAndMetadata offset = offsets.get(new TopicPartition(ActivityTopic.DEFAULT_NAME, partition));
            return offset == null ? -1 : offset.offset();
        }
    }

    @Override
    public void close() {
        consumer.close();
    }
}
