package dailyfeed.member;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.testsupport.ApiContract;
import dailyfeed.testsupport.ServiceIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * member-service's answers, ordinary and refusals, each checked against its own OpenAPI description by
 * {@link ApiContract}: any status, body, null or header the description does not allow fails the test.
 */
@ServiceIntegrationTest
class MemberContractIntegrationTests {

    @LocalServerPort
    int port;

    ApiContract api;

    @BeforeEach
    void readTheDescription() {
        api = ApiContract.ofServiceAt(port);
    }

    @Test
    void describesItselfWithTitleVersionAndTheBearerScheme() {
        String docs = api.description();
        assertThat(docs)
                .contains("\"title\":\"dailyfeed member-service\"")
                .contains("\"openapi\":\"3.0")
                .contains("\"bearerFormat\":\"JWT\"")
                .doesNotContain("OpenAPI definition");
    }

    @Test
    void signUpLoginAndProfilesAnswerAsDescribed() {
        String handle = MemberApi.uniqueHandle("contract");
        var signedUp = api.post("/api/members")
                .json(Map.of("handle", handle, "displayName", "Contract", "password", "secret-password"))
                .send()
                .expect(201);
        assertThat(signedUp.header("Location")).isEqualTo("/api/members/" + signedUp.<Number>read("$.id"));
        api.post("/api/members")
                .json(Map.of("handle", handle, "displayName", "Again", "password", "secret-password"))
                .send()
                .expect(409);
        var invalid = api.post("/api/members")
                .json(Map.of("handle", "No!", "displayName", " ", "password", "short"))
                .send()
                .expect(400);
        assertThat(invalid.<List<?>>read("$.errors")).hasSize(3);
        api.post("/api/members").json("{not json").send().expect(400);

        String token = api.post("/api/auth/login")
                .json(Map.of("handle", handle, "password", "secret-password"))
                .send()
                .expect(200)
                .read("$.accessToken");
        api.post("/api/auth/login")
                .json(Map.of("handle", handle, "password", "wrong-password"))
                .send()
                .expect(401);

        long id = api.get("/api/members/me")
                .bearer(token)
                .send()
                .expect(200)
                .<Number>read("$.id")
                .longValue();
        api.get("/api/members/" + id).bearer(token).send().expect(200);
        api.get("/api/members/" + Long.MAX_VALUE).bearer(token).send().expect(404);
        api.get("/api/members/not-a-number").bearer(token).send().expect(400);
        api.get("/api/members/" + id).send().expect(401);
        api.get("/api/members/" + id).bearer("not-a-token").send().expect(401);
        api.get("/api/members/" + id).bearer(serviceToken()).send().expect(403);
        api.post("/api/members")
                .json("{\"handle\":\"" + "x".repeat(70_000) + "\"}")
                .send()
                .expect(413);
    }

    @Test
    void repeatedFailedLoginsAre429WithRetryAfter() {
        String handle = MemberApi.uniqueHandle("throttled");
        var answer = api.post("/api/auth/login")
                .json(Map.of("handle", handle, "password", "wrong-password"))
                .send();
        for (int attempt = 1; attempt < 6 && answer.status() == 401; attempt++) {
            answer = api.post("/api/auth/login")
                    .json(Map.of("handle", handle, "password", "wrong-password"))
                    .send();
        }
        answer.expect(429);
        assertThat(answer.header("Retry-After")).matches("\\d+");
    }

    @Test
    void followsAndCursorPagesAnswerAsDescribed() {
        Member reader = signUp("reader");
        Member first = signUp("first");
        Member second = signUp("second");
        api.put("/api/members/" + first.id() + "/follow")
                .bearer(reader.token())
                .send()
                .expect(204);
        api.put("/api/members/" + second.id() + "/follow")
                .bearer(reader.token())
                .send()
                .expect(204);
        api.put("/api/members/" + reader.id() + "/follow")
                .bearer(reader.token())
                .send()
                .expect(400);
        api.put("/api/members/" + Long.MAX_VALUE + "/follow")
                .bearer(reader.token())
                .send()
                .expect(404);

        var page = api.get("/api/members/" + reader.id() + "/followings?size=1")
                .bearer(reader.token())
                .send()
                .expect(200);
        String cursor = page.read("$.nextCursor");
        assertThat(cursor).isNotNull();
        var last = api.get("/api/members/" + reader.id() + "/followings?size=1&cursor=" + cursor)
                .bearer(reader.token())
                .send()
                .expect(200);
        assertThat(last.<Object>read("$.nextCursor")).isNull();
        api.get("/api/members/" + first.id() + "/followers")
                .bearer(reader.token())
                .send()
                .expect(200);
        api.get("/api/members/" + reader.id() + "/followings?size=0")
                .bearer(reader.token())
                .send()
                .expect(400);
        api.get("/api/members/" + reader.id() + "/followings?cursor=not-a-cursor")
                .bearer(reader.token())
                .send()
                .expect(400);
        api.get("/api/members/" + Long.MAX_VALUE + "/followers")
                .bearer(reader.token())
                .send()
                .expect(404);

        api.delete("/api/members/" + first.id() + "/follow")
                .bearer(reader.token())
                .send()
                .expect(204);
        api.delete("/api/members/" + Long.MAX_VALUE + "/follow")
                .bearer(reader.token())
                .send()
                .expect(404);
    }

    @Test
    void theTokenEndpointAndTheKeySetAnswerAsDescribed() {
        serviceToken();
        api.post("/oauth2/token")
                .basic(MemberApi.REGISTRATION_CLIENT, "wrong-secret")
                .form("grant_type=client_credentials&scope=activities.write")
                .send()
                .expect(401);
        api.post("/oauth2/token")
                .basic(MemberApi.REGISTRATION_CLIENT, MemberApi.REGISTRATION_SECRET)
                .form("grant_type=client_credentials&scope=operations")
                .send()
                .expect(400);
        var keys = api.get("/.well-known/jwks.json").send().expect(200);
        assertThat(keys.<List<?>>read("$.keys")).isNotEmpty();
    }

    private String serviceToken() {
        return api.post("/oauth2/token")
                .basic(MemberApi.OPERATIONS_CLIENT, MemberApi.OPERATIONS_SECRET)
                .form("grant_type=client_credentials&scope=operations")
                .send()
                .expect(200)
                .read("$.access_token");
    }

    private Member signUp(String prefix) {
        String handle = MemberApi.uniqueHandle(prefix);
        long id = api.post("/api/members")
                .json(Map.of("handle", handle, "displayName", "Name " + prefix, "password", "secret-password"))
                .send()
                .expect(201)
                .<Number>read("$.id")
                .longValue();
        String token = api.post("/api/auth/login")
                .json(Map.of("handle", handle, "password", "secret-password"))
                .send()
                .expect(200)
                .read("$.accessToken");
        return new Member(id, token);
    }

    private record Member(long id, String token) {}
}
