package dailyfeed.security;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.harness.Answer;
import java.util.List;
import tools.jackson.databind.JsonNode;

/** What every answer must be: a 4xx problem+json or a 2xx, never a 5xx, never a stack trace or internals. */
final class Checks {

    /** Words of a Java stack trace or of framework internals; none may reach a client. */
    static final List<String> TRACE_MARKERS = List.of(
            "Exception",
            "\tat ",
            "at dailyfeed.",
            "at java.",
            "at org.",
            "Caused by",
            "org.springframework",
            "org.hibernate",
            "org.postgresql",
            "tools.jackson",
            "com.fasterxml",
            "java.lang.",
            "jakarta.",
            "PSQLException",
            "SQLState",
            "ERROR:  ",
            "Whitelabel",
            "Apache Tomcat");

    private Checks() {}

    /**
     * A 4xx answer is RFC 9457 problem+json whose {@code status} matches; a 2xx is fine; anything else fails. {@code sent}
     * are the texts this request carried: an answer may echo them (a 2xx post does), so they are not taken for internals.
     */
    static Answer clientErrorOrSuccess(Answer answer, String... sent) {
        assertThat(answer.status() / 100)
                .as("a 2xx or a 4xx, never a 5xx: %s", answer)
                .isIn(2, 4);
        if (answer.status() >= 400) {
            problem(answer, answer.status());
        }
        noInternals(answer, sent);
        return answer;
    }

    /** A problem+json of this status, with the fields API.md promises. */
    static JsonNode problem(Answer answer, int status) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(status);
        assertThat(answer.contentType()).as("problem+json: %s", answer).startsWith("application/problem+json");
        JsonNode problem = Json.read(answer.body());
        assertThat(problem.path("status").asInt()).as("%s", answer).isEqualTo(status);
        assertThat(problem.has("type") && problem.has("title") && problem.has("detail"))
                .as("type, title, detail: %s", answer)
                .isTrue();
        return problem;
    }

    /** A 400 that names {@code field} among its {@code errors}. */
    static void invalidField(Answer answer, String field) {
        JsonNode problem = problem(answer, 400);
        List<String> fields = problem.path("errors")
                .valueStream()
                .map(error -> error.path("field").asString())
                .toList();
        assertThat(fields).as("errors of %s", answer).contains(field);
    }

    static void noInternals(Answer answer, String... sent) {
        String body = answer.body();
        for (String text : sent) {
            if (text != null && !text.isEmpty()) {
                body = body.replace(text, "").replace(jsonEscaped(text), "");
            }
        }
        for (String marker : TRACE_MARKERS) {
            assertThat(body).as("no stack trace or internals in %s", answer).doesNotContain(marker);
        }
    }

    private static String jsonEscaped(String text) {
        String json = Json.write(text);
        return json.substring(1, json.length() - 1);
    }
}
