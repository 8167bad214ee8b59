package dailyfeed.outbox;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.TraceContext;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.header.Headers;

/**
 * Keeps an event in the trace of the change that caused it. When the event is recorded, the current span's context
 * is kept with the row as a W3C {@code traceparent}; when the row is sent, right after commit or by the relay much
 * later, a producer span continues that trace and its context goes out in the record's {@code traceparent} header.
 */
class OutboxTracing {

    static final String TRACEPARENT = "traceparent";

    private final Tracer tracer;
    private final Propagator propagator;

    OutboxTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** No tracing at all: nothing is kept, nothing is added to records. */
    static OutboxTracing none() {
        return new OutboxTracing(Tracer.NOOP, Propagator.NOOP);
    }

    /** The {@code traceparent} of the current span, or {@code null} outside a trace. */
    String currentTraceParent() {
        TraceContext context = tracer.currentTraceContext().context();
        if (context == null) {
            return null;
        }
        Map<String, String> carrier = new HashMap<>();
        propagator.inject(context, carrier, Map::put);
        return carrier.get(TRACEPARENT);
    }

    /**
     * Starts the span of one send, a child of the span that recorded the event, and writes its context into the
     * record's headers. The caller ends it when the broker answered. A row recorded outside a trace is sent
     * without one.
     */
    Span startSend(OutboxRecord record, Headers headers) {
        if (record.traceParent() == null) {
            return Span.NOOP;
        }
        Span span = propagator
                .extract(Map.of(TRACEPARENT, record.traceParent()), Map::get)
                .name("outbox send")
                .kind(Span.Kind.PRODUCER)
                .remoteServiceName("kafka")
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", record.topic())
                .tag("dailyfeed.event.id", record.eventId().toString())
                .tag("dailyfeed.outbox.attempts", String.valueOf(record.attempts()))
                .start();
        if (span.isNoop()) {
            // no tracer in this process: the stored context still travels, so the consumer joins the trace
            headers.add(TRACEPARENT, record.traceParent().getBytes(StandardCharsets.UTF_8));
            return span;
        }
        propagator.inject(span.context(), headers, (carrier, name, value) -> {
            carrier.remove(name);
            carrier.add(name, value.getBytes(StandardCharsets.UTF_8));
        });
        return span;
    }
}
