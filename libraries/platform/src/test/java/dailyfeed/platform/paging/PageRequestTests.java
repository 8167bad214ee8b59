package dailyfeed.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dailyfeed.platform.web.InvalidRequest;
import java.util.List;
import org.junit.jupiter.api.Test;

class PageRequestTests {

    @Test
    void defaultsToTwentyFromTheStart() {
        var request = PageRequest.of(null, null, IdCursor::decode);
        assertThat(request.size()).isEqualTo(20);
        assertThat(request.isFirstPage()).isTrue();
        assertThat(request.after()).isNull();
        assertThat(request.fetchSize()).isEqualTo(21);
        assertThat(PageRequest.of("", null, IdCursor::decode).isFirstPage()).isTrue();
    }

    @Test
    void rejectsSizesOutsideOneToHundred() {
        assertThat(PageRequest.of(null, 1, IdCursor::decode).size()).isEqualTo(1);
        assertThat(PageRequest.of(null, 100, IdCursor::decode).size()).isEqualTo(100);
        for (int bad : new int[] {0, -1, 101}) {
            assertThatThrownBy(() -> PageRequest.of(null, bad, IdCursor::decode))
                    .isInstanceOf(InvalidRequest.class)
                    .extracting(e -> ((InvalidRequest) e).field())
                    .isEqualTo("size");
        }
    }

    @Test
    void decodesTheCursorWithTheListsKind() {
        var request = PageRequest.of(new IdCursor(42).encode(), 5, IdCursor::decode);
        assertThat(request.isFirstPage()).isFalse();
        assertThat(request.after()).isEqualTo(new IdCursor(42));

        assertThatThrownBy(() -> PageRequest.of("%%%", 5, IdCursor::decode))
                .isInstanceOf(InvalidRequest.class)
                .extracting(e -> ((InvalidRequest) e).field())
                .isEqualTo("cursor");
    }

    @Test
    void pagesKnowWhetherMoreRowsFollow() {
        var last = CursorPage.of(List.of(3L, 2L), 2, IdCursor::new);
        assertThat(last.items()).containsExactly(3L, 2L);
        assertThat(last.nextCursor()).isNull();

        var more = CursorPage.of(List.of(3L, 2L, 1L), 2, IdCursor::new);
        assertThat(more.items()).containsExactly(3L, 2L);
        assertThat(PageRequest.of(more.nextCursor(), 2, IdCursor::decode).after())
                .isEqualTo(new IdCursor(2));
    }
}
