package dailyfeed.member;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/** Small fixtures that drive member-service through its HTTP API, as a client would. */
final class MemberApi {

    /** A JSON object body. */
    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    private static final AtomicInteger sequence = new AtomicInteger();

    private final RestTestClient client;

    MemberApi(int port) {
        this.client = RestTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build();
    }

    RestTestClient client() {
        return client;
    }

    /** A handle no other test uses. */
    static String uniqueHandle(String prefix) {
        String start = prefix.length() > 10 ? prefix.substring(0, 10) : prefix;
        return start + "_" + sequence.incrementAndGet() + "_"
                + UUID.randomUUID().toString().substring(0, 6);
    }

    SignedUp signUp(String prefix) {
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

    String login(String handle, String password) {
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

    /** A member who signed up and logged in. */
    record SignedUp(long id, String handle, String password, String token) {

        String bearer() {
            return "Bearer " + token;
        }
    }
}
