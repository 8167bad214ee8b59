package dailyfeed.activity.store;

/** A place in the stream order and the member whose activity is there: what the live streams read first. */
public record StreamEntry(StreamPosition position, long actorId) {}
