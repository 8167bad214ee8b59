package dailyfeed.platform.paging;

import dailyfeed.platform.validation.StorableInstant;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Objects;

/**
 * A position in a list computed from rows, ordered by time, then a text key: the time and key of the last entry shown,
 * and {@code upTo}, the highest row id the first page saw. Later pages look at those rows only, so entries built from
 * several rows (such as groups) neither move nor grow between pages while rows arrive.
 */
public record TimeAndKeyCursor(Instant at, String key, long upTo) implements PageCursor {

    public TimeAndKeyCursor {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(key, "key");
    }

    /** Reads a cursor this kind issued; any other text is an {@link dailyfeed.platform.web.InvalidRequest} on {@code cursor}. */
    public static TimeAndKeyCursor decode(String cursor) {
        String[] parts = CursorText.decode(cursor, 3);
        Instant at;
        try {
            at = Instant.parse(parts[0]);
        } catch (DateTimeParseException e) {
            throw CursorText.notOurs();
        }
        if (!StorableInstant.Validator.isStorable(at) || parts[1].isEmpty()) {
            throw CursorText.notOurs();
        }
        return new TimeAndKeyCursor(at, parts[1], CursorText.parseLong(parts[2]));
    }

    @Override
    public String encode() {
        return CursorText.encode(at.toString(), key, Long.toString(upTo));
    }

    /** Whether an entry with this time and key comes after this position, newest (and highest key) first. */
    public boolean precedes(Instant otherAt, String otherKey) {
        int byTime = otherAt.compareTo(at);
        return byTime < 0 || (byTime == 0 && otherKey.compareTo(key) < 0);
    }
}
