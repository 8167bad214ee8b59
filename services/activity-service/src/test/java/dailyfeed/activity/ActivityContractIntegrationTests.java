package dailyfeed.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.events.EventType;
import dailyfeed.testsupport.ApiContract;
import dailyfeed.testsupport.TestTokens;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * activity-service's answers, ordinary and refusals, each checked against its own OpenAPI description by
 * {@link ApiContract}: any status, body, null or header the description does not allow fails the test.
 */
@ActivityServiceTest
class ActivityContractIntegrationTests {

    @LocalServerPort
    int port;

    ApiContract api;

    @BeforeEach
    void readTheDescription() {
        api = ApiContract.ofServiceAt(port);
    }

    @Test
    void describesItselfWithTitleVersionAndTheBearerScheme() {
        assertThat(api.description())
                .contains("\"title\":\"dailyfeed activity-service\"")
                .contains("\"openapi\":\"3.0")
                .contains("\"bearerFormat\":\"JWT\"")
                .doesNotContain("OpenAPI definition");
    }

    @Test
    void registrationAnswersAsDescribed() {
        long reader = Events.newMember();
        ActivityEvent follow = Events.follow(reader, Events.newMember(), Events.now());
        register(follow).expect(201);
        register(follow).expect(200);
        register(Events.withId(Events.unfollow(reader, follow.targetMemberId(), Events.now()), follow.eventId()))
                .expect(409);
        var invalid = api.post("/api/activities")
                .bearer(serviceToken())
                .json(ActivityEventJson.write(follow).replace("MEMBER_FOLLOWED", "MEMBER_EXPLODED"))
                .send()
                .expect(400);
        assertThat(invalid.<List<?>>read("$.errors")).hasSize(1);
        api.post("/api/activities")
                .bearer(serviceToken())
                .json("{\"eventId\": ")
                .send()
                .expect(400);
        api.post("/api/activities")
                .bearer(TestTokens.member(reader, "reader", "Reader"))
                .json(ActivityEventJson.write(follow))
                .send()
                .expect(403);
        api.post("/api/activities").json(ActivityEventJson.write(follow)).send().expect(401);
        api.post("/api/activities")
                .bearer(serviceToken())
                .json("{\"summary\":\"" + "x".repeat(70_000) + "\"}")
                .send()
                .expect(413);
    }

    @Test
    void feedsAnswerAsDescribedWithTheirNulls() {
        long reader = Events.newMember();
        long author = Events.newMember();
        long stranger = Events.newMember();
        Instant start = Events.now().minusSeconds(60);
        register(Events.follow(reader, author, start)).expect(201);
        register(Events.post(author, start.plusSeconds(1))).expect(201);
        register(Events.event(EventType.COMMENT_CREATED, author, start.plusSeconds(2), 7L, 8L, null, null, "top"))
                .expect(201);
        register(Events.event(EventType.COMMENT_CREATED, author, start.plusSeconds(3), 7L, 9L, 8L, null, "reply"))
                .expect(201);
        String token = TestTokens.member(reader, "reader", "Reader");

        var first = api.get("/api/activities/followings?size=2")
                .bearer(token)
                .send()
                .expect(200);
        assertThat(first.<Object>read("$.items[0].parentCommentId")).isEqualTo(8);
        assertThat(first.<Object>read("$.items[1].parentCommentId")).isNull();
        String cursor = first.read("$.nextCursor");
        var last = api.get("/api/activities/followings?size=2&cursor=" + cursor)
                .bearer(token)
                .send()
                .expect(200);
        assertThat(last.<Object>read("$.nextCursor")).isNull();
        api.get("/api/activities/followings?types=POST_CREATED,COMMENT_CREATED")
                .bearer(token)
                .send()
                .expect(200);
        api.get("/api/activities/followings?types=POST_EXPLODED")
                .bearer(token)
                .send()
                .expect(400);
        api.get("/api/activities/followings?size=101").bearer(token).send().expect(400);
        api.get("/api/activities/followings?cursor=not-a-cursor")
                .bearer(token)
                .send()
                .expect(400);
        api.get("/api/activities/followings").send().expect(401);
        api.get("/api/activities/followings").bearer(serviceToken()).send().expect(403);

        api.get("/api/activities/members/" + author).bearer(token).send().expect(200);
        api.get("/api/activities/members/" + stranger).bearer(token).send().expect(403);
    }

    @Test
    void theBannerAnswersAsDescribedWithItsNulls() {
        long reader = Events.newMember();
        String token = TestTokens.member(reader, "reader", "Reader");
        var unread = api.get("/api/activities/followings/unread-count")
                .bearer(token)
                .send()
                .expect(200);
        assertThat(unread.<Object>read("$.since")).isNull();
        api.put("/api/activities/followings/seen").bearer(token).send().expect(204);
        api.put("/api/activities/followings/seen")
                .bearer(token)
                .json(Map.of("until", Events.now().minusSeconds(1).toString()))
                .send()
                .expect(204);
        var future = api.put("/api/activities/followings/seen")
                .bearer(token)
                .json(Map.of("until", Events.now().plusSeconds(3600).toString()))
                .send()
                .expect(400);
        assertThat(future.<String>read("$.errors[0].field")).isEqualTo("until");
        assertThat(api.get("/api/activities/followings/unread-count")
                        .bearer(token)
                        .send()
                        .expect(200)
                        .<Object>read("$.since"))
                .isNotNull();
        api.get("/api/activities/followings/stream").send().expect(401);
    }

    private ApiContract.Answer register(ActivityEvent event) {
        return api.post("/api/activities")
                .bearer(serviceToken())
                .json(ActivityEventJson.write(event))
                .send();
    }

    private static String serviceToken() {
        return TestTokens.service("activities.write");
    }
}
