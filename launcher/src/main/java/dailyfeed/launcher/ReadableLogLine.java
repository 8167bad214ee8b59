package dailyfeed.launcher;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A child's log line as the launcher's console shows it (the tail of a component that did not start): a JSON line
 * (DAILYFEED_LOG_FORMAT=json, Elastic Common Schema) as {@code time level logger: message (error)}, so the console stays
 * readable whatever the children write; any other line unchanged.
 */
final class ReadableLogLine {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private ReadableLogLine() {}

    static String of(String line) {
        if (!line.startsWith("{\"@timestamp\"")) {
            return line;
        }
        JsonNode entry;
        try {
            entry = JSON.readTree(line);
        } catch (JacksonException e) {
            return line;
        }
        String text = "%s %s %s: %s"
                .formatted(
                        entry.path("@timestamp").asString(),
                        entry.at("/log/level").asString(),
                        entry.at("/log/logger").asString(),
                        entry.path("message").asString());
        JsonNode error = entry.path("error");
        return error.isMissingNode()
                ? text
                : text + " (" + error.path("type").asString() + ": "
                        + error.path("message").asString() + ")";
    }
}
