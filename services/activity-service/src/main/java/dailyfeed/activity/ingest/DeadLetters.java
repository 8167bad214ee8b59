package dailyfeed.activity.ingest;

import dailyfeed.events.ActivityEventJson;
import dailyfeed.events.ActivityTopic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.kafka.autoconfigure.KafkaProperties;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.serializer.SerializationUtils;
import org.springframework.stereotype.Component;

/**
 * The dead-letter topic, for people: reads it with a short-lived consumer of no group (nothing is committed, the
 * ingest's offsets are untouched), and replays chosen records to the activity topic with their key and value. A
 * replayed record carries the dead letter's headers (its rejection reasons stay with it) plus
 * {@value #REPLAYED_FROM_HEADER}; if it is rejected again, its new dead letter holds the whole history.
 */
@Component
class DeadLetters {

    /** Header of a replayed record: the dead letter it came from, as {@code <topic>-<partition>@<offset>}. */
    static final String REPLAYED_FROM_HEADER = "dailyfeed-replayed-from";

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(30);

    private final KafkaProperties kafkaProperties;
    private final KafkaTemplate<Object, Object> template;
    private final String topic;
    private final String deadLetterTopic;

    DeadLetters(
            KafkaProperties kafkaProperties,
            @Qualifier("deadLetterTemplate") KafkaTemplate<Object, Object> template,
            @Value("${" + ActivityTopic.NAME_PROPERTY + "}") String topic) {
        this.kafkaProperties = kafkaProperties;
        this.template = template;
        this.topic = topic;
        this.deadLetterTopic = topic + ".DLT";
    }

    /** The dead letters there are now, oldest first per partition, that {@code selected} accepts. */
    List<DeadLetter> list(Predicate<DeadLetter> selected) {
        List<DeadLetter> letters = new ArrayList<>();
        readAll(letter -> {
            if (selected.test(letter)) {
                letters.add(letter);
            }
        });
        return letters;
    }

    /** Sends the selected dead letters back to the activity topic, waits for the broker, and says which. */
    List<DeadLetter> replay(Predicate<DeadLetter> selected) {
        List<DeadLetter> replayed = new ArrayList<>();
        List<CompletableFuture<?>> sends = new ArrayList<>();
        readAll(letter -> {
            if (selected.test(letter)) {
                sends.add(template.send(replayOf(letter)));
                replayed.add(letter);
            }
        });
        try {
            CompletableFuture.allOf(sends.toArray(CompletableFuture[]::new))
                    .get(READ_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            throw new IllegalStateException("Could not replay every dead letter: " + e.getMessage(), e);
        }
        return replayed;
    }

    private ProducerRecord<Object, Object> replayOf(DeadLetter letter) {
        RecordHeaders headers = new RecordHeaders();
        for (Header header : letter.headers()) {
            // the DLT's own bookkeeping and a deserializer's failure belong to the old delivery, not to the record
            if (!header.key().startsWith("kafka_dlt-")
                    && !header.key().equals(SerializationUtils.VALUE_DESERIALIZER_EXCEPTION_HEADER)
                    && !header.key().equals(SerializationUtils.KEY_DESERIALIZER_EXCEPTION_HEADER)) {
                headers.add(header);
            }
        }
        headers.add(new RecordHeader(REPLAYED_FROM_HEADER, letter.address().getBytes(StandardCharsets.UTF_8)));
        return new ProducerRecord<>(topic, null, letter.rawKey(), letter.rawValue(), headers);
    }

    private void readAll(Consumer<DeadLetter> visitor) {
        Map<String, Object> config = kafkaProperties.buildConsumerProperties();
        config.remove(ConsumerConfig.GROUP_ID_CONFIG);
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (var consumer = new KafkaConsumer<byte[], byte[]>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(deadLetterTopic, READ_TIMEOUT).stream()
                    .map(info -> new TopicPartition(info.topic(), info.partition()))
                    .toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions, READ_TIMEOUT);
            Instant deadline = Instant.now().plus(READ_TIMEOUT);
            while (partitions.stream().anyMatch(p -> consumer.position(p, READ_TIMEOUT) < end.get(p))) {
                if (Instant.now().isAfter(deadline)) {
                    throw new IllegalStateException("Could not read " + deadLetterTopic + " within " + READ_TIMEOUT);
                }
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    if (record.offset() < end.get(new TopicPartition(record.topic(), record.partition()))) {
                        visitor.accept(DeadLetter.of(record));
                    }
                }
            }
        }
    }

    /** One record of the dead-letter topic. */
    record DeadLetter(
            String topic,
            int partition,
            long offset,
            Instant timestamp,
            byte[] rawKey,
            byte[] rawValue,
            Iterable<Header> headers,
            String eventId) {

        static DeadLetter of(ConsumerRecord<byte[], byte[]> record) {
            return new DeadLetter(
                    record.topic(),
                    record.partition(),
                    record.offset(),
                    Instant.ofEpochMilli(record.timestamp()),
                    record.key(),
                    record.value(),
                    List.of(record.headers().toArray()),
                    eventIdOf(record));
        }

        String address() {
            return topic + "-" + partition + "@" + offset;
        }

        /** Every value of a header, oldest first: a record rejected, replayed and rejected again has two reasons. */
        List<String> all(String header) {
            List<String> values = new ArrayList<>();
            headers.forEach(h -> {
                if (h.key().equals(header)) {
                    values.add(text(h.value()));
                }
            });
            return values;
        }

        String key() {
            return text(rawKey);
        }

        String value() {
            return text(rawValue);
        }

        /** The {@code eventId} header the producers set, else the id in the value if it is an event at all. */
        private static String eventIdOf(ConsumerRecord<byte[], byte[]> record) {
            Header header = record.headers().lastHeader("eventId");
            if (header != null) {
                return text(header.value());
            }
            try {
                return ActivityEventJson.read(text(record.value())).eventId().toString();
            } catch (RuntimeException notAnEvent) {
                return null;
            }
        }

        private static String text(byte[] bytes) {
            return bytes == null ? null : new String(bytes, StandardCharsets.UTF_8);
        }
    }
}
