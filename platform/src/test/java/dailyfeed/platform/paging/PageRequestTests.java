package dailyfeed.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dailyfeed.platform.web.InvalidRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestTests {

    @Test
    void defaultsToTwentyFromTheStart() {
        var request = PageRequest.of(null, null, 1);
        assertThat(request.size()).isEqualTo(20);
        assertThat(request.isFirstPage()).isTrue();
        assertThat(request.fetchSize()).isEqualTo(21);
    }

    @Test
    void rejectsSizesOutsideOneToHundred() {
        assertThat(PageRequest.of(null, 1, 1).size()).isEqualTo(1);
        assertThat(PageRequest.of(null, 100, 1).size()).isEqualTo(100);
        for (int bad : new int[] { 0, -1, 101 }) {
            assertThatThrownBy(() -> PageRequest.of(null, bad, 1)).isInstanceOf(InvalidRequest.class)
                    .extracting(e -> ((InvalidRequest) e).field()).isEqualTo("size");
        }
    }

    @Test
    void cursorsRoundTripAndForgeriesAreRejected() {
        String cursor = PageRequest.cursorOf("2026-01-01T00:00:00Z", 42L);
        var request = PageRequest.of(cursor, 5, 2);
        assertThat(request.after()).containsExactly("2026-01-01T00:00:00Z", "42");
        assertThat(request.afterLong(1)).isEqualTo(42L);

        assertThatThrownBy(() -> PageRequest.of("%%%", 5, 2)).isInstanceOf(InvalidRequest.class);
        assertThatThrownBy(() -> PageRequest.of(cursor, 5, 1)).isInstanceOf(InvalidRequest.class);
        assertThatThrownBy(() -> PageRequest.of(PageRequest.cursorOf("x"), 5, 1).afterLong(0)).isInstanceOf(InvalidRequest.class);
    }

    @Test
    void pagesKnowWhetherMoreRowsFollow() {
        var last = CursorPage.of(List.of(3L, 2L), 2, id -> PageRequest.cursorOf(id));
        assertThat(last.nextCursor()).isNull();

        var more = CursorPage.of(List.of(3L, 2L, 1L), 2, id -> PageRequest.cursorOf(id));
        assertThat(more.items()).containsExactly(3L, 2L);
        assertThat(PageRequest.of(more.nextCursor(), 2, 1).afterLong(0)).isEqualTo(2L);
    }
}
