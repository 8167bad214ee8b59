package dailyfeed.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.harness.RunningDailyfeed;
import dailyfeed.testsupport.ApiContract;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What a client of the gateway meets matches the OpenAPI descriptions the gateway serves (the ones Swagger UI shows):
 * one member's ordinary session and its refusals, through the gateway, each answer checked by Atlassian's
 * swagger-request-validator against {@code /v3/api-docs/member}, {@code /content} or {@code /activity}: a status, a
 * body, a null or a header the description does not allow fails the test. The services' own contract tests check each
 * service alone; this one adds what the gateway puts in between (its refusals, its headers).
 */
class GatewayContractIntegrationTests {

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = E2eSystem.shared();

    private static final String RUN = Long.toString(System.currentTimeMillis() % 46_656L, 36);

    private final ApiContract members = ApiContract.of(dailyfeed.baseUrl(), "/v3/api-docs/member");
    private final ApiContract content = ApiContract.of(dailyfeed.baseUrl(), "/v3/api-docs/content");
    private final ApiContract activities = ApiContract.of(dailyfeed.baseUrl(), "/v3/api-docs/activity");

    @Test
    void theDescriptionsTheGatewayServesNameTheirServiceAndTheBearerScheme() {
        for (var described : Map.of(
                        "member-service", members, "content-service", content, "activity-service", activities)
                .entrySet()) {
            assertThat(described.getValue().description())
                    .contains("\"title\":\"dailyfeed " + described.getKey() + "\"")
                    .contains("\"bearerFormat\":\"JWT\"")
                    .doesNotContain("OpenAPI definition");
        }
    }

    @Test
    void aSessionThroughTheGatewayAnswersAsDescribed() {
        String author = signUp("gc_a_" + RUN);
        String reader = signUp("gc_r_" + RUN);
        String authorToken = logIn(author);
        String readerToken = logIn(reader);
        members.post("/api/auth/login")
                .json(Map.of("handle", reader, "password", "wrong-password"))
                .send()
                .expect(401);
        long authorId = members.get("/api/members/me")
                .bearer(authorToken)
                .send()
                .expect(200)
                .<Number>read("$.id")
                .longValue();
        members.get("/api/members/me").send().expect(401);
        members.get("/api/members/me").bearer("not-a-token").send().expect(401);
        members.get("/api/members/" + Long.MAX_VALUE).bearer(readerToken).send().expect(404);
        members.put("/api/members/" + authorId + "/follow")
                .bearer(readerToken)
                .send()
                .expect(204);
        members.put("/api/members/" + authorId + "/follow")
                .bearer(authorToken)
                .send()
                .expect(400);
        members.get("/api/members/" + authorId + "/followers")
                .bearer(readerToken)
                .send()
                .expect(200);

        long postId = content.post("/api/posts")
                .bearer(authorToken)
                .json(Map.of("content", "described, through the gateway"))
                .send()
                .expect(201)
                .<Number>read("$.id")
                .longValue();
        content.post("/api/posts").bearer(authorToken).json("{not json").send().expect(400);
        content.post("/api/posts")
                .bearer(authorToken)
                .json(Map.of("content", "x".repeat(2_000_000)))
                .send()
                .expect(413);
        content.put("/api/posts/" + postId)
                .bearer(readerToken)
                .json(Map.of("content", "not mine"))
                .send()
                .expect(403);
        long commentId = content.post("/api/posts/" + postId + "/comments")
                .bearer(readerToken)
                .json(Map.of("content", "a comment"))
                .send()
                .expect(201)
                .<Number>read("$.id")
                .longValue();
        content.post("/api/posts/" + postId + "/comments")
                .bearer(authorToken)
                .json(Map.of("content", "a reply", "parentCommentId", commentId))
                .send()
                .expect(201);
        content.get("/api/posts/" + postId + "/comments")
                .bearer(readerToken)
                .send()
                .expect(200);
        content.put("/api/posts/" + postId + "/like").bearer(readerToken).send().expect(204);
        content.get("/api/posts/" + postId).bearer(readerToken).send().expect(200);
        content.get("/api/posts?authorId=" + authorId)
                .bearer(readerToken)
                .send()
                .expect(200);
        content.get("/api/posts").bearer(readerToken).send().expect(400);
        content.delete("/api/posts/" + Long.MAX_VALUE)
                .bearer(authorToken)
                .send()
                .expect(404);

        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(activities
                                .get("/api/activities/followings/unread-count")
                                .bearer(readerToken)
                                .send()
                                .expect(200)
                                .<Number>read("$.count")
                                .longValue())
                        .isGreaterThanOrEqualTo(1));
        List<?> page = activities
                .get("/api/activities/followings?size=2")
                .bearer(readerToken)
                .send()
                .expect(200)
                .read("$.items");
        assertThat(page).isNotEmpty();
        activities
                .get("/api/activities/followings?size=0")
                .bearer(readerToken)
                .send()
                .expect(400);
        String groupKey = activities
                .get("/api/activities/followings/groups?size=2")
                .bearer(readerToken)
                .send()
                .expect(200)
                .read("$.items[0].groupKey");
        activities
                .get("/api/activities/followings/groups/" + groupKey)
                .bearer(readerToken)
                .send()
                .expect(200);
        activities
                .get("/api/activities/followings/groups/" + groupKey + "/activities?size=1")
                .bearer(readerToken)
                .send()
                .expect(200);
        activities
                .get("/api/activities/followings/groups/POST_LIKED-p" + Long.MAX_VALUE + "-2026-12-01")
                .bearer(readerToken)
                .send()
                .expect(404);
        activities
                .get("/api/activities/followings/groups/not-a-group")
                .bearer(readerToken)
                .send()
                .expect(400);
        await().atMost(Duration.ofSeconds(30))
                .untilAsserted(() -> assertThat(activities
                                .get("/api/activities/about-me?size=5")
                                .bearer(authorToken)
                                .send()
                                .expect(200)
                                .<List<?>>read("$.items"))
                        .hasSize(3)); // the reader's follow, comment and like
        activities
                .get("/api/activities/members/" + authorId)
                .bearer(readerToken)
                .send()
                .expect(200);
        activities
                .put("/api/activities/followings/seen")
                .bearer(readerToken)
                .json(Map.of("until", Instant.now().toString()))
                .send()
                .expect(204);
        activities
                .post("/api/activities")
                .bearer(readerToken)
                .json(Map.of("type", "POST_CREATED"))
                .send()
                .expect(403);
        activities.get("/api/activities/followings").send().expect(401);
    }

    private String signUp(String handle) {
        members.post("/api/members")
                .json(Map.of("handle", handle, "displayName", "Contract " + handle, "password", "password-" + handle))
                .send()
                .expect(201);
        return handle;
    }

    private String logIn(String handle) {
        return members.post("/api/auth/login")
                .json(Map.of("handle", handle, "password", "password-" + handle))
                .send()
                .expect(200)
                .read("$.accessToken");
    }
}
