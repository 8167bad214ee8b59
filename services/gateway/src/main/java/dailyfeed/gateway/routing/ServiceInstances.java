package dailyfeed.gateway.routing;

import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import org.apache.hc.client5.http.ConnectTimeoutException;

/**
 * The instances of one service, taken in turn (round robin), with failover on connect failures: a request whose
 * connection an instance refuses (or does not accept within the connect timeout) goes on to the next instance, and
 * that instance is tried last by the requests of the next few seconds. An instance whose last readiness probe failed
 * ({@link ServicesReadiness}, every second or two) is tried last too, until a probe finds it ready again: a hung or
 * starting instance accepts connections, and would otherwise hold each request that reaches it.
 * <p>
 * A small hand-written balancer rather than Spring Cloud LoadBalancer: the gateway needs to fail over for the
 * proxy's blocking calls and for the event streams' asynchronous ones alike, and only for failures that guarantee
 * the request was never sent (so a POST can be retried safely). LoadBalancer's retries belong to RestTemplate and
 * WebClient, and the gateway's retry filter retries by exception type with a back-off, neither of which fits.
 */
final class ServiceInstances {

    /** How long an instance that refused a connection is tried last. */
    static final Duration REFUSED_FOR = Duration.ofSeconds(5);

    private final String service;
    private final List<URI> instances;
    private final AtomicInteger turn = new AtomicInteger();
    private final AtomicLongArray refusedUntil;
    private final AtomicIntegerArray unready; // 1 while the last readiness probe of that instance failed
    private final LongSupplier nanoClock;

    ServiceInstances(String service, List<URI> instances, LongSupplier nanoClock) {
        if (instances == null || instances.isEmpty()) {
            throw new IllegalArgumentException("No address configured for " + service);
        }
        this.service = service;
        this.instances = List.copyOf(instances);
        this.refusedUntil = new AtomicLongArray(instances.size());
        this.unready = new AtomicIntegerArray(instances.size());
        this.nanoClock = nanoClock;
    }

    static ServiceInstances of(String service, List<URI> instances) {
        return new ServiceInstances(service, instances, System::nanoTime);
    }

    String service() {
        return service;
    }

    /** Every instance, in the configured order (e.g. to ask each whether it is ready). */
    List<URI> all() {
        return instances;
    }

    /**
     * The order in which one request tries the instances: the next in turn first, those that recently refused a
     * connection or failed their last readiness probe last (still tried: when all are, one of them may yet answer).
     */
    List<URI> inTurn() {
        int size = instances.size();
        int first = Math.floorMod(turn.getAndIncrement(), size);
        long now = nanoClock.getAsLong();
        List<URI> willing = new ArrayList<>(size);
        List<URI> refused = new ArrayList<>(1);
        for (int i = 0; i < size; i++) {
            int index = (first + i) % size;
            boolean avoided = now - refusedUntil.get(index) < 0 || unready.get(index) == 1;
            (avoided ? refused : willing).add(instances.get(index));
        }
        willing.addAll(refused);
        return willing;
    }

    /** Notes that {@code instance} refused a connection. */
    void refused(URI instance) {
        int index = instances.indexOf(instance);
        if (index >= 0) {
            refusedUntil.set(index, nanoClock.getAsLong() + REFUSED_FOR.toNanos());
        }
    }

    /** Notes what the last readiness probe of {@code instance} found. */
    void readiness(URI instance, boolean ready) {
        int index = instances.indexOf(instance);
        if (index >= 0) {
            unready.set(index, ready ? 0 : 1);
        }
    }

    /**
     * Whether {@code failure} means the connection was never made, so that the request never left the gateway: refused
     * or not accepted within the connect timeout, as the routes' client (Apache's {@code HttpHostConnectException} is
     * a {@link ConnectException}; its {@link ConnectTimeoutException} a timeout of the connect alone) or the event
     * streams' JDK client says it. Any other timeout may come after the request was sent.
     */
    static boolean isConnectFailure(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof ConnectException
                    || cause instanceof ConnectTimeoutException
                    || cause instanceof HttpConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }
}
