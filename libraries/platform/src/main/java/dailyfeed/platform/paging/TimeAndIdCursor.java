package dailyfeed.platform.paging;

import dailyfeed.platform.validation.StorableInstant;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/** A position in a list ordered by time, then id (rows of the same instant): the time and id of the last row shown. */
public record TimeAndIdCursor(Instant at, long id) implements PageCursor {

    public TimeAndIdCursor {
        Objects.requireNonNull(at, "at");
    }

    /** Reads a cursor this kind issued; any other text is an {@link dailyfeed.platform.web.InvalidRequest} on {@code cursor}. */
    public static TimeAndIdCursor decode(String cursor) {
        String[] parts = CursorText.decode(cursor, 2);
        Instant at;
        try {
            at = Instant.parse(parts[0]);
        } catch (DateTimeParseException e) {
            throw CursorText.notOurs();
        }
        // no list issues a cursor outside what the database stores; such a one would fail in the query as a 500
        if (!StorableInstant.Validator.isStorable(at)) {
            throw CursorText.notOurs();
        }
        return new TimeAndIdCursor(at, CursorText.parseLong(parts[1]));
    }

    @Override
    public String encode() {
        return CursorText.encode(at.toString(), Long.toString(id));
    }
}
