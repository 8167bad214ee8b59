package dailyfeed.events;

import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.ObjectReader;
import tools.jackson.databind.ObjectWriter;
import tools.jackson.databind.json.JsonMapper;

/**
 * The wire format of {@link ActivityEvent}: UTF-8 JSON, instants as ISO-8601 strings.
 *
 * <p>Unknown fields are ignored so that producers can add fields before every consumer knows them.
 */
public final class ActivityEventJson {

    /**
     * The JSON Schema (draft 2020-12) of the wire format, on this module's class path: what producers publish and
     * what tests check every published event against (docs/events.md).
     */
    public static final String SCHEMA_RESOURCE = "/schema/activity-event.schema.json";

    private static final JsonMapper MAPPER = JsonMapper.builder()
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .build();
    // bound to the type once: an ingest reads and writes every event, and a mapper resolves the type on each call
    private static final ObjectReader READER = MAPPER.readerFor(ActivityEvent.class);
    private static final ObjectWriter WRITER = MAPPER.writerFor(ActivityEvent.class);

    private ActivityEventJson() {}

    public static String write(ActivityEvent event) {
        return WRITER.writeValueAsString(event);
    }

    /** {@link #write}'s text as UTF-8, written as bytes directly. */
    public static byte[] writeUtf8(ActivityEvent event) {
        return WRITER.writeValueAsBytes(event);
    }

    /** Reads an event; throws {@link MalformedEvent} for anything that is not a complete event. */
    public static ActivityEvent read(String json) {
        try {
            return READER.readValue(json);
        } catch (RuntimeException e) {
            throw new MalformedEvent(e.getMessage(), e);
        }
    }

    /** The message could not be read as an {@link ActivityEvent}. */
    public static final class MalformedEvent extends RuntimeException {
        public MalformedEvent(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
