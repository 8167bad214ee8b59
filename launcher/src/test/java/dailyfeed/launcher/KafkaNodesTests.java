package dailyfeed.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KafkaNodesTests {

    @TempDir
    Path data;

    @Test
    void theNodesOfANewClusterShareOneClusterId() throws IOException {
        new KafkaNodes(3, 9092).prepare(data);

        String first = clusterIdOf("kafka");
        assertThat(first).isNotBlank();
        assertThat(clusterIdOf("kafka-2")).isEqualTo(first);
        assertThat(clusterIdOf("kafka-3")).isEqualTo(first);
    }

    @Test
    void aNodeAddedToAnUnformattedFolderTakesTheFirstNodesClusterId() throws IOException {
        Files.createDirectories(data.resolve("kafka"));
        Files.writeString(data.resolve("kafka").resolve(KafkaBroker.CLUSTER_ID_FILE), "kept-id");

        new KafkaNodes(3, 9092).prepare(data);

        assertThat(clusterIdOf("kafka-3")).isEqualTo("kept-id");
    }

    @Test
    void aFolderWrittenByOneBrokerIsNotTakenOverByACluster() throws IOException {
        // a folder from before the count was noted: its first node formatted storage alone
        Files.createDirectories(data.resolve("kafka").resolve("data"));
        Files.writeString(data.resolve("kafka").resolve("data").resolve("meta.properties"), "node.id=1\n");

        assertThatIllegalStateException()
                .isThrownBy(() -> new KafkaNodes(3, 9092).prepare(data))
                .withMessageContaining("was written by 1 broker; start with --brokers 1, or add --reset");
        assertThat(data.resolve("kafka-2")).doesNotExist();
    }

    @Test
    void aClustersFolderIsNotTakenByOneBrokerButIsByTheSameCount() throws IOException {
        new KafkaNodes(3, 9092).prepare(data);

        assertThatIllegalStateException()
                .isThrownBy(() -> new KafkaNodes(1, 9092).prepare(data))
                .withMessageContaining("was written by 3 brokers; start with --brokers 3");
        new KafkaNodes(3, 9092).prepare(data); // the same cluster again: fine
        assertThat(Files.readString(data.resolve(KafkaNodes.COUNT_FILE)).trim()).isEqualTo("3");
    }

    private String clusterIdOf(String node) throws IOException {
        return Files.readString(data.resolve(node).resolve(KafkaBroker.CLUSTER_ID_FILE));
    }
}
