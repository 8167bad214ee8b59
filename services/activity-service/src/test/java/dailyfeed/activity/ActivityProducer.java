package dailyfeed.activity;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.kafka.core.DefaultKafkaProducerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.utils.KafkaTestUtils;

/** A producer of the activity topic, as content-service and member-service are. Close it after the test. */
public final class ActivityProducer implements AutoCloseable {

    static final String NAME = dailyfeed.events.ActivityTopic.DEFAULT_NAME;

    private final DefaultKafkaProducerFactory<String, String> factory;
    private final KafkaTemplate<String, String> template;

    public ActivityProducer(EmbeddedKafkaBroker broker) {
        Map<String, Object> config = KafkaTestUtils.producerProps(broker);
        config.put("linger.ms", 0);
        this.factory = new DefaultKafkaProducerFactory<>(config, new StringSerializer(), new StringSerializer());
        this.template = new KafkaTemplate<>(factory);
    }

    public RecordMetadata publish(ActivityEvent event) {
        return send(event.recordKey(), ActivityEventJson.write(event));
    }

    /** Sends any value, such as a poison pill, and waits for the broker's acknowledgement. */
    public RecordMetadata send(String key, String value) {
        try {
            return template.send(new ProducerRecord<>(NAME, key, value)).get().getRecordMetadata();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    @Override
    public void close() {
        factory.destroy();
    }
}
