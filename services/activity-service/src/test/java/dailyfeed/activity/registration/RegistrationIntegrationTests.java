package dailyfeed.activity.registration;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.activity.ActivityApi;
import dailyfeed.activity.ActivityServiceTest;
import dailyfeed.activity.Events;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

@ActivityServiceTest
class RegistrationIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    ActivityApi api;

    @BeforeEach
    void connect() {
        api = new ActivityApi(port);
    }

    @Test
    void aServiceRegistersAnActivityOnceAndIsToldWhenItWasAlreadyStored() {
        ActivityEvent event = Events.of(EventType.COMMENT_CREATED, Events.newMember(), Events.now());
        String body = ActivityEventJson.write(event);

        Map<String, Object> created = register(body, ActivityApi.serviceBearer())
                .expectStatus()
                .isCreated()
                .expectBody(ActivityApi.JSON)
                .returnResult()
                .getResponseBody();
        assertThat(created)
                .containsEntry("eventId", event.eventId().toString())
                .containsEntry("type", "COMMENT_CREATED")
                .containsEntry("occurredAt", event.occurredAt().toString())
                .containsEntry("summary", event.summary());

        Map<String, Object> again = register(body, ActivityApi.serviceBearer())
                .expectStatus()
                .isOk()
                .expectBody(ActivityApi.JSON)
                .returnResult()
                .getResponseBody();
        assertThat(again).isEqualTo(created);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM member_activities WHERE event_id = ?", Integer.class, event.eventId()))
                .isEqualTo(1);
    }

    @Test
    void aKnownEventIdIsTheSameEventOnlyWithTheSameBodyAndAnotherBodyIs409AndChangesNothing() {
        long follower = Events.newMember();
        long followee = Events.newMember();
        long other = Events.newMember();
        ActivityEvent follow = Events.follow(follower, followee, Events.now().minusSeconds(10));
        register(ActivityEventJson.write(follow), ActivityApi.serviceBearer())
                .expectStatus()
                .isCreated();

        ActivityEvent unfollow = Events.withId(Events.unfollow(follower, followee, Events.now()), follow.eventId());
        ActivityEvent followOther = Events.withId(Events.follow(follower, other, Events.now()), follow.eventId());
        for (ActivityEvent differentBody : List.of(unfollow, followOther)) {
            register(ActivityEventJson.write(differentBody), ActivityApi.serviceBearer())
                    .expectStatus()
                    .isEqualTo(409)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(409);
        }
        register(ActivityEventJson.write(follow), ActivityApi.serviceBearer())
                .expectStatus()
                .isOk();

        // the graph, the follower's activities and the stored event are as the first body left them
        api.get("/api/activities/members/" + followee, follower).expectStatus().isOk();
        api.get("/api/activities/members/" + other, follower).expectStatus().isForbidden();
        assertThat(ActivityApi.eventIds(api.page("/api/activities/members/" + follower, follower)))
                .containsExactly(follow.eventId().toString());
        assertThat(jdbc.queryForObject(
                        "SELECT type FROM member_activities WHERE event_id = ?", String.class, follow.eventId()))
                .isEqualTo("MEMBER_FOLLOWED");
    }

    @Test
    void aStoredEventWhoseTextWasWithdrawnIsStillTheSameEvent() {
        long member = Events.newMember();
        long postId = Events.newMember();
        ActivityEvent like = Events.event(
                EventType.POST_LIKED,
                member,
                Events.now().minusSeconds(5),
                postId,
                null,
                null,
                null,
                "the post's title");
        register(ActivityEventJson.write(like), ActivityApi.serviceBearer())
                .expectStatus()
                .isCreated();
        register(
                        ActivityEventJson.write(Events.event(
                                EventType.POST_DELETED,
                                Events.newMember(),
                                Events.now(),
                                postId,
                                null,
                                null,
                                null,
                                "")),
                        ActivityApi.serviceBearer())
                .expectStatus()
                .isCreated();

        // the stored row lost its summary, and a copy of what was received is still recognised
        register(ActivityEventJson.write(like), ActivityApi.serviceBearer())
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.summary")
                .isEqualTo("");
        register(
                        ActivityEventJson.write(Events.withId(
                                Events.event(
                                        EventType.POST_LIKED,
                                        member,
                                        like.occurredAt(),
                                        postId,
                                        null,
                                        null,
                                        null,
                                        "another title"),
                                like.eventId())),
                        ActivityApi.serviceBearer())
                .expectStatus()
                .isEqualTo(409);
    }

    @Test
    void anOccurredAtInTheFutureOrBeforeDailyfeedIs400AndStoresNothing() {
        long member = Events.newMember();
        for (Instant at : List.of(
                Events.now().plus(Duration.ofMinutes(10)),
                Instant.parse("2019-12-31T23:59:59Z"),
                Instant.parse("+300000-01-01T00:00:00Z"))) {
            register(ActivityEventJson.write(Events.post(member, at)), ActivityApi.serviceBearer())
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("occurredAt");
        }
        // within the allowed drift of clocks
        register(
                        ActivityEventJson.write(Events.post(member, Events.now().plus(Duration.ofMinutes(1)))),
                        ActivityApi.serviceBearer())
                .expectStatus()
                .isCreated();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM member_activities WHERE actor_id = ?", Integer.class, member))
                .isEqualTo(1);
    }

    @Test
    void membersMayNotRegisterActivities() {
        long member = Events.newMember();
        String body = ActivityEventJson.write(Events.post(member, Events.now()));

        register(body, ActivityApi.memberBearer(member))
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        register(body, null).expectStatus().isUnauthorized();
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM member_activities WHERE actor_id = ?", Integer.class, member))
                .isZero();
    }

    @Test
    void aRegisteredFollowChangesTheFollowGraph() {
        long follower = Events.newMember();
        long followee = Events.newMember();
        register(ActivityEventJson.write(Events.follow(follower, followee, Events.now())), ActivityApi.serviceBearer())
                .expectStatus()
                .isCreated();

        api.get("/api/activities/members/" + followee, follower).expectStatus().isOk();
    }

    @Test
    void invalidEventsAre400AndStoreNothing() {
        long member = Events.newMember();
        String valid = ActivityEventJson.write(Events.post(member, Events.now()));
        Map<String, String> invalid = Map.of(
                "eventId", valid.replaceFirst("\"eventId\":\"[^\"]+\",", ""),
                "type", valid.replace("POST_CREATED", "POST_EXPLODED"),
                "postId", valid.replaceFirst("\"postId\":\\d+", "\"postId\":null"),
                "actor.handle", valid.replace("\"handle\":\"member" + member + "\"", "\"handle\":\" \""),
                "schemaVersion", valid.replace("\"schemaVersion\":1", "\"schemaVersion\":7"),
                // PostgreSQL cannot store NUL (this was a 500); an unpaired surrogate would be stored as "?"
                "actor.displayName",
                        valid.replaceFirst("\"displayName\":\"[^\"]*\"", "\"displayName\":\"a\\\\u0000b\""),
                "summary", valid.replaceFirst("\"summary\":(null|\"[^\"]*\")", "\"summary\":\"\\\\ud800\""),
                "targetMemberId",
                        ActivityEventJson.write(Events.event(
                                EventType.MEMBER_UNFOLLOWED, member, Events.now(), null, null, null, member, "me")));
        invalid.forEach((field, body) -> register(body, ActivityApi.serviceBearer())
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo(field));
        register("{\"eventId\": ", ActivityApi.serviceBearer())
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM member_activities WHERE actor_id = ?", Integer.class, member))
                .isZero();
    }

    private RestTestClient.ResponseSpec register(String body, String bearer) {
        var request = api.client().post().uri("/api/activities").contentType(MediaType.APPLICATION_JSON);
        if (bearer != null) {
            request.header(HttpHeaders.AUTHORIZATION, bearer);
        }
        return request.body(body).exchange();
    }
}
