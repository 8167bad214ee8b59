package dailyfeed.launcher;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;

/** Probes that tell whether a component is ready: a Spring Boot health endpoint, a Kafka broker, a TCP port. */
public final class HealthWaiter {

    private static final Duration POLL_INTERVAL = Duration.ofMillis(250);

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** True when {@code GET <baseUrl>/actuator/health} answers 200 with status UP. */
    public boolean isHttpUp(String baseUrl) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/actuator/health"))
                .timeout(Duration.ofSeconds(3))
                .GET()
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200
                    && response.body().replace(" ", "").contains("\"status\":\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * True when the broker answers a metadata request with at least one broker. The port is checked first, because
     * an admin client pointed at a closed port keeps retrying (and logging) for its whole timeout.
     */
    public boolean isKafkaUp(String host, int port) {
        return isKafkaUp(host, port, 1);
    }

    /** True when the broker at {@code port} answers a metadata request naming at least {@code brokers} brokers. */
    public boolean isKafkaUp(String host, int port, int brokers) {
        if (!isPortOpen(host, port)) {
            return false;
        }
        Map<String, Object> config = Map.of(
                AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, host + ":" + port,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 3000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(config)) {
            return admin.describeCluster(new DescribeClusterOptions().timeoutMs(3000))
                            .nodes()
                            .get(4, TimeUnit.SECONDS)
                            .size()
                    >= brokers;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } catch (Exception e) {
            return false;
        }
    }

    public static boolean isPortOpen(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Polls {@code probe} until it is true (returns true) or {@code timeout} passes (returns false). */
    public static boolean await(BooleanSupplier probe, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (probe.getAsBoolean()) {
                return true;
            }
            if (System.nanoTime() >= deadline) {
                return false;
            }
            try {
                Thread.sleep(POLL_INTERVAL.toMillis()); // a poll interval, not synchronization: the probe decides
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }
}
