package dailyfeed.activity.ingest;

import io.micrometer.tracing.Link;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The spans of the ingest. One database transaction stores the records of a batch, and they belong to as many traces
 * as there were writes, so both views are kept:
 *
 * <ul>
 *   <li>each record gets a consumer span {@code activity ingest} in the trace of its {@code traceparent} header (the
 *       trace of the write that caused the event, continued by the outbox's send): a write's trace, in any backend,
 *       shows its event being stored, and this service's log line for it carries the write's trace id;
 *   <li>the batch gets a span of its own, {@code activity ingest batch}, with a link to each record's span (what
 *       OpenTelemetry's messaging conventions ask of a batch receive; Zipkin shows no links, OTLP backends do).
 * </ul>
 *
 * A record without the header (written by another producer) gets its span in a new trace.
 */
@Component
class IngestTracing {

    static final String TRACEPARENT = "traceparent";

    private static final Logger log = LoggerFactory.getLogger(IngestTracing.class);

    private final Tracer tracer;
    private final Propagator propagator;

    IngestTracing(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    /** Starts the spans of a batch; the caller ends them with {@link Batch#end}. */
    Batch start(List<ConsumerRecord<String, String>> records, String topic) {
        List<Span> perRecord = new ArrayList<>(records.size());
        for (ConsumerRecord<String, String> record : records) {
            Header header = record.headers().lastHeader(TRACEPARENT);
            Span.Builder builder = header == null
                    ? tracer.spanBuilder().setNoParent()
                    : propagator.extract(
                            Map.of(TRACEPARENT, new String(header.value(), StandardCharsets.UTF_8)), Map::get);
            perRecord.add(builder.name("activity ingest")
                    .kind(Span.Kind.CONSUMER)
                    .remoteServiceName("kafka")
                    .tag("messaging.system", "kafka")
                    .tag("messaging.destination.name", record.topic())
                    .tag("messaging.kafka.destination.partition", String.valueOf(record.partition()))
                    .tag("messaging.kafka.message.offset", String.valueOf(record.offset()))
                    .start());
        }
        Span.Builder batch = tracer.spanBuilder()
                .setNoParent()
                .name("activity ingest batch")
                .kind(Span.Kind.CONSUMER)
                .tag("messaging.system", "kafka")
                .tag("messaging.destination.name", topic)
                .tag("messaging.batch.message_count", String.valueOf(records.size()));
        perRecord.forEach(span -> batch.addLink(new Link(span.context())));
        return new Batch(batch.start(), records, perRecord);
    }

    private static String eventId(ConsumerRecord<String, String> record) {
        Header header = record.headers().lastHeader("eventId");
        return header == null ? "(no eventId header)" : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static String place(ConsumerRecord<String, String> record) {
        return record.topic() + "-" + record.partition() + "@" + record.offset();
    }

    /** The spans of one batch in the listener's hands. */
    final class Batch {

        private final Span span;
        private final List<ConsumerRecord<String, String>> records;
        private final List<Span> perRecord;

        private Batch(Span span, List<ConsumerRecord<String, String>> records, List<Span> perRecord) {
            this.span = span;
            this.records = records;
            this.perRecord = perRecord;
        }

        /** The {@code traceparent} of the span of the record at {@code index}; empty if that span is not traced. */
        Optional<String> traceParentOf(int index) {
            Span record = perRecord.get(index);
            if (record.isNoop()) {
                return Optional.empty();
            }
            Map<String, String> carrier = new HashMap<>();
            propagator.inject(record.context(), carrier, Map::put);
            return Optional.ofNullable(carrier.get(TRACEPARENT));
        }

        /** Makes the batch's span the current one while the batch is stored. */
        Tracer.SpanInScope inScope() {
            return tracer.withSpan(span);
        }

        /**
         * Ends every span: the records before {@code failedIndex} were stored, the one at it failed with {@code
         * failure}, the ones after it come again ({@code failedIndex} is the batch's size if all were stored).
         */
        void end(int failedIndex, Throwable failure) {
            for (int i = 0; i < perRecord.size(); i++) {
                Span record = perRecord.get(i);
                if (i < failedIndex) {
                    logStored(record, records.get(i));
                } else if (i == failedIndex) {
                    record.error(failure);
                } else {
                    record.tag("dailyfeed.ingest.outcome", "redelivered");
                }
                record.end();
            }
            if (failure != null) {
                span.error(failure);
            }
            span.end();
        }

        /**
         * The line for a stored record, in the record's span so that it carries the trace id of the write. The span is
         * entered only when the line is written: thousands of records a second pass here.
         */
        private void logStored(Span record, ConsumerRecord<String, String> stored) {
            if (!log.isDebugEnabled()) {
                return;
            }
            try (Tracer.SpanInScope scope = tracer.withSpan(record)) {
                log.debug("Stored event {} from {}", eventId(stored), place(stored));
            }
        }
    }
}
