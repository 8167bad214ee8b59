package dailyfeed.harness;

import tools.jackson.core.json.JsonWriteFeature;
import tools.jackson.databind.json.JsonMapper;

/** The client's JSON mapping. */
final class Json {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    // every non-ASCII character as an escape: a Java string travels intact even with an unpaired surrogate, which
    // UTF-8 cannot encode (the security suite sends such text on purpose)
    static final JsonMapper ASCII =
            JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private Json() {}
}
