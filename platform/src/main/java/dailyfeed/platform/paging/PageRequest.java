package dailyfeed.platform.paging;

import dailyfeed.platform.web.InvalidRequest;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * A validated {@code cursor} + {@code size} query. The cursor is opaque to clients: base64url of the key
 * parts of the last row seen, so keyset pagination never skips or repeats rows when new ones arrive.
 */
public record PageRequest(List<String> after, int size) {

    public static final int DEFAULT_SIZE = 20;
    public static final int MAX_SIZE = 100;

    /** Reads the query parameters; a bad size or a cursor this service did not issue is a 400. */
    public static PageRequest of(String cursor, Integer size, int keyParts) {
        int pageSize = size == null ? DEFAULT_SIZE : size;
        if (pageSize < 1 || pageSize > MAX_SIZE) {
            throw new InvalidRequest("size", "must be between 1 and " + MAX_SIZE);
        }
        if (cursor == null || cursor.isEmpty()) {
            return new PageRequest(List.of(), pageSize);
        }
        try {
            String decoded = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            List<String> parts = List.of(decoded.split("\\|", -1));
            if (parts.size() != keyParts) {
                throw new IllegalArgumentException("wrong number of parts");
            }
            return new PageRequest(parts, pageSize);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("cursor", "is not a cursor returned by this list");
        }
    }

    /** Encodes the key parts of the last row of a page. */
    public static String cursorOf(Object... keyParts) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < keyParts.length; i++) {
            text.append(i == 0 ? "" : "|").append(keyParts[i]);
        }
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.toString().getBytes(StandardCharsets.UTF_8));
    }

    public boolean isFirstPage() {
        return after.isEmpty();
    }

    /** Key part {@code index} of the cursor as a number; a forged cursor is a 400. */
    public long afterLong(int index) {
        try {
            return Long.parseLong(after.get(index));
        } catch (NumberFormatException e) {
            throw new InvalidRequest("cursor", "is not a cursor returned by this list");
        }
    }

    /** How many rows to fetch: one more than shown, to know whether a next page exists. */
    public int fetchSize() {
        return size + 1;
    }
}
