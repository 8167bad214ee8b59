package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import kafka.server.KafkaConfig;
import org.apache.kafka.storage.internals.log.CleanerConfig;
import org.junit.jupiter.api.Test;

/** The broker alone (what ./dailyfeed up runs) and as one node of a cluster (what the reliability suite runs). */
class KafkaBrokerNodeTests {

    private static final Path DATA = Path.of("/tmp/kafka");

    @Test
    void aloneItIsItsOwnQuorumWithSingleReplicaInternalTopics() {
        Map<String, String> props = KafkaBroker.serverProperties(DATA, 9092);

        assertThat(props)
                .containsEntry("node.id", "1")
                .containsEntry("controller.quorum.voters", "1@127.0.0.1:9093")
                .containsEntry("offsets.topic.replication.factor", "1")
                .containsEntry("transaction.state.log.min.isr", "1");
    }

    @Test
    void inAClusterOfThreeInternalTopicsHaveThreeReplicasOfWhichTwoMustBeInSync() {
        String voters = "1@127.0.0.1:9093,2@127.0.0.1:9095,3@127.0.0.1:9097";
        Map<String, String> props = KafkaBroker.serverProperties(DATA, 9094, KafkaBroker.Node.of("2", voters, 9094));

        assertThat(props)
                .containsEntry("node.id", "2")
                .containsEntry("controller.quorum.voters", voters)
                .containsEntry("listeners", "PLAINTEXT://127.0.0.1:9094,CONTROLLER://127.0.0.1:9095")
                .containsEntry("offsets.topic.replication.factor", "3")
                .containsEntry("transaction.state.log.replication.factor", "3")
                .containsEntry("transaction.state.log.min.isr", "2");
    }

    @Test
    void theLogCleanersBufferIsSizedForTheOffsetsTopicAndKafkaAcceptsIt() {
        Map<String, String> props = KafkaBroker.serverProperties(DATA, 9092);
        Properties asFile = new Properties();
        asFile.putAll(props);

        // Kafka's own validation: the buffer must be at least 1 MiB per cleaner thread
        KafkaConfig config = KafkaConfig.fromProps(asFile);

        assertThat(config.getLong("log.cleaner.dedupe.buffer.size"))
                .isEqualTo(KafkaBroker.LOG_CLEANER_DEDUPE_BUFFER_BYTES)
                .isLessThan(CleanerConfig.LOG_CLEANER_DEDUPE_BUFFER_SIZE);
    }

    @Test
    void aNodeIdNeedsVotersThatNameIt() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KafkaBroker.Node.of("2", null, 9092))
                .withMessageContaining("go together");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KafkaBroker.Node.of("4", "1@127.0.0.1:9093", 9092))
                .withMessageContaining("does not name node 4");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> KafkaBroker.Node.of("x", "1@127.0.0.1:9093", 9092))
                .withMessageContaining("not a number");
    }
}
