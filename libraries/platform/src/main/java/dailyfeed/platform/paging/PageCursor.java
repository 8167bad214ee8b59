package dailyfeed.platform.paging;

/**
 * The keyset position of the last row of a page, as a list hands it to clients: {@link #encode()} gives the opaque
 * {@code nextCursor}, and each kind decodes only its own text (anything else is a 400 on field {@code cursor}).
 */
public sealed interface PageCursor permits IdCursor, TimeAndIdCursor, TimeAndKeyCursor {

    /** The opaque text clients send back as {@code cursor}. */
    String encode();
}
