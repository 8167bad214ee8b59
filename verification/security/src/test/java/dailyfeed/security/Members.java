package dailyfeed.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/** Signs members up and logs them in through the gateway; remembers every password used, for the leak scan. */
final class Members {

    /** Every password any test sent in this JVM: none may appear in an answer or a log. */
    static final Set<String> PASSWORDS = ConcurrentHashMap.newKeySet();

    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    // one run's handles never meet another's in a system that is already running (-De2e.baseUrl)
    private static final String RUN = Long.toString(System.currentTimeMillis() % 1_000_000, 36);

    private final Gateway gateway;

    Members(Gateway gateway) {
        this.gateway = gateway;
    }

    record Member(long id, String handle, String password, String token) {
    }

    /** A handle no one has yet, valid under API.md's rule. */
    static String uniqueHandle(String prefix) {
        return (prefix + "_" + RUN + "_" + SEQUENCE.incrementAndGet()).toLowerCase();
    }

    /** A password that says it is one: distinctive enough that finding it anywhere is a leak, not a coincidence. */
    static String newPassword() {
        String password = "pw-canary-" + UUID.randomUUID();
        PASSWORDS.add(password);
        return password;
    }

    Member signUp(String prefix) {
        String handle = uniqueHandle(prefix);
        String password = newPassword();
        Gateway.Answer created = gateway.json("POST", "/api/members", null,
                Json.write(Map.of("handle", handle, "displayName", "Member " + handle, "password", password)));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        long id = Json.read(created.body()).path("id").asLong();
        return new Member(id, handle, password, login(handle, password));
    }

    String login(String handle, String password) {
        Gateway.Answer login = gateway.json("POST", "/api/auth/login", null,
                Json.write(Map.of("handle", handle, "password", password)));
        assertThat(login.status()).as("%s", login).isEqualTo(200);
        return Json.read(login.body()).path("accessToken").asString();
    }

    void follow(Member follower, Member followee) {
        Gateway.Answer follow = gateway.send("PUT", "/api/members/" + followee.id() + "/follow", follower.token(), null, null);
        assertThat(follow.status()).as("%s", follow).isEqualTo(204);
    }

    /** A service token (client credentials) with the given scope. */
    String serviceToken(String scope) {
        String basic = java.util.Base64.getEncoder().encodeToString(
                (ServiceClient.ID + ":" + ServiceClient.SECRET).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        Gateway.Answer token = gateway.send("POST", "/oauth2/token",
                ("grant_type=client_credentials&scope=" + scope).getBytes(java.nio.charset.StandardCharsets.UTF_8),
                "application/x-www-form-urlencoded", Map.of("Authorization", "Basic " + basic));
        assertThat(token.status()).as("%s", token).isEqualTo(200);
        return Json.read(token.body()).path("access_token").asString();
    }

    JsonNode post(Member author, String title, String content) {
        Gateway.Answer created = gateway.json("POST", "/api/posts", author.token(),
                Json.writeAscii(Json.object(Map.entry("title", title), Map.entry("content", content))));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return Json.read(created.body());
    }

    JsonNode comment(Member author, long postId, String content) {
        Gateway.Answer created = gateway.json("POST", "/api/posts/" + postId + "/comments", author.token(),
                Json.writeAscii(Map.of("content", content)));
        assertThat(created.status()).as("%s", created).isEqualTo(201);
        return Json.read(created.body());
    }

    /** The embedded default service client of README.md (overridable by the environment, as the services read it). */
    static final class ServiceClient {
        static final String ID = System.getenv().getOrDefault("DAILYFEED_SERVICE_CLIENT_ID", "dailyfeed-service");
        static final String SECRET = System.getenv().getOrDefault("DAILYFEED_SERVICE_CLIENT_SECRET", "dailyfeed-service-secret");

        private ServiceClient() {
        }
    }
}
