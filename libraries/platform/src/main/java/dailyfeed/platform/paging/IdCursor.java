package dailyfeed.platform.paging;

/** A position in a list ordered by id alone: the id of the last row shown. */
public record IdCursor(long id) implements PageCursor {

    /** Reads a cursor this kind issued; any other text is an {@link dailyfeed.platform.web.InvalidRequest} on {@code cursor}. */
    public static IdCursor decode(String cursor) {
        String[] parts = CursorText.decode(cursor, 1);
        return new IdCursor(CursorText.parseLong(parts[0]));
    }

    @Override
    public String encode() {
        return CursorText.encode(Long.toString(id));
    }
}
