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

    /**
     * Told of each event as it is dispatched, on the client's pool and in the stream's order: the stream's next line
     * waits for it, so it must be quick and must not throw. The arrival time is not in {@link Event}, whose equality
     * the tests compare.
     */
    @FunctionalInterface
    public interface Listener {

        /** @param arrivalNanos {@link System#nanoTime()} when the event's blank line was read */
        void onEvent(Event event, long arrivalNanos);
    }

    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /** Until the response headers arrive; an open stream itself has no time limit. */
    private static final Duration RESPONSE_TIMEOUT = Duration.ofSeconds(15);

    private final ExecutorService pool;
    private final ScheduledExecutorService retries;
    private final HttpClient http;
    private final Duration retryDelay;
    private final boolean obeysRetry;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();

    /**
     * @param threads    the client's pool: parsing and bookkeeping of all streams run on at most this many threads
     * @param retryDelay how long a subscription waits before it connects again (as the server's {@code retry:} would,
     *                   which this client ignores: the test decides its own delay)
     */
    public EventStreamClient(int threads, Duration retryDelay) {
        this(threads, retryDelay, false);
    }

    /**
     * A client that waits what each stream's last {@code retry:} said before connecting again, as a browser does, and
     * {@code untilTold} while a stream has said nothing: for a measurement, whose gaps must be the ones a browser sees.
     */
    public static EventStreamClient obeyingRetry(int threads, Duration untilTold) {
        return new EventStreamClient(threads, untilTold, true);
    }

    private EventStreamClient(int threads, Duration retryDelay, boolean obeysRetry) {
        this.pool = Executors.newFixedThreadPool(threads, daemon("event-streams"));
        this.retries = Executors.newSingleThreadScheduledExecutor(daemon("event-stream-retries"));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(CONNECT_TIMEOUT)
                .executor(pool)
                .build();
        this.retryDelay = retryDelay;
        this.obeysRetry = obeysRetry;
    }

    /**
     * Opens {@code path} at the first of {@code bases} and keeps it open until {@link Subscription#close()}. A connection
     * that ends or breaks is followed by one to the same base; an attempt that got no answer at all (refused, timed
     * out) is followed by one to the next base in the list, as a client with several addresses of one site would do.
     *
     * @param bearer the access token, sent as {@code Authorization: Bearer ...}
     */
    public Subscription subscribe(List<URI> bases, String path, String bearer) {
        return subscribe(bases, path, bearer, (event, arrivalNanos) -> {});
    }

    /** As {@link #subscribe(List, String, String)}, telling {@code listener} of each event when it arrives. */
    public Subscription subscribe(List<URI> bases, String path, String bearer, Listener listener) {
        Subscription subscription = new Subscription(List.copyOf(bases), path, bearer, listener);
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
        private final Listener listener;
        private final List<Event> events = new CopyOnWriteArrayList<>();
        private final List<String> interruptions = new CopyOnWriteArrayList<>();
        private final AtomicInteger attempts = new AtomicInteger();
        private final AtomicInteger connections = new AtomicInteger();
        private final AtomicInteger cutShort = new AtomicInteger();
        private volatile int baseIndex;
        private volatile String lastEventId;
        private volatile Duration toldRetry;
        private volatile boolean connected;
        private volatile boolean closed;
        private volatile Flow.Subscription body;

        private Subscription(List<URI> bases, String path, String bearer, Listener listener) {
            this.bases = bases;
            this.path = path;
            this.bearer = bearer;
            this.listener = listener;
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
                        Duration told = toldRetry;
                        Duration delay = obeysRetry && told != null ? told : retryDelay;
                        retries.schedule(this::connect, delay.toMillis(), TimeUnit.MILLISECONDS);
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

        /**
         * How many events a connection's end cut short: their {@code data:} had begun, their blank line never came.
         * They are dropped, as a browser drops them; the resume asks again from the last whole event's id.
         */
        public int cutShort() {
            return cutShort.get();
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
                        case "retry" -> {
                            if (value.matches("\\d{1,18}")) { // anything but digits is ignored, as the spec says
                                toldRetry = Duration.ofMillis(Long.parseLong(value));
                            }
                        }
                        default -> {
                            // unknown fields carry nothing
                        }
                    }
                }
            }

            private void dispatch() {
                // before the bookkeeping below, which is the client's time, not the stream's
                long arrived = System.nanoTime();
                if (data != null) {
                    if (id != null) {
                        lastEventId = id;
                    }
                    Event event = new Event(name == null ? "message" : name, id, data.toString(), connection);
                    events.add(event);
                    listener.onEvent(event, arrived);
                }
                name = null;
                id = null;
                data = null;
            }

            @Override
            public void onError(Throwable throwable) {
                // why is reported by the response future, which also schedules the reconnection
                countCutShort();
            }

            @Override
            public void onComplete() {
                countCutShort(); // the last line, with or without its line end, has been read by now
            }

            private void countCutShort() {
                if (data != null && !closed) {
                    cutShort.incrementAndGet();
                }
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
