package dailyfeed.bench;

import dailyfeed.harness.Member;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Flow;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Many live streams held open at once, as browsers' tabs hold them, cheaply: one JDK {@code HttpClient} on two
 * threads carries them all (one connection and one line parser per stream, no thread per stream). Each stream records
 * when the {@code activity} event of a post arrived, by post id.
 */
final class StreamReaders implements AutoCloseable {

    /** What the client keeps open besides the streams (the JVM's jars, Maven's files, the other clients' connections). */
    private static final int SPARE_FILES = 1_000;

    private final ThreadPoolExecutor executor =
            new ThreadPoolExecutor(2, 2, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), runnable -> {
                Thread thread = new Thread(runnable, "stream-readers");
                thread.setDaemon(true);
                return thread;
            });
    private final HttpClient http = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .executor(executor)
            .build();
    private final List<Reader> readers = new ArrayList<>();
    /** How many streams have received each post's activity, by post id. */
    private final Map<Long, AtomicInteger> received = new ConcurrentHashMap<>();

    private final AtomicInteger connected = new AtomicInteger();
    private final AtomicInteger ended = new AtomicInteger();
    private final AtomicInteger refused = new AtomicInteger();
    private final AtomicInteger unanswered = new AtomicInteger();
    private volatile String firstRefusal;

    /** Fails with a clear message if this process may not hold {@code streams} more open files than it holds now. */
    static void checkOpenFileLimit(int streams) throws IOException {
        long limit = Files.readAllLines(Path.of("/proc/self/limits")).stream()
                .filter(line -> line.startsWith("Max open files"))
                .map(line -> line.substring("Max open files".length()).trim().split("\\s+")[0])
                .map(soft -> soft.equals("unlimited") ? Long.MAX_VALUE : Long.parseLong(soft))
                .findFirst()
                .orElse(Long.MAX_VALUE);
        long open;
        try (var fds = Files.list(Path.of("/proc/self/fd"))) {
            open = fds.count();
        }
        if (open + streams + SPARE_FILES > limit) {
            throw new IllegalStateException(
                    ("the benchmark's JVM may open %,d files (ulimit -n) and holds %,d: %,d streams need"
                                    + " %,d more plus %,d spare; raise ulimit -n or lower -Dbench.streams")
                            .formatted(limit, open, streams, streams, SPARE_FILES));
        }
    }

    /**
     * Opens a stream for each of {@code holders} (a member may appear more than once), {@code batch} at a time, each
     * batch once the one before it is open (its {@code :connected} comment read). A stream refused (not 200, or no
     * connection) is opened again after 1 s, as a browser's {@code EventSource} would, at most 5 times; every refusal
     * is counted ({@link #refusals}). Fails if a stream is still not open after that.
     */
    void open(String gateway, List<Member> holders, int batch, Duration timeout) throws InterruptedException {
        URI uri = URI.create(gateway + "/api/activities/followings/stream");
        for (int from = 0; from < holders.size(); from += batch) {
            List<Member> pending = holders.subList(from, Math.min(holders.size(), from + batch));
            for (int attempt = 1; !pending.isEmpty(); attempt++) {
                if (attempt > 5) {
                    throw new IllegalStateException(
                            "%,d streams open; %,d still refused after 5 attempts, the first refusal: %s"
                                    .formatted(readers.size(), pending.size(), firstRefusal));
                }
                if (attempt > 1) {
                    TimeUnit.SECONDS.sleep(1);
                }
                List<Reader> sent = new ArrayList<>();
                for (Member holder : pending) {
                    Reader reader = new Reader(holder);
                    sent.add(reader);
                    HttpRequest request = HttpRequest.newBuilder(uri)
                            .header("Accept", "text/event-stream")
                            .header("Authorization", "Bearer " + holder.token())
                            .GET()
                            .build();
                    http.sendAsync(request, info -> {
                                if (info.statusCode() != 200) {
                                    reader.refused(Integer.toString(info.statusCode()));
                                    return HttpResponse.BodySubscribers.mapping(
                                            HttpResponse.BodySubscribers.ofString(StandardCharsets.UTF_8), body -> {
                                                if (firstRefusal.equals(Integer.toString(info.statusCode()))) {
                                                    firstRefusal = info.statusCode() + " " + body;
                                                }
                                                return null;
                                            });
                                }
                                return HttpResponse.BodySubscribers.fromLineSubscriber(reader);
                            })
                            .whenComplete((response, error) -> {
                                if (error != null && !reader.open) {
                                    reader.refused(error.toString());
                                }
                            });
                }
                long deadline = System.nanoTime() + timeout.toNanos();
                while (sent.stream().anyMatch(reader -> !reader.open && !reader.refused)) {
                    if (System.nanoTime() > deadline) {
                        // no answer at all: given up on and counted, like a refusal, and opened again
                        sent.stream()
                                .filter(reader -> !reader.open && !reader.refused)
                                .forEach(reader -> {
                                    unanswered.incrementAndGet();
                                    reader.cancel();
                                    reader.refused("no answer within " + timeout);
                                });
                        break;
                    }
                    TimeUnit.MILLISECONDS.sleep(10); // the readers note it; we only look
                }
                sent.stream().filter(reader -> reader.open).forEach(readers::add);
                pending = sent.stream()
                        .filter(reader -> !reader.open)
                        .map(reader -> reader.holder)
                        .toList();
            }
        }
    }

    /** How many attempts to open a stream were refused (each was tried again), and the first refusal. */
    String refusals() {
        return refused.get() == 0
                ? "0"
                : refused.get() + " (" + unanswered.get() + " of them unanswered; the first: " + firstRefusal + ")";
    }

    int refusalCount() {
        return refused.get();
    }

    int size() {
        return readers.size();
    }

    int connected() {
        return connected.get();
    }

    /** Streams that ended (or failed) while they should have stayed open. */
    int ended() {
        return ended.get();
    }

    int received(long postId) {
        AtomicInteger count = received.get(postId);
        return count == null ? 0 : count.get();
    }

    /** When each stream received the post's activity ({@link System#nanoTime()}), null for a stream that did not. */
    List<Long> arrivals(long postId) {
        return readers.stream().map(reader -> reader.arrivals.get(postId)).toList();
    }

    /** Closes every stream's connection (cancelling a body closes an HTTP/1.1 connection of the JDK client). */
    @Override
    public void close() {
        readers.forEach(Reader::cancel);
        executor.allowCoreThreadTimeOut(true); // the client may still need them to close the connections
    }

    /** One stream: reads its lines as they come and notes each post's activity. */
    private final class Reader implements Flow.Subscriber<String> {
        final Map<Long, Long> arrivals = new ConcurrentHashMap<>();
        final Member holder;
        volatile boolean open;
        volatile boolean refused;
        private volatile Flow.Subscription subscription;
        private volatile boolean cancelled;
        private String event; // the event being read; the client calls one stream's onNext one line at a time

        Reader(Member holder) {
            this.holder = holder;
        }

        void refused(String why) {
            if (refused) {
                return;
            }
            if (firstRefusal == null) {
                firstRefusal = why;
            }
            StreamReaders.this.refused.incrementAndGet();
            refused = true;
        }

        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            this.subscription = subscription;
            if (cancelled) {
                subscription.cancel();
            } else {
                subscription.request(Long.MAX_VALUE);
            }
        }

        @Override
        public void onNext(String line) {
            if (line.isEmpty()) {
                event = null;
            } else if (line.startsWith("event:")) {
                event = line.substring(6).strip();
            } else if (line.startsWith("data:") && "activity".equals(event)) {
                long now = System.nanoTime();
                long postId = postId(line);
                if (postId > 0
                        && line.contains("\"type\":\"POST_CREATED\"")
                        && arrivals.putIfAbsent(postId, now) == null) {
                    received.computeIfAbsent(postId, id -> new AtomicInteger()).incrementAndGet();
                }
            } else if (line.startsWith(":connected") && !open) {
                open = true;
                connected.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            if (!cancelled && open) {
                ended.incrementAndGet();
            }
        }

        @Override
        public void onComplete() {
            if (!cancelled && open) {
                ended.incrementAndGet();
            }
        }

        void cancel() {
            cancelled = true;
            Flow.Subscription current = subscription;
            if (current != null) {
                current.cancel();
            }
        }

        /** The {@code postId} of an activity's JSON without parsing all of it (8,000 streams read every event). */
        private static long postId(String line) {
            int at = line.indexOf("\"postId\":");
            if (at < 0) {
                return -1;
            }
            long id = 0;
            for (int i = at + 9; i < line.length() && Character.isDigit(line.charAt(i)); i++) {
                id = id * 10 + (line.charAt(i) - '0');
            }
            return id;
        }
    }
}
