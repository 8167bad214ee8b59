package dailyfeed.activity.stream;

import dailyfeed.activity.store.StreamPosition;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One open event stream, written without ever blocking a thread: frames wait in a bounded queue and are written
 * while the servlet container says the socket takes more ({@link ServletOutputStream#isReady()}); when it does not,
 * the container calls {@link #onWritePossible()} later. A reader that stops reading lets the queue fill up and is
 * dropped, and nobody else waits for it. No thread is held while the stream is open.
 *
 * <p>A resuming stream first holds its live frames back until the replay of what it missed is queued ahead of them.
 */
final class StreamConnection implements WriteListener, AsyncListener {

    private static final Logger log = LoggerFactory.getLogger(StreamConnection.class);

    private final long memberId;
    private final int heartbeatSlice;
    private final AsyncContext async;
    private final ServletOutputStream out;
    private final Consumer<StreamConnection> onClose;
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private long maxPendingBytes;
    private long pendingBytes;
    private boolean unflushed;
    private boolean closed;
    // while not null: live frames wait here, behind the replay that is being read
    private List<byte[]> held;
    // activities up to here reached the client before (on resume): not sent again
    private StreamPosition skipUpTo = StreamPosition.START;

    /** @param heartbeatSlice which of the heartbeat's turns this connection's keep-alive comes in */
    StreamConnection(
            long memberId,
            AsyncContext async,
            long maxPendingBytes,
            int heartbeatSlice,
            Consumer<StreamConnection> onClose)
            throws IOException {
        this.memberId = memberId;
        this.heartbeatSlice = heartbeatSlice;
        this.async = async;
        this.out = async.getResponse().getOutputStream();
        this.maxPendingBytes = maxPendingBytes;
        this.onClose = onClose;
        async.addListener(this);
    }

    /** Starts writing; the container calls {@link #onWritePossible()} once the socket takes data. */
    void start() {
        out.setWriteListener(this);
    }

    long memberId() {
        return memberId;
    }

    int heartbeatSlice() {
        return heartbeatSlice;
    }

    /** Holds live frames back until {@link #resume}. */
    synchronized void hold(StreamPosition clientHas) {
        held = new ArrayList<>();
        skipUpTo = clientHas;
    }

    /** Queues the replay, then the frames held back meanwhile, and goes live. */
    synchronized void resume(List<byte[]> replay) {
        List<byte[]> live = held == null ? List.of() : held;
        held = null;
        long replayBytes = replay.stream().mapToLong(frame -> frame.length).sum();
        maxPendingBytes += replayBytes; // the replay is queued at once: it does not count against a slow reader
        pendingBytes += replayBytes;
        queue.addAll(replay);
        queue.addAll(live); // counted when they were held
        drain();
    }

    /** Sends an activity unless the client had it before it resumed here. */
    synchronized void sendActivity(StreamPosition position, byte[] frame) {
        if (position.isAfter(skipUpTo)) {
            send(frame);
        }
    }

    /** Queues a frame and writes what the socket takes; drops the stream if too much waits for its reader. */
    synchronized void send(byte[] frame) {
        if (closed) {
            return;
        }
        (held != null ? held : queue).add(frame);
        pendingBytes += frame.length;
        if (pendingBytes > maxPendingBytes) {
            log.info(
                    "Dropping a stream of member {}: {} bytes wait for a reader who does not read",
                    memberId,
                    pendingBytes);
            close();
            return;
        }
        if (held == null) {
            drain();
        }
    }

    @Override
    public synchronized void onWritePossible() {
        drain();
    }

    @Override
    public void onError(Throwable error) {
        log.debug("A stream of member {} failed: {}", memberId, error.toString());
        close();
    }

    /** Ends the stream (the client reconnects if it wants to) and forgets it. Idempotent. */
    void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            queue.clear();
            held = null;
            try {
                async.complete();
            } catch (IllegalStateException alreadyOver) {
                // the container ended it first (client gone, timeout)
            }
        }
        onClose.accept(this);
    }

    @Override
    public void onComplete(AsyncEvent event) {
        close();
    }

    @Override
    public void onTimeout(AsyncEvent event) {
        close();
    }

    @Override
    public void onError(AsyncEvent event) {
        close();
    }

    @Override
    public void onStartAsync(AsyncEvent event) {}

    /** Writes queued frames while the socket takes them, then flushes; must hold the lock. */
    private void drain() {
        if (closed) {
            return;
        }
        try {
            while (out.isReady()) {
                byte[] frame = queue.poll();
                if (frame == null) {
                    if (!unflushed) {
                        return;
                    }
                    unflushed = false;
                    out.flush(); // may leave bytes for the container; isReady() then says false until it wrote them
                    continue;
                }
                pendingBytes -= frame.length;
                out.write(frame);
                unflushed = true;
            }
        } catch (IOException | IllegalStateException e) {
            log.debug("Dropping a stream of member {}: {}", memberId, e.toString());
            close();
        }
    }
}
