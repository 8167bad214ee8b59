package dailyfeed.gateway.routing;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;

/**
 * One response carried from a service to a client without a thread of its own. The service's bytes arrive through
 * the JDK client's body subscriber and are written to the client with non-blocking servlet writes, only while its
 * connection takes them ({@link ServletOutputStream#isReady()}), and flushed at once so each event leaves as it
 * comes.
 * <p>
 * The service is read only as fast as the client takes: once {@code maxPendingBytes} wait here, the relay asks the
 * JDK client for nothing more, it stops reading the service's connection, and the service sees a client that reads
 * slowly (activity-service drops such a stream itself, and its client resumes). So a burst — a backlog delivered at
 * once after a pause — waits in the connections' buffers instead of ending the stream, and what one stream holds in
 * the gateway stays bounded. A client that takes nothing at all while data waits for it for {@code stallTimeout} is
 * dropped ({@link #endIfStalled}): it is gone or does not read, and it would otherwise hold two connections.
 * <p>
 * The stream ends (the client's response completed, the service's connection closed) when the service ends it,
 * the client goes away (seen at the next write: services send a comment every 15 s), the client stalls, the
 * gateway stops, or the stream's timeout passes.
 * <p>
 * Once completed, a response is recycled by the container for the next request, on whichever connection that comes:
 * a write that lands after the completion writes into another stream. So writing and completing take one lock
 * ({@link #responseLock}), and a write begins only while the stream has not ended. The lock is held for non-blocking
 * writes only, and the container's threads take it while holding nothing the writing threads wait for.
 */
final class EventStreamRelay implements HttpResponse.BodySubscriber<Void>, WriteListener, AsyncListener {

    /** The status and headers to answer with. */
    record Head(int status, HttpHeaders headers) {}

    private static final Logger log = LoggerFactory.getLogger(EventStreamRelay.class);

    private final AsyncContext async;
    private final HttpServletResponse response;
    private final long maxPendingBytes;
    private final EventStreams streams;

    private final Queue<byte[]> pending = new ConcurrentLinkedQueue<>();
    private final AtomicLong pendingBytes = new AtomicLong();
    private final AtomicBoolean ended = new AtomicBoolean();
    /** Work in progress: whoever raises it from 0 writes, so that one thread at a time touches the response. */
    private final AtomicInteger writers = new AtomicInteger();
    /** Held while the response is written to and while it is completed: never a write after the completion. */
    private final ReentrantLock responseLock = new ReentrantLock();
    /** Whether the relay completed the response; guarded by {@link #responseLock}. */
    private boolean completed;
    /** One chunk asked of the JDK client and not yet delivered: the relay asks for the next only after it came. */
    private final AtomicBoolean demanded = new AtomicBoolean();
    /** Since when data has waited for a client connection that took nothing ({@link System#nanoTime}); 0: none. */
    private final AtomicLong waitingSince = new AtomicLong();

    private volatile Head head;
    private volatile boolean serviceDone;
    /** The container called onWritePossible: its own dispatch is over and the response is ours to write. */
    private volatile boolean writable;

    private volatile Flow.Subscription subscription;
    private volatile CompletableFuture<?> exchange;
    // touched by the writing thread only
    private boolean headWritten;
    private boolean flushNeeded;

    EventStreamRelay(AsyncContext async, long maxPendingBytes, EventStreams streams) {
        this.async = async;
        this.response = (HttpServletResponse) async.getResponse();
        this.maxPendingBytes = maxPendingBytes;
        this.streams = streams;
    }

    /** Starts listening to the client's connection; on the request thread, right after {@code startAsync()}. */
    void listen() throws IOException {
        async.addListener(this);
        // The container calls onWritePossible once its dispatch has returned: nothing is written before then.
        response.getOutputStream().setWriteListener(this);
    }

    /** The request to the service, cancelled if the stream ends before the service has answered. */
    void exchange(CompletableFuture<?> exchange) {
        this.exchange = exchange;
        if (ended.get()) {
            exchange.cancel(true);
        }
    }

    boolean hasEnded() {
        return ended.get();
    }

    /** The service answered: pass its status and headers on, and its body through this subscriber. */
    HttpResponse.BodySubscriber<Void> answered(Head head) {
        this.head = head;
        write();
        return this;
    }

    /** No answer came from the service: tell the client so, with {@code head} and {@code body}, and end. */
    void unanswered(Head head, byte[] body) {
        if (this.head != null) {
            end(); // the failure came after the answer began: the client can only see the stream end
            return;
        }
        pending.add(body);
        serviceDone = true;
        this.head = head;
        write();
    }

    // --- the service's side: the JDK client's body subscriber

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
        this.subscription = subscription;
        if (ended.get()) {
            subscription.cancel();
            return;
        }
        demandMore();
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        demanded.set(false);
        if (ended.get()) {
            return;
        }
        byte[] chunk = copy(buffers);
        pending.add(chunk);
        pendingBytes.addAndGet(chunk.length);
        write();
    }

    /** Asks the service's connection for one more chunk while little waits for the client and none is asked for. */
    private void demandMore() {
        Flow.Subscription upstream = subscription;
        if (upstream != null
                && !ended.get()
                && pendingBytes.get() < maxPendingBytes
                && demanded.compareAndSet(false, true)) {
            upstream.request(1);
        }
    }

    /**
     * Ends the stream if data has waited since before {@code stalledSince} (a {@link System#nanoTime} value) for a
     * client that took none of it; true if it did.
     */
    boolean endIfStalled(long stalledSince) {
        long since = waitingSince.get();
        if (since == 0 || since - stalledSince > 0 || ended.get()) {
            return false;
        }
        log.info("Dropping an event stream: its client took nothing while {} bytes waited", pendingBytes.get());
        end();
        return true;
    }

    @Override
    public void onError(Throwable failure) {
        log.debug("The service's stream failed: {}", failure.toString());
        serviceDone = true;
        write();
    }

    @Override
    public void onComplete() {
        serviceDone = true;
        write();
    }

    @Override
    public CompletionStage<Void> getBody() {
        // complete at once, so that the exchange completes as soon as the service has answered
        return CompletableFuture.completedStage(null);
    }

    // --- the client's side: non-blocking servlet writes

    @Override
    public void onWritePossible() {
        writable = true;
        waitingSince.set(0); // the client took what was written: it reads
        write();
    }

    @Override
    public void onError(AsyncEvent event) {
        end();
        // completed from within the listener too, or the container goes on to dispatch to its error page
        completeQuietly();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        end();
        completeQuietly();
    }

    @Override
    public void onComplete(AsyncEvent event) {
        end();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    /** Ends the stream: the service's connection is closed, the client's response completed. Idempotent. */
    void end() {
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        streams.remove(this);
        pending.clear();
        Flow.Subscription upstream = subscription;
        if (upstream != null) {
            upstream.cancel(); // the JDK client closes a connection whose body is not read to the end
        }
        CompletableFuture<?> request = exchange;
        if (request != null) {
            request.cancel(true);
        }
        completeQuietly();
    }

    /** Completes the response once no write is under way; none begins after it, as the stream has ended. */
    private void completeQuietly() {
        responseLock.lock();
        try {
            if (!completed) {
                completed = true;
                async.complete();
            }
        } catch (IllegalStateException alreadyCompleted) {
            // the container completed it (client gone, timeout): nothing left to do
        } finally {
            responseLock.unlock();
        }
    }

    /**
     * Writes what can be written now. Called from the container's threads and the client's alike; only one of them
     * writes at a time, the others leave their work to it instead of waiting.
     */
    private void write() {
        if (writers.getAndIncrement() != 0) {
            return;
        }
        int missed = 1;
        do {
            if (writeWhileReady()) {
                end();
            }
            missed = writers.addAndGet(-missed);
        } while (missed != 0);
        demandMore();
    }

    /** Writes until the client's connection is full or nothing is left; true when the stream is over. */
    private boolean writeWhileReady() {
        responseLock.lock();
        try {
            Head answer = head;
            // ended: the response is completed or about to be, and may already belong to another request
            if (ended.get() || !writable || answer == null) {
                return false;
            }
            return writeAvailable(answer);
        } finally {
            responseLock.unlock();
        }
    }

    private boolean writeAvailable(Head answer) {
        try {
            ServletOutputStream out = response.getOutputStream();
            if (!headWritten) {
                writeHead(answer);
                headWritten = true;
                flushNeeded = true; // the client sees the stream open before the first event
            }
            while (out.isReady()) {
                boolean done = serviceDone; // read before polling: all of the body was queued before it was set
                byte[] chunk = pending.poll();
                if (chunk != null) {
                    pendingBytes.addAndGet(-chunk.length);
                    out.write(chunk);
                    flushNeeded = true;
                } else if (flushNeeded) {
                    flushNeeded = false;
                    out.flush();
                } else {
                    return done;
                }
            }
            // the container calls onWritePossible when the client has taken what was written
            waitingSince.compareAndSet(0, System.nanoTime() | 1); // | 1: never 0, which means "not waiting"
            return false;
        } catch (IOException | RuntimeException e) {
            log.debug("Ending an event stream, the client went away: {}", e.toString());
            return true;
        }
    }

    private void writeHead(Head answer) {
        response.setStatus(answer.status());
        answer.headers().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
    }

    private static byte[] copy(List<ByteBuffer> buffers) {
        int size = 0;
        for (ByteBuffer buffer : buffers) {
            size += buffer.remaining();
        }
        byte[] chunk = new byte[size];
        int offset = 0;
        for (ByteBuffer buffer : buffers) {
            int length = buffer.remaining();
            buffer.get(chunk, offset, length);
            offset += length;
        }
        return chunk;
    }
}
