package dailyfeed.platform.paging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dailyfeed.platform.web.InvalidRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeAndIdCursorTests {

    static final Instant NEW_YEAR = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void roundTrips() {
        for (Instant at : new Instant[] {NEW_YEAR, Instant.parse("2026-03-04T05:06:07.123456Z"), Instant.EPOCH}) {
            var cursor = new TimeAndIdCursor(at, 42);
            assertThat(TimeAndIdCursor.decode(cursor.encode())).isEqualTo(cursor);
        }
    }

    @Test
    void keepsTheWireFormatOfCursorsAlreadyHandedOut() {
        // base64url("2026-01-01T00:00:00Z|42")
        assertThat(new TimeAndIdCursor(NEW_YEAR, 42).encode()).isEqualTo("MjAyNi0wMS0wMVQwMDowMDowMFp8NDI");
        assertThat(TimeAndIdCursor.decode("MjAyNi0wMS0wMVQwMDowMDowMFp8NDI"))
                .isEqualTo(new TimeAndIdCursor(NEW_YEAR, 42));
    }

    @ParameterizedTest
    @ValueSource(strings = {"%%%", "!!not-ours", "eWVzdGVyZGF5fDU", "MjAyNi0wMS0wMVQwMDowMDowMFp8eA", "MXwyfDM"})
    void rejectsMalformedText(String cursor) {
        // "yesterday|5", "2026-01-01T00:00:00Z|x" and "1|2|3" in base64url
        assertThatThrownBy(() -> TimeAndIdCursor.decode(cursor))
                .isInstanceOf(InvalidRequest.class)
                .extracting(e -> ((InvalidRequest) e).field())
                .isEqualTo("cursor");
    }

    @Test
    void rejectsACursorOfAnotherKind() {
        assertThatThrownBy(() -> TimeAndIdCursor.decode(new IdCursor(42).encode()))
                .isInstanceOf(InvalidRequest.class)
                .extracting(e -> ((InvalidRequest) e).field())
                .isEqualTo("cursor");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+300000-01-01T00:00:00Z", "-0001-12-31T23:59:59Z", "+10000-01-01T00:00:00Z"})
    void rejectsATimeTheDatabaseCannotHold(String at) {
        String cursor = new TimeAndIdCursor(Instant.parse(at), 42).encode();
        assertThatThrownBy(() -> TimeAndIdCursor.decode(cursor))
                .isInstanceOf(InvalidRequest.class)
                .extracting(e -> ((InvalidRequest) e).field())
                .isEqualTo("cursor");
    }

    @Test
    void rejectsAnIdBeyondBigint() {
        // base64url("2026-01-01T00:00:00Z|9223372036854775808")
        String cursor = java.util.Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(
                        "2026-01-01T00:00:00Z|9223372036854775808".getBytes(java.nio.charset.StandardCharsets.UTF_8));
        assertThatThrownBy(() -> TimeAndIdCursor.decode(cursor)).isInstanceOf(InvalidRequest.class);
    }

    @Test
    void needsATime() {
        assertThatThrownBy(() -> new TimeAndIdCursor(null, 1)).isInstanceOf(NullPointerException.class);
    }
}
