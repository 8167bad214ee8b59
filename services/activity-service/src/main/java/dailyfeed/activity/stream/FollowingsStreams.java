package dailyfeed.activity.stream;

import dailyfeed.activity.follow.FollowGraph;
import dailyfeed.activity.store.MemberActivities;
import dailyfeed.activity.store.StreamEntry;
import dailyfeed.activity.store.StreamPosition;
import dailyfeed.activity.store.StreamedActivity;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.tracing.Span;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.TaskScheduler;
import org.springframework.stereotype.Component;

/**
 * The open streams of this instance, by member, and what is sent to them: the activities of the members each one
 * follows, in stream order; withdrawals; seen-marker moves; a heartbeat.
 *
 * <p>{@link #delivered} is how far in stream order the activities were handed to the open streams. A stream opened
 * with a {@code Last-Event-ID} is registered at that place, under the same lock as deliveries: what came after the
 * client's place and up to there is replayed from the database, and everything after it arrives live — exactly once.
 */
@Component
class FollowingsStreams implements SmartLifecycle {

    /**
     * The heartbeat goes to one slice of the connections at a time, the slices in turn, so that each connection still
     * gets one per {@link StreamSettings#heartbeat()} but they are not all written at once: with thousands of streams
     * open, a burst of writes to all of them every 15 s held up the requests that came meanwhile.
     */
    static final int HEARTBEAT_SLICES = 15;

    private final Map<Long, Set<StreamConnection>> byMember = new ConcurrentHashMap<>();
    private final Object deliveries = new Object();
    private final FollowGraph follows;
    private final MemberActivities activities;
    private final SseFrames frames;
    private final StreamSettings settings;
    private final TaskScheduler scheduler;
    private final Counter refusals;
    private final DeliveryTracing tracing;
    private volatile boolean running;
    private ScheduledFuture<?> heartbeats;
    private final AtomicInteger slicesGiven = new AtomicInteger();
    private int nextHeartbeatSlice; // the heartbeat task's own: its runs never overlap
    // guarded by `deliveries`; null until the tailer knows where the stream order ends
    private StreamPosition delivered;

    FollowingsStreams(
            FollowGraph follows,
            MemberActivities activities,
            SseFrames frames,
            StreamSettings settings,
            TaskScheduler scheduler,
            MeterRegistry meters,
            DeliveryTracing tracing) {
        this.follows = follows;
        this.activities = activities;
        this.frames = frames;
        this.settings = settings;
        this.scheduler = scheduler;
        this.tracing = tracing;
        Gauge.builder("dailyfeed.activity.stream.connections", this, FollowingsStreams::openConnections)
                .description("Open SSE streams on this instance")
                .register(meters);
        this.refusals = Counter.builder("dailyfeed.activity.stream.refusals")
                .description("Streams refused with 429: the member already held as many as allowed on this instance")
                .register(meters);
    }

    /**
     * Opens the caller's stream on this request, answered asynchronously: the request thread returns at once.
     * {@code lastEventId} (nullable) is the {@code id} of the last event the client received.
     */
    void open(long memberId, String lastEventId, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        Optional<StreamPosition> resumeAfter = lastEventId == null ? Optional.empty() : positionOf(lastEventId);
        response.setContentType(MediaType.TEXT_EVENT_STREAM_VALUE);
        response.setCharacterEncoding("UTF-8");
        response.setHeader("Cache-Control", "no-cache");
        response.setHeader("X-Accel-Buffering", "no"); // a buffering proxy in front must pass events on at once
        StreamConnection connection;
        StreamPosition upTo;
        synchronized (deliveries) {
            if (openConnections(memberId) >= settings.maxPerMember()) {
                refusals.increment();
                throw new TooManyStreams(settings.maxPerMember());
            }
            AsyncContext async = request.startAsync(request, response);
            async.setTimeout(settings.timeout().toMillis());
            connection = new StreamConnection(
                    memberId,
                    async,
                    settings.maxPendingBytes().toBytes(),
                    Math.floorMod(slicesGiven.getAndIncrement(), HEARTBEAT_SLICES),
                    this::forget);
            connection.start();
            connection.send(frames.connected(settings.reconnectDelay().toMillis()));
            if (lastEventId != null) {
                connection.hold(resumeAfter.orElse(StreamPosition.START));
            }
            byMember.computeIfAbsent(memberId, id -> ConcurrentHashMap.newKeySet())
                    .add(connection);
            upTo = delivered;
        }
        if (lastEventId != null) {
            connection.resume(replay(memberId, resumeAfter, upTo));
        }
    }

    /** What a resuming client missed up to {@code upTo}, or one frame telling it to reload. */
    private List<byte[]> replay(long memberId, Optional<StreamPosition> after, StreamPosition upTo) {
        if (upTo == null) {
            return List.of(frames.reload(null, "This server is starting; read the feed again."));
        }
        if (after.isEmpty()) {
            return List.of(frames.reload(resumeId(upTo), "The Last-Event-ID names no activity this server knows."));
        }
        if (!upTo.isAfter(after.get())) {
            return List.of(); // the client is ahead of this instance: the live events it already had are skipped
        }
        return activities
                .missedBy(memberId, after.get(), upTo, settings.resumeLimit(), settings.resumeWindow())
                .map(missed -> missed.stream()
                        .map(activity -> frames.activity(activity.item()))
                        .toList())
                .orElseGet(() -> List.of(frames.reload(
                        resumeId(upTo),
                        "More than " + settings.resumeLimit() + " activities were missed; read the feed again.")));
    }

    private static Long resumeId(StreamPosition position) {
        return position.id() == 0 ? null : position.id();
    }

    private Optional<StreamPosition> positionOf(String lastEventId) {
        try {
            return activities.positionOf(Long.parseLong(lastEventId.strip()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /** Where the stream order ends when the tailer starts: streams opened from now on get what comes after. */
    void startAt(StreamPosition position) {
        synchronized (deliveries) {
            delivered = position;
        }
    }

    /** How far the activities were handed to the open streams; null before {@link #startAt}. */
    StreamPosition delivered() {
        synchronized (deliveries) {
            return delivered;
        }
    }

    /**
     * Sends each activity of these places, in order, to the open streams of the members who follow its actor. Only the
     * rows some open stream wants are read.
     */
    void deliver(List<StreamEntry> batch) {
        if (batch.isEmpty()) {
            return;
        }
        synchronized (deliveries) {
            if (!byMember.isEmpty()) {
                Set<Long> actors = new HashSet<>();
                batch.forEach(entry -> actors.add(entry.actorId()));
                Map<Long, List<Long>> followers = follows.followersAmong(actors, byMember.keySet());
                List<StreamPosition> wanted = batch.stream()
                        .filter(entry -> followers.containsKey(entry.actorId()))
                        .map(StreamEntry::position)
                        .toList();
                if (!wanted.isEmpty()) {
                    for (StreamedActivity activity : activities.streamed(wanted)) {
                        send(activity, followers.get(activity.item().actor().id()));
                    }
                }
            }
            delivered = batch.get(batch.size() - 1).position();
        }
    }

    private void send(StreamedActivity activity, List<Long> readers) {
        Span span = tracing.start(activity);
        byte[] frame = frames.activity(activity.item());
        int[] connections = {0};
        for (long reader : readers) {
            connectionsOf(reader).forEach(connection -> {
                connection.sendActivity(activity.position(), frame);
                connections[0]++;
            });
        }
        span.tag("dailyfeed.stream.readers", readers.size())
                .tag("dailyfeed.stream.connections", connections[0])
                .end();
    }

    /** Tells the readers of these activities that their quoted text was withdrawn. */
    void withdrawn(List<Long> activityIds) {
        if (byMember.isEmpty() || activityIds.isEmpty()) {
            return;
        }
        Map<Long, Long> actors = activities.actorsOf(activityIds);
        Map<Long, List<Long>> followers = follows.followersAmong(new HashSet<>(actors.values()), byMember.keySet());
        Map<Long, List<Long>> idsByReader = new HashMap<>();
        actors.forEach((activityId, actor) -> followers
                .getOrDefault(actor, List.of())
                .forEach(reader -> idsByReader
                        .computeIfAbsent(reader, r -> new ArrayList<>())
                        .add(activityId)));
        idsByReader.forEach((reader, ids) -> {
            byte[] frame = frames.withdrawn(ids.stream().sorted().toList());
            connectionsOf(reader).forEach(connection -> connection.send(frame));
        });
    }

    /** Tells every stream of the member that their seen marker moved, so that every tab clears its count. */
    void seen(long memberId, Instant until) {
        Set<StreamConnection> connections = connectionsOf(memberId);
        if (!connections.isEmpty()) {
            byte[] frame = frames.seen(until);
            connections.forEach(connection -> connection.send(frame));
        }
    }

    private void heartbeat() {
        int slice = nextHeartbeatSlice;
        nextHeartbeatSlice = (slice + 1) % HEARTBEAT_SLICES;
        byte[] frame = frames.keepAlive();
        byMember.values()
                .forEach(connections -> connections.forEach(connection -> {
                    if (connection.heartbeatSlice() == slice) {
                        connection.send(frame);
                    }
                }));
    }

    @Override
    public void start() {
        running = true;
        heartbeats = scheduler.scheduleWithFixedDelay(
                this::heartbeat, settings.heartbeat().dividedBy(HEARTBEAT_SLICES));
    }

    /**
     * Ends every stream before the web server's graceful shutdown begins: a stream never finishes by itself, so
     * the server would otherwise wait out its whole timeout. Clients reconnect, to another instance, and resume.
     */
    @Override
    public void stop() {
        running = false;
        if (heartbeats != null) {
            heartbeats.cancel(false);
        }
        List<StreamConnection> all = new ArrayList<>();
        byMember.values().forEach(all::addAll);
        all.forEach(StreamConnection::close);
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return Integer.MAX_VALUE; // stopped first
    }

    /** How many connections are open on this instance. */
    int openConnections() {
        return byMember.values().stream().mapToInt(Set::size).sum();
    }

    /** How many connections one member has open on this instance. */
    int openConnections(long memberId) {
        return connectionsOf(memberId).size();
    }

    private Set<StreamConnection> connectionsOf(long memberId) {
        return byMember.getOrDefault(memberId, Set.of());
    }

    private void forget(StreamConnection connection) {
        byMember.computeIfPresent(connection.memberId(), (id, connections) -> {
            connections.remove(connection);
            return connections.isEmpty() ? null : connections;
        });
    }
}
