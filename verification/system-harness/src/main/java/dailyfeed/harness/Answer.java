package dailyfeed.harness;

import java.net.http.HttpHeaders;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * One exchange with the gateway as the client saw it: the request's method and target (path and query as sent), and
 * the status, headers and body (UTF-8) of the answer. A request that got no answer at all (connection refused or
 * reset, nothing within the timeout) has status {@link #NO_ANSWER}, no headers, and the failure as its body.
 */
public record Answer(String method, String target, int status, HttpHeaders headers, String body) {

    public static final int NO_ANSWER = -1;

    static Answer none(String method, String target, Exception failure) {
        return new Answer(
                method, target, NO_ANSWER, HttpHeaders.of(Map.of(), (name, value) -> true), "no answer: " + failure);
    }

    public boolean ok() {
        return status / 100 == 2;
    }

    public boolean rejected() {
        return status / 100 == 4;
    }

    public boolean answered() {
        return status != NO_ANSWER;
    }

    public Optional<String> header(String name) {
        return headers.firstValue(name);
    }

    public String contentType() {
        return header("Content-Type").orElse("");
    }

    /** The body as JSON; fails if it is none. */
    public JsonNode json() {
        if (body.isEmpty()) {
            throw new UnexpectedAnswer(this, "a JSON body");
        }
        try {
            return Json.MAPPER.readTree(body);
        } catch (RuntimeException e) {
            throw new UnexpectedAnswer(this, "a JSON body");
        }
    }

    /** The {@code id} of the member, post or comment this answer carries. */
    public long id() {
        JsonNode id = json().path("id");
        if (!id.isNumber()) {
            throw new UnexpectedAnswer(this, "an id");
        }
        return id.asLong();
    }

    /** The answer as a page of a list (http-api.md, Pagination). */
    public Page page() {
        return Page.of(this);
    }

    /** This answer if it has {@code expected} status; else fails, saying what came instead. */
    public Answer expect(int expected) {
        if (status != expected) {
            throw new UnexpectedAnswer(this, Integer.toString(expected));
        }
        return this;
    }

    @Override
    public String toString() {
        String shown = body.length() > 600 ? body.substring(0, 600) + "...(" + body.length() + " chars)" : body;
        return method + " " + target + " -> " + status + " " + contentType() + " " + shown;
    }
}
