package dailyfeed.security;

import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** JSON in and out with Jackson; bodies can be written as ASCII so that an unpaired surrogate travels as {@code \ud800}. */
final class Json {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    // An unpaired surrogate cannot be encoded as UTF-8, so such text only reaches a server as a JSON escape.
    private static final JsonMapper ASCII =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private Json() {}

    static String write(Object value) {
        return MAPPER.writeValueAsString(value);
    }

    static String writeAscii(Object value) {
        return ASCII.writeValueAsString(value);
    }

    /** As UTF-8 when the text allows it, else with every non-ASCII character escaped. */
    static String writeFaithfully(Object value, boolean preferAscii) {
        return preferAscii || !representableInUtf8(value) ? writeAscii(value) : write(value);
    }

    static JsonNode read(String json) {
        return MAPPER.readTree(json);
    }

    @SafeVarargs
    static Map<String, Object> object(Map.Entry<String, Object>... entries) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : entries) {
            object.put(entry.getKey(), entry.getValue());
        }
        return object;
    }

    private static boolean representableInUtf8(Object value) {
        String text = write(value);
        return text.codePoints().noneMatch(c -> c >= Character.MIN_SURROGATE && c <= Character.MAX_SURROGATE);
    }
}
