package dailyfeed.platform.paging;

import io.swagger.v3.oas.annotations.media.Schema;
import java.util.List;
import java.util.function.Function;

/** One page of a list and the opaque cursor of the next page, {@code null} on the last page. */
public record CursorPage<T>(
        List<T> items,

        @Schema(nullable = true, description = "The cursor of the next page; null on the last page.")
        String nextCursor) {

    /**
     * Builds a page from rows fetched with {@code size + 1} as the limit: the extra row only tells that another
     * page exists, and the cursor points after the last row shown.
     */
    public static <T> CursorPage<T> of(List<T> rowsPlusOne, int size, Function<T, ? extends PageCursor> cursorOf) {
        if (rowsPlusOne.size() <= size) {
            return new CursorPage<>(List.copyOf(rowsPlusOne), null);
        }
        List<T> items = List.copyOf(rowsPlusOne.subList(0, size));
        return new CursorPage<>(items, cursorOf.apply(items.get(size - 1)).encode());
    }

    public <R> CursorPage<R> map(Function<T, R> mapper) {
        return new CursorPage<>(items.stream().map(mapper).toList(), nextCursor);
    }
}
