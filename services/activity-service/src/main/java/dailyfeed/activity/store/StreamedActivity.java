package dailyfeed.activity.store;

/** An activity with its place in the stream order. */
public record StreamedActivity(StreamPosition position, ActivityItem item) {}
