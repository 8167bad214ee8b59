package dailyfeed.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The public HTTP API as a client sees it: every call ends with a status, or with no answer at all (connection
 * refused or reset, or nothing within {@link #REQUEST_TIMEOUT}). Nothing is retried: the ledger must see each try.
 */
final class Gateway implements AutoCloseable {

    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final String PASSWORD = "reliability-password";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final URI base;
    private final ExecutorService executor;
    private final HttpClient http;

    /** @param threads the client's own pool: requests never wait for a thread beyond this many in flight */
    Gateway(String baseUrl, int threads) {
        this.base = URI.create(baseUrl);
        this.executor = Executors.newFixedThreadPool(threads);
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .executor(executor)
                .build();
    }

    /** What one request got back; {@link #NO_ANSWER} as status when it got nothing. */
    record Answer(int status, String contentType, JsonNode body) {

        static final int NO_ANSWER = -1;

        boolean ok() {
            return status / 100 == 2;
        }

        boolean rejected() {
            return status / 100 == 4;
        }

        long id() {
            return body.get("id").asLong();
        }
    }

    /** A member who signed up and logged in. */
    record Member(long id, String handle, String token) {
    }

    Member signUp(String handle) {
        Answer created = send("POST", "/api/members", null,
                Map.of("handle", handle, "displayName", "Member " + handle, "password", PASSWORD));
        if (created.status() != 201) {
            throw new IllegalStateException("sign-up of " + handle + " answered " + created);
        }
        Answer login = send("POST", "/api/auth/login", null, Map.of("handle", handle, "password", PASSWORD));
        if (login.status() != 200) {
            throw new IllegalStateException("login of " + handle + " answered " + login);
        }
        return new Member(created.id(), handle, login.body().get("accessToken").asString());
    }

    /** {@code count} members {@code <prefix>_0 ...}, signed up and logged in a few at a time (hashing is slow). */
    List<Member> signUpMembers(String prefix, int count) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Member>> futures = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                String handle = prefix + "_" + i;
                futures.add(pool.submit(() -> signUp(handle)));
            }
            List<Member> members = new ArrayList<>();
            for (Future<Member> future : futures) {
                members.add(future.get());
            }
            return members;
        } catch (ExecutionException e) {
            throw new IllegalStateException("sign-up failed", e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    Answer createPost(Member author, String content) {
        return send("POST", "/api/posts", author.token(), Map.of("content", content));
    }

    Answer comment(Member author, long postId, Long parentCommentId, String content) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("content", content);
        if (parentCommentId != null) {
            body.put("parentCommentId", parentCommentId);
        }
        return send("POST", "/api/posts/" + postId + "/comments", author.token(), body);
    }

    Answer likePost(Member member, long postId, boolean like) {
        return send(like ? "PUT" : "DELETE", "/api/posts/" + postId + "/like", member.token(), null);
    }

    Answer likeComment(Member member, long commentId, boolean like) {
        return send(like ? "PUT" : "DELETE", "/api/comments/" + commentId + "/like", member.token(), null);
    }

    Answer follow(Member member, long otherId, boolean follow) {
        return send(follow ? "PUT" : "DELETE", "/api/members/" + otherId + "/follow", member.token(), null);
    }

    Answer send(String method, String path, String token, Object body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path)).timeout(REQUEST_TIMEOUT)
                .header("Accept", "application/json, application/problem+json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            String contentType = response.headers().firstValue("Content-Type").orElse("");
            JsonNode json = contentType.contains("json") && !response.body().isEmpty()
                    ? JSON.readTree(response.body()) : null;
            return new Answer(response.statusCode(), contentType, json);
        } catch (IOException e) {
            return new Answer(Answer.NO_ANSWER, "", null);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Answer(Answer.NO_ANSWER, "", null);
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
