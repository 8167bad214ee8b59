package dailyfeed.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The public HTTP API as a client sees it, for setting up members and follows and for building load requests. */
final class Api {

    static final ObjectMapper JSON = JsonMapper.builder().build();
    /** HTTP/1.1 like a browser behind a plain-HTTP proxy; the client keeps connections alive between requests. */
    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    private static final String PASSWORD = "bench-password";

    /** A signed-up member with a token. */
    record Member(long id, String handle, String token) {
    }

    private Api() {
    }

    static Member signUp(String baseUrl, String handle) throws IOException, InterruptedException {
        JsonNode created = expect(201, HTTP.send(jsonRequest(baseUrl + "/api/members", null)
                .POST(body("{\"handle\":\"%s\",\"displayName\":\"%s\",\"password\":\"%s\"}".formatted(handle, handle, PASSWORD)))
                .build(), HttpResponse.BodyHandlers.ofString()));
        JsonNode login = expect(200, HTTP.send(jsonRequest(baseUrl + "/api/auth/login", null)
                .POST(body("{\"handle\":\"%s\",\"password\":\"%s\"}".formatted(handle, PASSWORD))).build(),
                HttpResponse.BodyHandlers.ofString()));
        return new Member(created.get("id").asLong(), handle, login.get("accessToken").asString());
    }

    static void follow(String baseUrl, Member follower, long followeeId) throws IOException, InterruptedException {
        expect(204, HTTP.send(jsonRequest(baseUrl + "/api/members/" + followeeId + "/follow", follower)
                .PUT(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()));
    }

    static HttpRequest newPost(String baseUrl, Member author, String content) {
        return jsonRequest(baseUrl + "/api/posts", author)
                .POST(body("{\"title\":\"bench\",\"content\":\"" + content + "\"}")).build();
    }

    static HttpRequest.Builder jsonRequest(String url, Member member) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").header("Accept", "application/json");
        return member == null ? builder : builder.header("Authorization", "Bearer " + member.token());
    }

    static HttpRequest.BodyPublisher body(String json) {
        return HttpRequest.BodyPublishers.ofString(json);
    }

    static JsonNode expect(int status, HttpResponse<String> response) {
        if (response.statusCode() != status) {
            throw new IllegalStateException(response.request().method() + " " + response.request().uri() + " answered "
                    + response.statusCode() + " (expected " + status + "): " + response.body());
        }
        return response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body());
    }
}
