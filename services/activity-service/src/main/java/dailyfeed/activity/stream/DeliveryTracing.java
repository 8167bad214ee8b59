package dailyfeed.activity.stream;

import dailyfeed.activity.store.StreamedActivity;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.propagation.Propagator;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * The last span of a write's trace: an activity pushed to the live streams of its actor's followers. The trace comes
 * from the activity's row (its ingest span's {@code traceparent}), because the instance that tails the stream order is
 * not necessarily the one that stored it.
 */
@Component
class DeliveryTracing {

    private static final String TRACEPARENT = "traceparent";

    private final Propagator propagator;

    DeliveryTracing(Propagator propagator) {
        this.propagator = propagator;
    }

    /** Starts the span of pushing {@code activity} to open streams; a no-op span if its trace is unknown. */
    Span start(StreamedActivity activity) {
        if (activity.traceParent() == null) {
            return Span.NOOP;
        }
        return propagator
                .extract(Map.of(TRACEPARENT, activity.traceParent()), Map::get)
                .name("stream delivery")
                .tag("dailyfeed.activity.id", String.valueOf(activity.item().id()))
                .start();
    }
}
