package dailyfeed.harness;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The public HTTP API of docs/http-api.md as a client sees it, for everything that talks to a running dailyfeed from
 * outside: the demo loader, the black-box suites, the benchmarks. Typed calls for what a member does (sign up, log
 * in, post, comment, like, follow, read) return the {@link Answer} whatever its status, so a caller chooses between
 * {@link Answer#expect(int)} and looking at the status itself; nothing throws for a status. Raw calls send exactly
 * what the caller built (a malformed body, odd headers) for tests of what the API refuses.
 *
 * <p>Nothing is retried unless {@link Builder#retryWhileUnavailable(Duration)} says so: a test must see each try.
 */
public final class GatewayClient implements AutoCloseable {

    private static final Set<Integer> UNAVAILABLE = Set.of(502, 503, 504);
    private static final String ACCEPT = "application/json, application/problem+json";

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;
    private final Duration retryFor;
    private final Consumer<Answer> observer;
    private final ExecutorService threads;

    private GatewayClient(Builder builder) {
        this.base = URI.create(builder.baseUrl);
        HttpClient.Builder http =
                HttpClient.newBuilder().version(builder.version).connectTimeout(Duration.ofSeconds(5));
        this.threads = builder.threads == 0 ? null : Executors.newFixedThreadPool(builder.threads);
        if (threads != null) {
            http.executor(threads);
        }
        this.http = http.build();
        this.timeout = builder.timeout;
        this.retryFor = builder.retryFor;
        this.observer = builder.observer;
    }

    /** A client of the gateway (or of one service's own port: the paths are the same) with the defaults of {@link Builder}. */
    public static GatewayClient to(String baseUrl) {
        return builder(baseUrl).build();
    }

    public static Builder builder(String baseUrl) {
        return new Builder(baseUrl);
    }

    /** How a client talks: HTTP version, timeout, retries, who sees each answer. */
    public static final class Builder {

        private final String baseUrl;
        // HTTP/1.1 as a browser behind a plain-HTTP proxy talks; the client keeps connections alive between requests
        private HttpClient.Version version = HttpClient.Version.HTTP_1_1;
        private Duration timeout = Duration.ofSeconds(30);
        private Duration retryFor = Duration.ZERO;
        private int threads;
        private Consumer<Answer> observer = answer -> {};

        private Builder(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        public Builder version(HttpClient.Version version) {
            this.version = version;
            return this;
        }

        /** How long a request may wait for its answer (default 30 s). */
        public Builder timeout(Duration timeout) {
            this.timeout = timeout;
            return this;
        }

        /**
         * A pool of this many threads of the client's own, e.g. as many as the requests a test keeps in flight, so
         * that no answer waits for a thread; {@link #close()} ends them.
         */
        public Builder threads(int threads) {
            this.threads = threads;
            return this;
        }

        /**
         * Sends a request again, with growing pauses, while it is answered 502, 503 or 504 or not at all, for at most
         * {@code retryFor}: for a loader that starts right after the system did, while services still warm up.
         */
        public Builder retryWhileUnavailable(Duration retryFor) {
            this.retryFor = retryFor;
            return this;
        }

        /** Called with every answer before the caller gets it (to keep it, or to fail at once on {@link Answer#NO_ANSWER}). */
        public Builder observer(Consumer<Answer> observer) {
            this.observer = observer;
            return this;
        }

        public GatewayClient build() {
            return new GatewayClient(this);
        }
    }

    // ---- members, login, tokens

    /** POST /api/members. */
    public Answer createMember(String handle, String displayName, String password) {
        return sendJson(
                "POST",
                "/api/members",
                null,
                fields("handle", handle, "displayName", displayName, "password", password));
    }

    /** Signs up (201) and logs in (200); fails on any other answer. */
    public Member signUp(String handle, String displayName, String password) {
        long id = createMember(handle, displayName, password).expect(201).id();
        return new Member(id, handle, password, memberToken(handle, password));
    }

    /**
     * Signs up and logs in each of {@code handles} (display name {@code displayName.apply(handle)}), a few at a time:
     * each sign-up and login hashes a password (Argon2), and more in parallel would only queue in member-service.
     */
    public List<Member> signUpAll(List<String> handles, UnaryOperator<String> displayName, String password) {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<Member>> futures = new ArrayList<>();
            for (String handle : handles) {
                futures.add(pool.submit(() -> signUp(handle, displayName.apply(handle), password)));
            }
            List<Member> members = new ArrayList<>();
            for (Future<Member> future : futures) {
                members.add(future.get());
            }
            return members;
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException failure ? failure : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            pool.shutdownNow();
        }
    }

    /** POST /api/auth/login. */
    public Answer logIn(String handle, String password) {
        return sendJson("POST", "/api/auth/login", null, fields("handle", handle, "password", password));
    }

    /** The access token of a login that must succeed. */
    public String memberToken(String handle, String password) {
        return logIn(handle, password).expect(200).json().path("accessToken").asString();
    }

    /** A service token with {@code scope} from POST /oauth2/token (client credentials); fails unless 200. */
    public String serviceToken(ServiceClient client, String scope) {
        return tokenRequest(client, scope)
                .expect(200)
                .json()
                .path("access_token")
                .asString();
    }

    /** POST /oauth2/token asking for {@code scope} with client credentials, whatever the answer. */
    public Answer tokenRequest(ServiceClient client, String scope) {
        String basic = Base64.getEncoder()
                .encodeToString((client.id() + ":" + client.secret()).getBytes(StandardCharsets.UTF_8));
        return send(
                "POST",
                "/oauth2/token",
                ("grant_type=client_credentials&scope=" + scope).getBytes(StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded",
                Map.of("Authorization", "Basic " + basic));
    }

    /** GET /api/members/me. */
    public Answer me(Member as) {
        return get("/api/members/me", as.token());
    }

    /** PUT /api/members/{id}/follow. */
    public Answer follow(Member follower, long followeeId) {
        return send("PUT", "/api/members/" + followeeId + "/follow", follower.token(), null, null);
    }

    /** DELETE /api/members/{id}/follow. */
    public Answer unfollow(Member follower, long followeeId) {
        return delete("/api/members/" + followeeId + "/follow", follower.token());
    }

    // ---- posts, comments, likes

    /** POST /api/posts; {@code title} may be null (no title). */
    public Answer createPost(Member author, String title, String content) {
        return send(createPostRequest(author, title, content));
    }

    /** The request {@link #createPost} sends, for a load generator that sends it itself (timed, asynchronous). */
    public HttpRequest createPostRequest(Member author, String title, String content) {
        Map<String, Object> post =
                title == null ? fields("content", content) : fields("title", title, "content", content);
        return jsonRequest("POST", "/api/posts", author.token(), post);
    }

    /** DELETE /api/posts/{id}. */
    public Answer deletePost(Member author, long postId) {
        return delete("/api/posts/" + postId, author.token());
    }

    /** GET /api/posts?authorId=: the first page of a member's posts. */
    public Answer postsBy(Member reader, long authorId) {
        return get("/api/posts?authorId=" + authorId, reader.token());
    }

    /** GET /api/posts?authorId=&size=. */
    public Answer postsBy(Member reader, long authorId, int size) {
        return get("/api/posts?authorId=" + authorId + "&size=" + size, reader.token());
    }

    /** POST /api/posts/{id}/comments: a comment on the post. */
    public Answer comment(Member author, long postId, String content) {
        return sendJson("POST", "/api/posts/" + postId + "/comments", author.token(), fields("content", content));
    }

    /** POST /api/posts/{id}/comments with {@code parentCommentId}: a reply. */
    public Answer reply(Member author, long postId, long parentCommentId, String content) {
        return sendJson(
                "POST",
                "/api/posts/" + postId + "/comments",
                author.token(),
                fields("content", content, "parentCommentId", parentCommentId));
    }

    public Answer likePost(Member member, long postId) {
        return send("PUT", "/api/posts/" + postId + "/like", member.token(), null, null);
    }

    public Answer unlikePost(Member member, long postId) {
        return delete("/api/posts/" + postId + "/like", member.token());
    }

    public Answer likeComment(Member member, long commentId) {
        return send("PUT", "/api/comments/" + commentId + "/like", member.token(), null, null);
    }

    public Answer unlikeComment(Member member, long commentId) {
        return delete("/api/comments/" + commentId + "/like", member.token());
    }

    // ---- activities

    /** GET /api/activities/members/{id}: 403 until activity-service knows that the reader follows the member. */
    public Answer memberActivities(Member reader, long memberId) {
        return get("/api/activities/members/" + memberId, reader.token());
    }

    /** GET /api/activities/followings?size=[&cursor=]: a page of the reader's feed; {@code cursor} null for the first. */
    public Answer followings(Member reader, int size, String cursor) {
        return get(followingsPath(size, cursor), reader.token());
    }

    /** The path and query of {@link #followings}. */
    public static String followingsPath(int size, String cursor) {
        return "/api/activities/followings?size=" + size + (cursor == null ? "" : "&cursor=" + encode(cursor));
    }

    // ---- raw access: the request as the caller has it, the answer as it came

    /** GET {@code target} (path and query as they go on the wire), with a bearer token unless it is null. */
    public Answer get(String target, String token) {
        return send("GET", target, token, null, null);
    }

    public Answer delete(String target, String token) {
        return send("DELETE", target, token, null, null);
    }

    /** Sends {@code json} as it is (it may be anything but JSON) as {@code application/json}; no body if null. */
    public Answer json(String method, String target, String token, String json) {
        return send(
                method, target, token, json == null ? null : json.getBytes(StandardCharsets.UTF_8), "application/json");
    }

    /** Sends {@code body} as it is, as {@code contentType}; no body if null. */
    public Answer send(String method, String target, String token, byte[] body, String contentType) {
        return send(
                method,
                target,
                body,
                contentType,
                token == null ? Map.of() : Map.of("Authorization", "Bearer " + token));
    }

    /** Sends {@code body} as it is, with these headers (an Authorization of any scheme, or none). */
    public Answer send(String method, String target, byte[] body, String contentType, Map<String, String> headers) {
        HttpRequest.Builder request = request(target, null)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofByteArray(body));
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        headers.forEach(request::header);
        return send(request.build());
    }

    /**
     * A request to {@code target} with this client's timeout and Accept header, as the holder of {@code token}
     * unless it is null; the caller adds method, body and headers.
     */
    public HttpRequest.Builder request(String target, String token) {
        HttpRequest.Builder request =
                HttpRequest.newBuilder(uri(target)).timeout(timeout).header("Accept", ACCEPT);
        return token == null ? request : request.header("Authorization", "Bearer " + token);
    }

    /** The address of {@code target} (path and query, already percent-encoded where needed) on this client's base. */
    public URI uri(String target) {
        return URI.create(base + target);
    }

    /** Sends the request and gives the answer, retrying only as the builder said; never throws for a status. */
    public Answer send(HttpRequest request) {
        String target = request.uri().getRawPath()
                + (request.uri().getRawQuery() == null
                        ? ""
                        : "?" + request.uri().getRawQuery());
        long deadline = System.nanoTime() + retryFor.toNanos();
        long pause = 200;
        while (true) {
            Answer answer;
            try {
                HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
                answer = new Answer(
                        request.method(),
                        target,
                        response.statusCode(),
                        response.headers(),
                        new String(response.body(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                answer = Answer.none(request.method(), target, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                answer = Answer.none(request.method(), target, e);
            }
            boolean unavailable = !answer.answered() || UNAVAILABLE.contains(answer.status());
            if (!unavailable
                    || Thread.currentThread().isInterrupted()
                    || System.nanoTime() + pause * 1_000_000 > deadline) {
                observer.accept(answer);
                return answer;
            }
            pause(pause);
            pause = Math.min(pause * 2, 2000);
        }
    }

    /** The JDK's response to the request, body as a string, for callers that time or count raw exchanges. */
    public HttpResponse<String> exchange(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** The JDK's response with any body handler, e.g. the lines of an event stream. */
    public <T> HttpResponse<T> exchange(HttpRequest request, HttpResponse.BodyHandler<T> body)
            throws IOException, InterruptedException {
        return http.send(request, body);
    }

    public CompletableFuture<HttpResponse<String>> exchangeAsync(HttpRequest request) {
        return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    }

    /** How long a request may wait for its answer. */
    public Duration timeout() {
        return timeout;
    }

    /** Ends the client's own threads, if {@link Builder#threads(int)} gave it any. */
    @Override
    public void close() {
        if (threads != null) {
            threads.shutdownNow();
        }
    }

    /** Percent-encodes one path segment or query value as UTF-8 (space as %20, unlike a form). */
    public static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private Answer sendJson(String method, String target, String token, Object body) {
        return send(jsonRequest(method, target, token, body));
    }

    private HttpRequest jsonRequest(String method, String target, String token, Object body) {
        return request(target, token)
                .header("Content-Type", "application/json")
                .method(method, HttpRequest.BodyPublishers.ofString(Json.ASCII.writeValueAsString(body)))
                .build();
    }

    /** A JSON object of these fields in this order, given as name, value, name, value ... */
    private static Map<String, Object> fields(Object... namesAndValues) {
        Map<String, Object> fields = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            fields.put((String) namesAndValues[i], namesAndValues[i + 1]);
        }
        return fields;
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis); // a pause between tries of an unavailable system, not a wait for something to happen
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
