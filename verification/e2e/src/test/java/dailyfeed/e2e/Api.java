package dailyfeed.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.openqa.selenium.json.Json;

/** The HTTP API for setting up and checking what a test does through the browser (not for what it tests). */
final class Api {

    private static final Json JSON = new Json();

    private final String baseUrl;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    Api(String baseUrl) {
        this.baseUrl = baseUrl;
    }

    record Member(long id, String handle, String password, String token) {
    }

    Member signUp(String handle, String displayName) {
        String password = "password-" + handle;
        Map<String, Object> created = send("POST", "/api/members", null,
                Map.of("handle", handle, "displayName", displayName, "password", password), 201);
        Map<String, Object> login = send("POST", "/api/auth/login", null, Map.of("handle", handle, "password", password), 200);
        return new Member(((Number) created.get("id")).longValue(), handle, password, (String) login.get("accessToken"));
    }

    void follow(Member follower, long followeeId) {
        send("PUT", "/api/members/" + followeeId + "/follow", follower, null, 204);
    }

    Map<String, Object> createPost(Member author, String title, String content) {
        return send("POST", "/api/posts", author, Map.of("title", title, "content", content), 201);
    }

    void deletePost(Member author, long postId) {
        send("DELETE", "/api/posts/" + postId, author, null, 204);
    }

    Map<String, Object> comment(Member author, long postId, String content) {
        return send("POST", "/api/posts/" + postId + "/comments", author, Map.of("content", content), 201);
    }

    @SuppressWarnings("unchecked")
    List<Map<String, Object>> postsBy(Member reader, long authorId) {
        return (List<Map<String, Object>>) send("GET", "/api/posts?authorId=" + authorId, reader, null, 200).get("items");
    }

    /** The status of GET {@code path} for a bearer token, e.g. to learn when the activity service saw a follow. */
    int status(String token, String path) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token).GET().build();
        try {
            return http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    @SuppressWarnings("unchecked")
    private Map<String, Object> send(String method, String path, Member as, Object body, int expectedStatus) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(Duration.ofSeconds(15))
                .header("Accept", "application/json")
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                        : HttpRequest.BodyPublishers.ofString(JSON.toJson(body)));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (as != null) {
            request.header("Authorization", "Bearer " + as.token());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new AssertionError(method + " " + path + " answered " + response.statusCode() + ", expected "
                        + expectedStatus + ": " + response.body());
            }
            return response.body().isBlank() ? Map.of() : JSON.toType(response.body(), Map.class);
        } catch (IOException e) {
            throw new AssertionError(method + " " + path + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
