package dailyfeed.activity.stream;

import dailyfeed.activity.follow.FollowGraph;
import dailyfeed.activity.store.ActivityItem;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * The open SSE connections of this instance, by member. New activities are sent to the connections of the members
 * who follow their actor; every connection gets a heartbeat comment; a connection that ends, times out or fails to
 * take a write is forgotten.
 */
@Component
class FollowingsStreams implements SmartLifecycle {

    static final String EVENT_NAME = "activity";

    private static final Logger log = LoggerFactory.getLogger(FollowingsStreams.class);

    private final Map<Long, Set<SseEmitter>> byMember = new ConcurrentHashMap<>();
    private final FollowGraph follows;
    private final StreamSettings settings;
    private volatile boolean running;

    FollowingsStreams(FollowGraph follows, StreamSettings settings, MeterRegistry meters) {
        this.follows = follows;
        this.settings = settings;
        Gauge.builder("dailyfeed.activity.stream.connections", this, FollowingsStreams::openConnections)
                .description("Open SSE streams on this instance")
                .register(meters);
    }

    SseEmitter open(long memberId) {
        SseEmitter emitter = new SseEmitter(settings.timeout().toMillis());
        byMember.computeIfAbsent(memberId, id -> ConcurrentHashMap.newKeySet()).add(emitter);
        emitter.onCompletion(() -> forget(memberId, emitter));
        emitter.onTimeout(() -> {
            forget(memberId, emitter);
            emitter.complete();
        });
        emitter.onError(error -> forget(memberId, emitter));
        // sent at once, so the client sees the stream open before the first activity
        send(memberId, emitter, SseEmitter.event().reconnectTime(settings.reconnectDelay().toMillis()).comment("connected"));
        return emitter;
    }

    /** Sends each activity to the open connections of the members who follow its actor. */
    void deliver(List<ActivityItem> activities) {
        if (activities.isEmpty() || byMember.isEmpty()) {
            return;
        }
        Set<Long> actors = new java.util.HashSet<>();
        activities.forEach(activity -> actors.add(activity.actor().id()));
        Map<Long, List<Long>> followers = follows.followersAmong(actors, byMember.keySet());
        for (ActivityItem activity : activities) {
            for (long memberId : followers.getOrDefault(activity.actor().id(), List.of())) {
                for (SseEmitter emitter : byMember.getOrDefault(memberId, Set.of())) {
                    send(memberId, emitter, SseEmitter.event().name(EVENT_NAME).id(Long.toString(activity.id()))
                            .data(activity, MediaType.APPLICATION_JSON));
                }
            }
        }
    }

    @Scheduled(fixedDelayString = "${dailyfeed.activity.stream.heartbeat:15s}")
    void heartbeat() {
        byMember.forEach((memberId, emitters) -> emitters
                .forEach(emitter -> send(memberId, emitter, SseEmitter.event().comment("keep-alive"))));
    }

    @Override
    public void start() {
        running = true;
    }

    /**
     * Ends every stream before the web server's graceful shutdown begins: a stream never finishes by itself, so
     * the server would otherwise wait out its whole timeout. Clients reconnect, to another instance.
     */
    @Override
    public void stop() {
        running = false;
        byMember.forEach((memberId, emitters) -> emitters.forEach(SseEmitter::complete));
        byMember.clear();
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
        return byMember.getOrDefault(memberId, Set.of()).size();
    }

    private void send(long memberId, SseEmitter emitter, SseEmitter.SseEventBuilder event) {
        try {
            emitter.send(event);
        } catch (IOException | IllegalStateException e) {
            // the client went away (or the emitter completed meanwhile): nothing to retry, it reconnects if it wants
            log.debug("Dropping a stream of member {}: {}", memberId, e.toString());
            forget(memberId, emitter);
            emitter.completeWithError(e);
        }
    }

    private void forget(long memberId, SseEmitter emitter) {
        byMember.computeIfPresent(memberId, (id, emitters) -> {
            emitters.remove(emitter);
            return emitters.isEmpty() ? null : emitters;
        });
    }
}
