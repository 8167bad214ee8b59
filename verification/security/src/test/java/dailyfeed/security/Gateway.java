package dailyfeed.security;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The only way these tests reach dailyfeed: raw HTTP to the gateway, bodies as bytes, so a test can send what no
 * well-behaved client would. Every answer is kept for the leak scan at the end of the run.
 */
final class Gateway {

    /** Every answer any test got in this JVM, in order. */
    static final ConcurrentLinkedQueue<Answer> SEEN = new ConcurrentLinkedQueue<>();

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final String baseUrl;

    Gateway(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** One HTTP exchange as the client saw it. */
    record Answer(String method, String target, int status, HttpHeaders headers, String body) {

        Optional<String> header(String name) {
            return headers.firstValue(name);
        }

        String contentType() {
            return header("Content-Type").orElse("");
        }

        @Override
        public String toString() {
            String shown = body.length() > 600 ? body.substring(0, 600) + "...(" + body.length() + " chars)" : body;
            return method + " " + target + " -> " + status + " " + contentType() + " " + shown;
        }
    }

    Answer get(String target, String token) {
        return send("GET", target, token, null, null);
    }

    Answer delete(String target, String token) {
        return send("DELETE", target, token, null, null);
    }

    Answer json(String method, String target, String token, String json) {
        return send(method, target, token, json == null ? null : json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /**
     * Sends {@code body} as is; {@code target} is the path and query exactly as it goes on the wire (already
     * percent-encoded where needed).
     */
    Answer send(String method, String target, String token, byte[] body, String contentType) {
        return send(method, target, body, contentType, token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    Answer send(String method, String target, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + target))
                .timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json, application/problem+json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        try {
            HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
            Answer answer = new Answer(method, target, response.statusCode(), response.headers(),
                    new String(response.body(), StandardCharsets.UTF_8));
            SEEN.add(answer);
            return answer;
        } catch (IOException e) {
            throw new AssertionError(method + " " + target + " got no answer: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    /** Percent-encodes one path segment or query value as UTF-8 (space as %20, unlike a form). */
    static String encode(String value) {
        return java.net.URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
