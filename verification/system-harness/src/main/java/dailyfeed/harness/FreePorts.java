package dailyfeed.harness;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.IntStream;

/** Ports nothing listens on now, each handed out once, for processes a test starts on loopback. */
public final class FreePorts {

    private final Set<Integer> given = new HashSet<>();

    /** A port nothing listens on now, not handed out before by this instance. */
    public int free() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ephemeral();
            if (given.add(port)) {
                return port;
            }
        }
        throw new IllegalStateException("no free port found");
    }

    /** A free port whose successor is free too (Kafka's controller takes the next one). */
    public int freePair() {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ephemeral();
            if (port < 65535 && !given.contains(port) && !given.contains(port + 1) && isFree(port + 1)) {
                given.add(port);
                given.add(port + 1);
                return port;
            }
        }
        throw new IllegalStateException("no two adjacent free ports found");
    }

    /**
     * A free port {@code p} such that {@code p + step}, ... {@code p + (count-1)·step} are free too: the launcher puts
     * instance k of a component at the first one's port + step·(k−1). {@code count} 1 is {@link #free()}.
     */
    public int freeSeries(int count, int step) {
        return freeSeries(count, step, 1);
    }

    /**
     * As {@link #freeSeries(int, int)}, each with its successor free too: the first port of each of {@code count}
     * Kafka nodes, whose controllers take the next one.
     */
    public int freePairSeries(int count, int step) {
        return freeSeries(count, step, 2);
    }

    private int freeSeries(int count, int step, int width) {
        for (int attempt = 0; attempt < 50; attempt++) {
            int port = ephemeral();
            List<Integer> series = IntStream.range(0, count)
                    .boxed()
                    .flatMap(k -> IntStream.range(0, width).mapToObj(offset -> port + k * step + offset))
                    .toList();
            if (series.get(series.size() - 1) <= 65535
                    && series.stream().noneMatch(given::contains)
                    && series.stream().skip(1).allMatch(FreePorts::isFree)) {
                given.addAll(series);
                return port;
            }
        }
        throw new IllegalStateException("no " + count + " free ports (" + width + " wide) " + step + " apart found");
    }

    private static int ephemeral() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName("0.0.0.0"), port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
