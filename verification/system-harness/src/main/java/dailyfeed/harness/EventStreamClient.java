package dailyfeed.harness;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse.BodySubscribers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A client of {@code text/event-stream} endpoints for black-box tests that behaves like a browser's
 * {@code EventSource}: each subscription remembers the last event id it received and, when its connection ends or
 * fails, connects again after a delay with {@code Last-Event-ID}. Many streams share one {@link HttpClient} whose work
 * runs on a fixed pool: the lines of a response are pushed to a subscriber, so an open stream holds no thread.
 */
public final class EventStreamClient implements AutoCloseable {

    /**
     * One dispatched event.
     *
     * @param id         its {@code id:} field, or null when it had none
     * @param connection which connection of its subscription delivered it (1 for the first)
     */
    public record Event(String name, String id, String data, int connection) {}

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Until the response headers arrive; an open stream itself has no time limit. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(15);

    private final ExecutorService pool;
    private final ScheduledExecutorService retries;
    private final HttpClient http;
    private final Duration retryDelay;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    /**
     * @param threads    the client's pool: parsing and bookkeeping of all streams run on at most this many threads
     * @param retryDelay how long a subscription waits before it connects again (as the server's {@code retry:} would)
     */
    public EventStreamClient(int threads, Duration retryDelay) {
        this.pool = Executors.newFixedThreadPool(threads, daemon("event-streams"));
        this.retries = Executors.newSingleThreadScheduledExecutor(daemon("event-stream-retries"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(pool)
                .build();
        this.retryDelay = retryDelay;
    }

    /**
     * Opens {@code path} at the first of {@code bases} and keeps it open until {@link Subscription#close()}. A connection
     * that ends or breaks is followed by one to the same base; an attempt that got no answer at all (refused, timed
     * out) is followed by one to the next base in the list, as a client with several addresses of one site would do.
     *
     * @param bearer the access token, sent as {@code Authorization: Bearer ...}
     */
    public Subscription subscribe(List<URI> bases, String path, String bearer) {
        Subscription subscription = new Subscription(List.copyOf(bases), path, bearer);
        subscriptions.add(subscription);
        subscription.connect();
        return subscription;
    }

    /** Closes every subscription, then the client. */
    @Override
    public void close() {
        subscriptions.forEach(Subscription::close);
        retries.shutdownNow();
        pool.shutdownNow();
    }

    /** One logical stream across its connections. */
    public final class Subscription implements AutoCloseable {

        private final List<URI> bases;
        private final String path;
        private final String bearer;
        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final List<String> interruptions = new CopyOnWriteArrayList<>();
        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicInteger connections = new AtomicInteger();
        private volatile int baseIndex;
        private volatile String lastEventId;
        private volatile boolean connected;
        private volatile boolean closed;
        private volatile Flow.Subscription body;

        private Subscription(List<URI> bases, String path, String bearer) {
            this.bases = bases;
            this.path = path;
            this.bearer = bearer;
        }

        private void connect() {
            if (closed) {
                return;
            }
            URI base = bases.get(baseIndex);
            int attempt = attempts.incrementAndGet();
            HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                    .timeout(RESPONSE_TIMEOUT)
                    .header("Accept", "text/event-stream")
                    .header("Authorization", "Bearer " + bearer);
            String resumeFrom = lastEventId;
            if (resumeFrom != null) {
                request.header("Last-Event-ID", resumeFrom);
            }
            Lines lines = new Lines(attempt);
            http.sendAsync(
                            request.build(),
                            response -> response.statusCode() == 200
                                    ? BodySubscribers.fromLineSubscriber(
                                            lines, ignored -> null, StandardCharsets.UTF_8, null)
                                    : BodySubscribers.replacing(null))
                    .whenComplete((response, failure) -> {
                        connected = false;
                        if (closed) {
                            return;
                        }
                        if (failure != null) {
                            interruptions.add(base + " #" + attempt + ": " + describe(failure));
                            if (!lines.answered) {
                                baseIndex = (baseIndex + 1) % bases.size(); // nobody there: try the next address
                            }
                        } else {
                            interruptions.add(base + " #" + attempt + ": "
                                    + (response.statusCode() == 200
                                            ? "ended by the server"
                                            : "status " + response.statusCode()));
                        }
                        retries.schedule(this::connect, retryDelay.toMillis(), TimeUnit.MILLISECONDS);
                    });
        }

        /** Every event received so far, over all connections, in arrival order. */
        public List<Event> events() {
            return List.copyOf(events);
        }

        /** The events named {@code name} received so far, in arrival order. */
        public List<Event> events(String name) {
            return events.stream().filter(event -> event.name().equals(name)).toList();
        }

        /** The id a reconnection would send as {@code Last-Event-ID}; null before the first event with an id. */
        public String lastEventId() {
            return lastEventId;
        }

        /** True while a connection is open and its first line (the server's {@code : connected}) has arrived. */
        public boolean isConnected() {
            return connected;
        }

        /** How many connections delivered at least one line: 1 as long as the first one never broke. */
        public int connections() {
            return connections.get();
        }

        /** Why each earlier connection or attempt ended ("http://localhost:8180 #2: ConnectException ..."). */
        public List<String> interruptions() {
            return List.copyOf(interruptions);
        }

        /** The base the current or next connection goes to. */
        public URI base() {
            return bases.get(baseIndex);
        }

        @Override
        public void close() {
            closed = true;
            connected = false; // a cancelled body may never complete its response future
            Flow.Subscription open = body;
            if (open != null) {
                open.cancel();
            }
        }

        /** The SSE parser of one connection (the lines of one response arrive one at a time, never concurrently). */
        private final class Lines implements Flow.Subscriber<String> {

            private final int connection;
            private volatile boolean answered;
            private String name;
            private String id;
            private StringBuilder data;

            Lines(int connection) {
                this.connection = connection;
            }

            @Override
            public void onSubscribe(Flow.Subscription subscription) {
                answered = true;
                body = subscription;
                if (closed) {
                    subscription.cancel();
                    return;
                }
                subscription.request(Long.MAX_VALUE);
            }

            @Override
            public void onNext(String line) {
                if (!connected) {
                    connected = true;
                    connections.incrementAndGet();
                }
                if (line.isEmpty()) {
                    dispatch();
                } else if (!line.startsWith(":")) { // comments (": keep-alive") carry nothing
                    int colon = line.indexOf(':');
                    String field = colon < 0 ? line : line.substring(0, colon);
                    String value = colon < 0 ? "" : line.substring(colon + 1);
                    value = value.startsWith(" ") ? value.substring(1) : value;
                    switch (field) {
                        case "event" -> name = value;
                        case "id" -> id = value;
                        case "data" ->
                            data = data == null
                                    ? new StringBuilder(value)
                                    : data.append('\n').append(value);
                        default -> {
                            // retry: and unknown fields: the test decides its own delay
                        }
                    }
                }
            }

            private void dispatch() {
                if (data != null) {
                    if (id != null) {
                        lastEventId = id;
                    }
                    events.add(new Event(name == null ? "message" : name, id, data.toString(), connection));
                }
                name = null;
                id = null;
                data = null;
            }

            @Override
            public void onError(Throwable throwable) {
                // reported by the response future, which also schedules the reconnection
            }

            @Override
            public void onComplete() {
                // as onError
            }
        }
    }

    /** The failure without the future's wrapper: "ConnectException", not its ClosedChannelException cause. */
    private static String describe(Throwable failure) {
        Throwable cause = failure;
        while (cause instanceof CompletionException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        return cause.getClass().getSimpleName() + (cause.getMessage() == null ? "" : " " + cause.getMessage());
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger count = new AtomicInteger();
        return runnable -> {
            Thread thread = new Thread(runnable, name + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
