package dailyfeed.activity.store;

/**
 * A place in the stream order: the inserting transaction's id, then the row id. Rows become visible in this order
 * (read below the oldest running transaction, see {@link MemberActivities#visibleAfter}), on every instance alike.
 */
public record StreamPosition(long tx, long id) implements Comparable<StreamPosition> {

    /** Before every row. */
    public static final StreamPosition START = new StreamPosition(0, 0);

    @Override
    public int compareTo(StreamPosition other) {
        int byTx = Long.compare(tx, other.tx);
        return byTx != 0 ? byTx : Long.compare(id, other.id);
    }

    public boolean isAfter(StreamPosition other) {
        return compareTo(other) > 0;
    }
}
