package dailyfeed.platform.paging;

import dailyfeed.platform.web.InvalidRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The wire form every cursor shares: base64url (no padding) of its parts joined by {@code |}. Cursors issued before
 * the typed cursors existed used the same form, so clients holding one keep their place.
 */
final class CursorText {

    private CursorText() {}

    static String encode(String... parts) {
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(String.join("|", parts).getBytes(StandardCharsets.UTF_8));
    }

    /** The {@code expectedParts} parts of a cursor; a different count means it belongs to another kind of list. */
    static String[] decode(String cursor, int expectedParts) {
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw notOurs();
        }
        String[] parts = text.split("\\|", -1);
        if (parts.length != expectedParts) {
            throw notOurs();
        }
        return parts;
    }

    static long parseLong(String part) {
        try {
            return Long.parseLong(part);
        } catch (NumberFormatException e) {
            throw notOurs();
        }
    }

    static InvalidRequest notOurs() {
        return new InvalidRequest("cursor", "is not a cursor returned by this list");
    }
}
