package dailyfeed.testsupport;

import static org.awaitility.Awaitility.await;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.events.ActivityTopic;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.springframework.kafka.core.DefaultKafkaConsumerFactory;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/**
 * Reads the activity topic of an embedded broker from the moment it is opened, as a consumer of its own group
 * would, and keeps every record it sees. Close it after the test.
 */
public final class ActivityTopicRecorder implements AutoCloseable {

    private final Consumer<String, String> consumer;
    private final List<ConsumerRecord<String, String>> records = new CopyOnWriteArrayList<>();

    private ActivityTopicRecorder(Consumer<String, String> consumer) {
        this.consumer = consumer;
    }

    /** Subscribes to the activity topic, starting at its end. */
    public static ActivityTopicRecorder open(EmbeddedKafkaBroker broker) {
        Map<String, Object> config = KafkaTestUtils.consumerProps(broker, "recorder-" + UUID.randomUUID(), false);
        config.put("auto.offset.reset", "latest");
        Consumer<String, String> consumer = new DefaultKafkaConsumerFactory<>(
                        config, new StringDeserializer(), new StringDeserializer())
                .createConsumer();
        broker.consumeFromAnEmbeddedTopic(consumer, ActivityTopic.DEFAULT_NAME);
        return new ActivityTopicRecorder(consumer);
    }

    /** Polls until an event matching {@code awaited} arrived (20 s at most) and returns every event seen so far. */
    public List<ActivityEvent> awaitEvent(Predicate<ActivityEvent> awaited) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            KafkaTestUtils.getRecords(consumer, Duration.ofMillis(200)).forEach(records::add);
            return events().stream().anyMatch(awaited);
        });
        return events();
    }

    /** Every record seen so far, in arrival order. */
    public List<ConsumerRecord<String, String>> records() {
        return List.copyOf(records);
    }

    public List<ActivityEvent> events() {
        return records.stream()
                .map(record -> ActivityEventJson.read(record.value()))
                .toList();
    }

    @Override
    public void close() {
        consumer.close();
    }
}
