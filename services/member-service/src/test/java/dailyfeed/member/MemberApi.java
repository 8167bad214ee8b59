package dailyfeed.member;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Small fixtures that drive member-service through its HTTP API, as a client would. */
public final class MemberApi {

    /** A JSON object body. */
    public static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    /** The service clients of the test contexts (src/test/resources/config/application.properties). */
    public static final String REGISTRATION_CLIENT = "dailyfeed-service";

    public static final String REGISTRATION_SECRET = "test-only-registration-secret";
    public static final String OPERATIONS_CLIENT = "dailyfeed-operations";
    public static final String OPERATIONS_SECRET = "test-only-operations-secret";

    private static final AtomicInteger sequence = new AtomicInteger();

    private final String baseUrl;
    private final RestTestClient client;

    public MemberApi(int port) {
        this.baseUrl = "http://localhost:" + port;
        this.client = RestTestClient.bindToServer().baseUrl(baseUrl).build();
    }

    public RestTestClient client() {
        return client;
    }

    /** A handle no other test uses. */
    public static String uniqueHandle(String prefix) {
        String start = prefix.length() > 10 ? prefix.substring(0, 10) : prefix;
        return start + "_" + sequence.incrementAndGet() + "_"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    public SignedUp signUp(String prefix) {
        String handle = uniqueHandle(prefix);
        String password = "secret-" + handle;
        Map<String, Object> body = client.post()
                .uri("/api/members")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("handle", handle, "displayName", "Name of " + handle, "password", password))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        long id = ((Number) body.get("id")).longValue();
        return new SignedUp(id, handle, password, login(handle, password));
    }

    /** A service token of {@code scope} from the test context's client that holds it (each client has one scope). */
    public String serviceToken(String scope) {
        boolean operations = "operations".equals(scope);
        Map<String, Object> body = client.post()
                .uri("/oauth2/token")
                .headers(headers -> headers.setBasicAuth(
                        operations ? OPERATIONS_CLIENT : REGISTRATION_CLIENT,
                        operations ? OPERATIONS_SECRET : REGISTRATION_SECRET))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&scope=" + scope)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        return (String) body.get("access_token");
    }

    public String login(String handle, String password) {
        Map<String, Object> body = client.post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("handle", handle, "password", password))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JSON)
                .returnResult()
                .getResponseBody();
        return (String) body.get("accessToken");
    }

    /** POSTs {@code count} JSON bodies at once, from as many threads; the answers in the order of the bodies. */
    public List<HttpResponse<String>> burst(String path, int count, IntFunction<String> body) throws Exception {
        var http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        var start = new CountDownLatch(1);
        ExecutorService threads = Executors.newFixedThreadPool(count);
        try {
            List<Future<HttpResponse<String>>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                var request = HttpRequest.newBuilder(URI.create(baseUrl + path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body.apply(i)))
                        .build();
                sent.add(threads.submit(() -> {
                    start.await();
                    return http.send(request, HttpResponse.BodyHandlers.ofString());
                }));
            }
            start.countDown();
            List<HttpResponse<String>> answers = new ArrayList<>();
            for (var answer : sent) {
                answers.add(answer.get(60, TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            threads.shutdownNow();
        }
    }

    /** A member who signed up and logged in. */
    public record SignedUp(long id, String handle, String password, String token) {

        public String bearer() {
            return "Bearer " + token;
        }
    }
}
