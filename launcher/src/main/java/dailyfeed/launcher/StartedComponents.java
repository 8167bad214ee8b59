package dailyfeed.launcher;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * What the launcher has started so far, and the order to stop it in: gateways, services, Zipkin (with {@code
 * --tracing}), Kafka, PostgreSQL.
 */
final class StartedComponents {

    /** How long a child may take to stop after SIGTERM before it is killed. */
    static final Duration STOP_GRACE = Duration.ofSeconds(15);

    private final PrintStream console;
    private final List<ChildProcess> services = new ArrayList<>();
    private final List<ChildProcess> gateways = new ArrayList<>();
    private final List<ChildProcess> kafka = new ArrayList<>();
    private ChildProcess zipkin;
    private EmbeddedPostgresServer postgres;

    StartedComponents(PrintStream console) {
        this.console = console;
    }

    void addKafka(ChildProcess process) {
        kafka.add(process);
    }

    void addPostgres(EmbeddedPostgresServer server) {
        postgres = server;
    }

    void addZipkin(ChildProcess process) {
        zipkin = process;
    }

    void addService(ChildProcess process) {
        services.add(process);
    }

    void addGateway(ChildProcess process) {
        gateways.add(process);
    }

    List<ChildProcess> services() {
        return List.copyOf(services);
    }

    List<ChildProcess> gateways() {
        return List.copyOf(gateways);
    }

    /** Stops the gateways, the services, Kafka, then PostgreSQL: each only after what depends on it. */
    void stop() {
        stopTogether(gateways);
        // the services do not depend on each other, so they may stop together
        stopTogether(services);
        if (zipkin != null) {
            // after the services, which send their last spans as they stop
            zipkin.stop(STOP_GRACE);
        }
        // a cluster's nodes together: each waits for the others' controlled shutdown, not in turn
        stopTogether(kafka);
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                console.println("dailyfeed: PostgreSQL did not stop cleanly: " + e.getMessage());
            }
        }
    }

    private static void stopTogether(List<ChildProcess> processes) {
        List<Thread> stoppers = processes.stream()
                .map(process -> new Thread(() -> process.stop(STOP_GRACE), "stop-" + process.name()))
                .toList();
        stoppers.forEach(Thread::start);
        for (Thread stopper : stoppers) {
            try {
                stopper.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
