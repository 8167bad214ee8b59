package dailyfeed.platform.paging;

import dailyfeed.platform.web.InvalidRequest;
import java.util.function.Function;

/**
 * A validated {@code cursor} + {@code size} query. The cursor is opaque to clients and names the last row seen, so
 * keyset pagination never skips or repeats rows when new ones arrive.
 *
 * @param after where the page starts (exclusive); {@code null} on the first page
 * @param size how many rows the page shows
 */
public record PageRequest<C extends PageCursor>(C after, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /**
     * Reads the query parameters with the decoder of the list's cursor kind (e.g. {@code IdCursor::decode}); a size
     * outside 1..{@value #MAX_SIZE} or a cursor this list did not issue is an {@link InvalidRequest} (a 400).
     */
    public static <C extends PageCursor> PageRequest<C> of(String cursor, Integer size, Function<String, C> decoder) {
        int pageSize = size == null ? DEFAULT_SIZE : size;
        if (pageSize < 1 || pageSize > MAX_SIZE) {
            throw new InvalidRequest("size", "must be between 1 and " + MAX_SIZE);
        }
        if (cursor == null || cursor.isEmpty()) {
            return new PageRequest<>(null, pageSize);
        }
        return new PageRequest<>(decoder.apply(cursor), pageSize);
    }

    public boolean isFirstPage() {
        return after == null;
    }

    /** How many rows to fetch: one more than shown, to know whether a next page exists. */
    public int fetchSize() {
        return size + 1;
    }
}
