package dailyfeed.security;

import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;

/** The suite's way to dailyfeed: the gateway client, with every answer kept for the leak scan at the end of the run. */
final class Recorded {

    /** Every answer any test got in this JVM, in order. */
    static final ConcurrentLinkedQueue<Answer> ANSWERS = new ConcurrentLinkedQueue<>();

    private Recorded() {}

    /** A client whose every answer is kept; a request that gets no answer at all fails the test at once. */
    static GatewayClient gateway(String baseUrl) {
        return GatewayClient.builder(baseUrl)
                .version(HttpClient.Version.HTTP_2) // the JDK's default, as this suite has always sent its requests
                .timeout(Duration.ofSeconds(60))
                .observer(answer -> {
                    if (!answer.answered()) {
                        throw new AssertionError(answer.method() + " " + answer.target() + " got " + answer.body());
                    }
                    ANSWERS.add(answer);
                })
                .build();
    }
}
