package dailyfeed.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dailyfeed.platform.web.InvalidRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdCursorTests {

    @Test
    void roundTrips() {
        for (long id : new long[] {0, 1, 42, Long.MAX_VALUE, -7}) {
            assertThat(IdCursor.decode(new IdCursor(id).encode())).isEqualTo(new IdCursor(id));
        }
    }

    @Test
    void keepsTheWireFormatOfCursorsAlreadyHandedOut() {
        // base64url("42"): a client holding a cursor from before the typed cursors keeps its place
        assertThat(new IdCursor(42).encode()).isEqualTo("NDI");
        assertThat(IdCursor.decode("NDI")).isEqualTo(new IdCursor(42));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%%%", "!!not-ours", "eA", "MXwyfDM", "="})
    void rejectsMalformedText(String cursor) {
        // "eA" is base64url of "x", "MXwyfDM" of "1|2|3"
        assertThatThrownBy(() -> IdCursor.decode(cursor))
                .isInstanceOf(InvalidRequest.class)
                .extracting(e -> ((InvalidRequest) e).field())
                .isEqualTo("cursor");
    }

    @Test
    void rejectsACursorOfAnotherKind() {
        String timeAndId = new TimeAndIdCursor(Instant.parse("2026-01-01T00:00:00Z"), 42).encode();
        assertThatThrownBy(() -> IdCursor.decode(timeAndId))
                .isInstanceOf(InvalidRequest.class)
                .extracting(e -> ((InvalidRequest) e).field())
                .isEqualTo("cursor");
    }
}
