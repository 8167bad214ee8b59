package dailyfeed.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.TopicPartitionInfo;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

/**
 * Three KRaft nodes, a topic with three replicas of which two must be in sync for a write, and a producer set up as
 * the outbox's (acks=all, idempotence): the leader of a partition is SIGKILLed while records flow. Every record the
 * producer saw acknowledged must be read back, once.
 */
class KafkaClusterIntegrationTests {

    private static final String TOPIC = "reliability.cluster";
    private static final int PARTITIONS = 3;
    private static final int RECORDS = 40_000;

    @Test
    void killingAPartitionLeaderLosesNoAcknowledgedRecord() throws Exception {
        long seed = Seed.forTest("cluster");
        Random random = new Random(seed);
        long started = System.nanoTime();
        try (KafkaCluster cluster = KafkaCluster.ofNodes(3);
                Admin admin = cluster.admin()) {
            await("three brokers")
                    .pollInSameThread()
                    .atMost(Duration.ofMinutes(2))
                    .ignoreExceptions()
                    .until(() -> admin.describeCluster()
                                    .nodes()
                                    .get(5, TimeUnit.SECONDS)
                                    .size()
                            == 3);
            admin.createTopics(List.of(
                            new NewTopic(TOPIC, PARTITIONS, (short) 3).configs(Map.of("min.insync.replicas", "2"))))
                    .all()
                    .get(30, TimeUnit.SECONDS);
            await("every replica in sync")
                    .pollInSameThread()
                    .atMost(Duration.ofMinutes(1))
                    .ignoreExceptions()
                    .until(() -> partitions(admin).stream()
                            .allMatch(partition -> partition.isr().size() == 3));
            Figures.report("cluster", "3 nodes up, topic ready after %.1f s", (System.nanoTime() - started) / 1e9);

            Set<Integer> acked = ConcurrentHashMap.newKeySet();
            Set<Integer> failed = ConcurrentHashMap.newKeySet();
            int killAt = RECORDS / 5 + random.nextInt(RECORDS * 2 / 5);
            Semaphore inFlight = new Semaphore(500);
            int victim = -1;
            long killedAt = 0;
            try (KafkaProducer<String, String> producer = new KafkaProducer<>(outboxLikeProducer(cluster))) {
                for (int i = 0; i < RECORDS; i++) {
                    if (i == killAt) {
                        // under load: acknowledgements arrive and records wait in the producer's buffers right now
                        TopicPartitionInfo first = partitions(admin).get(0);
                        victim = first.leader().id();
                        int controller = admin.describeCluster()
                                .controller()
                                .get(5, TimeUnit.SECONDS)
                                .id();
                        cluster.kill(victim);
                        killedAt = System.nanoTime();
                        Figures.report(
                                "cluster",
                                "SIGKILL node %d, leader of partition 0%s, after %d records sent"
                                        + " (%d acknowledged)",
                                victim,
                                victim == controller ? " and active controller" : "",
                                i,
                                acked.size());
                    }
                    int id = i;
                    inFlight.acquire();
                    producer.send(
                            new ProducerRecord<>(TOPIC, "member-" + (id % 100), Integer.toString(id)),
                            (metadata, exception) -> {
                                (exception == null ? acked : failed).add(id);
                                inFlight.release();
                            });
                }
                producer.flush();
            }
            int killed = victim;
            await("leaders moved off the killed node")
                    .pollInSameThread()
                    .atMost(Duration.ofSeconds(30))
                    .ignoreExceptions()
                    .until(() -> partitions(admin).stream()
                            .allMatch(partition -> partition.leader().id() != killed));
            List<TopicPartitionInfo> afterKill = partitions(admin);
            Figures.report(
                    "cluster",
                    "all sends done %.1f s after the kill; leaders now %s",
                    (System.nanoTime() - killedAt) / 1e9,
                    afterKill.stream()
                            .map(partition -> partition.partition() + "->"
                                    + partition.leader().id())
                            .toList());

            // the killed node comes back on its own data and catches up
            cluster.startNode(victim);
            long restarted = System.nanoTime();
            await("the restarted node back in sync")
                    .pollInSameThread()
                    .atMost(Duration.ofMinutes(2))
                    .ignoreExceptions()
                    .until(() -> partitions(admin).stream()
                            .allMatch(partition -> partition.isr().size() == 3));
            Figures.report(
                    "cluster", "node %d back in every ISR after %.1f s", victim, (System.nanoTime() - restarted) / 1e9);

            Map<Integer, Integer> consumed = readAll(cluster);
            long lost = acked.stream().filter(id -> !consumed.containsKey(id)).count();
            long duplicated =
                    consumed.values().stream().mapToInt(copies -> copies - 1).sum();
            long invented = consumed.keySet().stream()
                    .filter(id -> id < 0 || id >= RECORDS)
                    .count();
            long failedButStored = failed.stream().filter(consumed::containsKey).count();
            Figures.report(
                    "cluster",
                    "seed=%d sent=%d acked=%d failed=%d consumed=%d lost=%d duplicated=%d"
                            + " invented=%d failedButStored=%d (test took %.0f s)",
                    seed,
                    RECORDS,
                    acked.size(),
                    failed.size(),
                    consumed.size(),
                    lost,
                    duplicated,
                    invented,
                    failedButStored,
                    (System.nanoTime() - started) / 1e9);

            assertThat(acked.size() + failed.size()).isEqualTo(RECORDS);
            assertThat(acked.size())
                    .as("most records acknowledged despite the kill")
                    .isGreaterThan(RECORDS / 2);
            assertThat(lost).as("acknowledged records not read back").isZero();
            assertThat(duplicated).as("records read back more than once").isZero();
            assertThat(invented).isZero();
        }
    }

    /** The outbox's producer settings (OutboxAutoConfiguration with its default send timeout of 10 s). */
    private static Map<String, Object> outboxLikeProducer(KafkaCluster cluster) {
        Map<String, Object> config = new HashMap<>();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, cluster.bootstrapServers());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 4_999);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000);
        return config;
    }

    private static List<TopicPartitionInfo> partitions(Admin admin) throws Exception {
        TopicDescription topic = admin.describeTopics(Set.of(TOPIC))
                .allTopicNames()
                .get(10, TimeUnit.SECONDS)
                .get(TOPIC);
        return topic.partitions();
    }

    /** Every record of the topic, from the beginning to the end offsets: record id -> how often it is there. */
    private static Map<Integer, Integer> readAll(KafkaCluster cluster) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                cluster.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG,
                StringDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false);
        Map<Integer, Integer> copies = new HashMap<>();
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config)) {
            List<TopicPartition> partitions = consumer.partitionsFor(TOPIC).stream()
                    .map(info -> new TopicPartition(TOPIC, info.partition()))
                    .collect(Collectors.toList());
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            await("the whole topic read")
                    .pollInSameThread()
                    .atMost(Duration.ofMinutes(1))
                    .pollInterval(Duration.ofMillis(1))
                    .until(() -> {
                        for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                            copies.merge(Integer.parseInt(record.value()), 1, Integer::sum);
                        }
                        return partitions.stream()
                                .allMatch(partition -> consumer.position(partition) >= ends.get(partition));
                    });
        }
        return copies;
    }
}
