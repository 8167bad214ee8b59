package dailyfeed.activity.store;

/**
 * An activity with its place in the stream order.
 *
 * @param traceParent the W3C {@code traceparent} of the span that stored it, {@code null} if none is known
 */
public record StreamedActivity(StreamPosition position, ActivityItem item, String traceParent) {}
