package dailyfeed.outbox;

import io.micrometer.tracing.Span;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.task.TaskExecutor;
import org.springframework.kafka.core.KafkaOperations;
import org.springframework.kafka.support.SendResult;

/**
 * Sends outbox rows to Kafka and deletes them once the broker acknowledged them (acks=all).
 *
 * <p>After-commit sends are handed to one thread, so a slow broker never holds up an HTTP request; what cannot be
 * sent now is left to the relay. A row is sent only once every earlier row of its key is acknowledged, so one
 * member's events reach the topic in the order their transactions committed: a row whose key has an earlier row in
 * flight here waits behind it; a row whose key has an earlier unpublished row elsewhere (a dead letter waiting with
 * backoff, a row another instance or the relay sends) is left to the relay, which sends each key's rows in order.
 */
class OutboxPublisher {

    static final String EVENT_ID_HEADER = "eventId";

    private static final int REMEMBERED_KEYS = 10_000;

    private static final Logger log = LoggerFactory.getLogger(OutboxPublisher.class);

    private final KafkaOperations<String, String> kafka;
    private final OutboxRows rows;
    private final OutboxProperties properties;
    private final TaskExecutor sendExecutor;
    private final TaskExecutor completionExecutor;
    private final OutboxMetrics metrics;
    private final OutboxTracing tracing;
    /** Acknowledged rows not yet deleted: deleted together, one statement for the acks of a produce response. */
    private final Queue<Long> publishedIds = new ConcurrentLinkedQueue<>();

    private final AtomicBoolean deleteQueued = new AtomicBoolean();
    /** Keys with an after-commit send in flight, and their rows committed since, to send once it is acknowledged. */
    private final Map<String, ArrayDeque<Committed>> waitingBehindInFlight = new HashMap<>();

    /**
     * Per key lately acknowledged here, the newest row acknowledged: every row of the key up to it is published, since a
     * row is sent only after every earlier row of its key. A member's next row usually commits while the previous one
     * is on its way or just acknowledged; its insert looks for earlier unpublished rows only above this one, and if the
     * newest it saw is this one or below, it goes out without a question to the database. The 10,000 keys used last
     * are kept; a key forgotten only costs the longer search and the question.
     */
    private final Map<String, Long> publishedUpTo =
            Collections.synchronizedMap(new LinkedHashMap<String, Long>(256, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
                    return size() > REMEMBERED_KEYS;
                }
            });

    OutboxPublisher(
            KafkaOperations<String, String> kafka,
            OutboxRows rows,
            OutboxProperties properties,
            TaskExecutor sendExecutor,
            TaskExecutor completionExecutor,
            OutboxMetrics metrics,
            OutboxTracing tracing) {
        this.kafka = kafka;
        this.rows = rows;
        this.properties = properties;
        this.sendExecutor = sendExecutor;
        this.completionExecutor = completionExecutor;
        this.metrics = metrics;
        this.tracing = tracing;
    }

    /** The newest row of {@code key} acknowledged here lately, 0 if none: it and every row of the key before it are published. */
    long publishedUpTo(String key) {
        return publishedUpTo.getOrDefault(key, 0L);
    }

    private void acknowledged(OutboxRecord record) {
        publishedUpTo.merge(record.key(), record.id(), Math::max);
    }

    /**
     * Sends a just-committed row without waiting; if the hand-off queue is full the relay sends it after the grace
     * period. {@code inserted} says which earlier row of its key was unpublished when it was inserted — if none, or one
     * acknowledged here since, the database need not be asked again before the row goes out.
     */
    void publishSoon(OutboxRecord record, OutboxRows.Inserted inserted) {
        var committed = new Committed(record, inserted);
        try {
            sendExecutor.execute(() -> sendAfterCommit(committed));
        } catch (RejectedExecutionException e) {
            log.debug("After-commit queue full; event {} is left to the relay", record.eventId());
        }
    }

    /** On the send thread: sends the row now, queues it behind its key's send in flight, or leaves it to the relay. */
    private void sendAfterCommit(Committed committed) {
        synchronized (waitingBehindInFlight) {
            ArrayDeque<Committed> waiting = waitingBehindInFlight.get(committed.key());
            if (waiting != null) {
                waiting.add(committed);
                return;
            }
            waitingBehindInFlight.put(committed.key(), new ArrayDeque<>());
        }
        sendUnlessBehindAnother(committed);
    }

    /**
     * Sends the row unless an earlier row of its key is unpublished: then the row and those waiting behind it are
     * left to the relay. The insert's answer decides when it can: no earlier row then, or the newest one acknowledged
     * here since — every row before that one was acknowledged before it was sent. Otherwise the database is asked, so
     * whichever instance committed the earlier row; also for a row that waited behind this instance's send, since
     * another instance may have committed a row of the key in between and left it to the relay.
     */
    private void sendUnlessBehindAnother(Committed committed) {
        OutboxRecord record = committed.row();
        OutboxRows.Inserted inserted = committed.inserted();
        long upTo = publishedUpTo(record.key());
        if (!inserted.behindUnpublished() || (inserted.newestEarlier() != 0 && inserted.newestEarlier() <= upTo)) {
            sendInFlight(record);
            return;
        }
        boolean mustWait;
        try {
            // the earlier row may be one this instance has had acknowledged but not yet deleted: delete it first
            flushPublished();
            mustWait = rows.hasEarlierUnpublished(record.key(), record.id(), upTo);
        } catch (RuntimeException e) {
            log.warn(
                    "Could not check the order of event {}; it is left to the relay: {}",
                    record.eventId(),
                    e.toString());
            mustWait = true;
        }
        if (mustWait) {
            giveUpKey(record.key(), committed);
            return;
        }
        sendInFlight(record);
    }

    private void sendInFlight(OutboxRecord record) {
        send(record)
                .whenCompleteAsync(
                        (result, failure) -> {
                            if (failure == null) {
                                metrics.sent("after-commit");
                                acknowledged(record);
                                publishedIds.add(record.id());
                                deletePublishedSoon();
                                sendNextOf(record.key());
                            } else {
                                metrics.failed("after-commit");
                                log.warn(
                                        "Event {} not published after commit, the relay will retry: {}",
                                        record.eventId(),
                                        describe(failure));
                                markFailed(record, true, failure);
                                giveUpKey(record.key(), null);
                            }
                        },
                        completionExecutor);
    }

    /** The key's previous row is acknowledged: its next row, if one committed meanwhile, goes out now. */
    private void sendNextOf(String key) {
        Committed next;
        synchronized (waitingBehindInFlight) {
            ArrayDeque<Committed> waiting = waitingBehindInFlight.get(key);
            next = waiting == null ? null : waiting.poll();
            if (next == null) {
                waitingBehindInFlight.remove(key);
                return;
            }
        }
        try {
            sendExecutor.execute(() -> sendUnlessBehindAnother(next));
        } catch (RejectedExecutionException e) {
            giveUpKey(key, next);
        }
    }

    /**
     * Leaves {@code record} (if any) and the rows waiting behind this key's send to the relay, which sends them in
     * order once the earlier rows of the key are published.
     */
    private void giveUpKey(String key, Committed committed) {
        List<Long> left = new ArrayList<>();
        if (committed != null) {
            left.add(committed.row().id());
        }
        synchronized (waitingBehindInFlight) {
            ArrayDeque<Committed> waiting = waitingBehindInFlight.remove(key);
            if (waiting != null) {
                waiting.forEach(waitingRow -> left.add(waitingRow.row().id()));
            }
        }
        if (left.isEmpty()) {
            return;
        }
        left.forEach(id -> metrics.deferred());
        log.debug(
                "{} events of key {} are left to the relay behind an earlier one not yet published", left.size(), key);
        try {
            rows.leaveToRelay(left);
        } catch (RuntimeException e) {
            // they stay with the relay anyway, after the grace period
            log.warn("Could not hand {} events to the relay now: {}", left.size(), e.toString());
        }
    }

    /**
     * Sends claimed rows, waits for the broker, and records each outcome. Returns how many were published. Rows of
     * different keys go at once; a key's rows go one after another, each once the one before is acknowledged, and
     * none after one that failed, so that a failure never lets a later row of the key overtake an earlier one.
     */
    int publishClaimed(List<OutboxRecord> records) {
        Map<String, ArrayDeque<OutboxRecord>> byKey = new LinkedHashMap<>();
        records.forEach(record ->
                byKey.computeIfAbsent(record.key(), key -> new ArrayDeque<>()).add(record));
        int published = 0;
        while (!byKey.isEmpty() && !Thread.currentThread().isInterrupted()) {
            List<OutboxRecord> wave =
                    byKey.values().stream().map(ArrayDeque::poll).toList();
            Set<Long> acknowledged = sendAndAwait(wave);
            published += acknowledged.size();
            for (OutboxRecord record : wave) {
                // the rows behind a failed one keep their lease; they wait for it to be published
                if (!acknowledged.contains(record.id())
                        || byKey.get(record.key()).isEmpty()) {
                    byKey.remove(record.key());
                }
            }
        }
        return published;
    }

    private Set<Long> sendAndAwait(List<OutboxRecord> records) {
        List<CompletableFuture<SendResult<String, String>>> sends =
                records.stream().map(this::send).toList();
        List<Long> published = new ArrayList<>();
        long deadline = System.nanoTime() + properties.sendTimeout().toNanos();
        for (int i = 0; i < records.size(); i++) {
            OutboxRecord record = records.get(i);
            try {
                sends.get(i).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                published.add(record.id());
                acknowledged(record);
                metrics.sent("relay");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break; // the lease expires and another run retries these rows
            } catch (ExecutionException | TimeoutException e) {
                metrics.failed("relay");
                markFailed(record, false, e instanceof ExecutionException ? e.getCause() : e);
            }
        }
        rows.deletePublished(published);
        return Set.copyOf(published);
    }

    private CompletableFuture<SendResult<String, String>> send(OutboxRecord record) {
        var producerRecord = new ProducerRecord<String, String>(record.topic(), record.key(), record.payload());
        producerRecord
                .headers()
                .add(EVENT_ID_HEADER, record.eventId().toString().getBytes(StandardCharsets.UTF_8));
        Span span = tracing.startSend(record, producerRecord.headers());
        CompletableFuture<SendResult<String, String>> sent;
        try {
            sent = kafka.send(producerRecord);
        } catch (RuntimeException e) {
            // metadata unavailable within max.block.ms, producer closed, ...
            sent = CompletableFuture.failedFuture(e);
        }
        return sent.whenComplete((result, failure) -> {
            if (failure != null) {
                span.error(failure);
            }
            span.end();
        });
    }

    /**
     * Deletes the acknowledged rows once the acknowledgements already handed to this thread are handled too: the broker
     * acknowledges a produce request's records together, so they share one statement instead of one each.
     */
    private void deletePublishedSoon() {
        if (!deleteQueued.compareAndSet(false, true)) {
            return; // a delete is queued behind this acknowledgement and takes its row too
        }
        try {
            completionExecutor.execute(() -> {
                deleteQueued.set(false);
                flushPublished();
            });
        } catch (RejectedExecutionException e) {
            deleteQueued.set(false);
            flushPublished();
        }
    }

    /**
     * Deletes every row acknowledged so far. One flush at a time: a caller about to ask the database whether a row is
     * unpublished returns only once a delete another thread was writing has committed.
     */
    private void flushPublished() {
        synchronized (publishedIds) {
            List<Long> ids = new ArrayList<>();
            for (Long id; (id = publishedIds.poll()) != null; ) {
                ids.add(id);
            }
            if (ids.isEmpty()) {
                return;
            }
            try {
                rows.deletePublished(ids);
            } catch (RuntimeException e) {
                // The rows stay unpublished and the relay sends them again: a duplicate the consumers absorb.
                log.warn("Could not delete {} published events; they will be re-sent: {}", ids.size(), e.toString());
            }
        }
    }

    private void markFailed(OutboxRecord record, boolean countAttempt, Throwable failure) {
        int attempts = record.attempts() + 1;
        try {
            rows.markFailed(record.id(), countAttempt, describe(failure), properties.backoffAfter(attempts));
        } catch (RuntimeException e) {
            log.warn("Could not record the failure of event {}: {}", record.eventId(), e.toString());
        }
    }

    private static String describe(Throwable failure) {
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String text = root.getClass().getSimpleName() + ": " + root.getMessage();
        return text.length() > 500 ? text.substring(0, 500) : text;
    }

    /** A committed row handed to the send after commit, with what its insert saw of the earlier rows of its key. */
    private record Committed(OutboxRecord row, OutboxRows.Inserted inserted) {

        String key() {
            return row.key();
        }
    }
}
