package dailyfeed.activity.feed;

import static dailyfeed.activity.ActivityApi.eventIds;
import static dailyfeed.activity.ActivityApi.items;
import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.activity.ActivityApi;
import dailyfeed.activity.ActivityServiceTest;
import dailyfeed.activity.Events;
import dailyfeed.activity.store.ActivityRecorder;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.EventType;
import dailyfeed.platform.paging.IdCursor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.transaction.support.TransactionTemplate;

@ActivityServiceTest
class FeedIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    ActivityRecorder recorder;

    @Autowired
    TransactionTemplate transactions;

    ActivityApi api;

    @BeforeEach
    void connect() {
        api = new ActivityApi(port);
    }

    @Test
    void theFeedShowsOnlyFolloweesActivitiesNewestFirst() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long ben = Events.newMember();
        long stranger = Events.newMember();
        Instant t = Events.now().minusSeconds(600);
        record(Events.follow(reader, ann, t), Events.follow(reader, ben, t));

        ActivityEvent annPost = Events.post(ann, t.plusSeconds(1));
        ActivityEvent strangerPost = Events.post(stranger, t.plusSeconds(2));
        ActivityEvent benComment = Events.of(EventType.COMMENT_CREATED, ben, t.plusSeconds(3));
        ActivityEvent readerPost = Events.post(reader, t.plusSeconds(4));
        ActivityEvent annLike = Events.of(EventType.POST_LIKED, ann, t.plusSeconds(5));
        ActivityEvent benSameInstant = Events.of(EventType.POST_UPDATED, ben, t.plusSeconds(5));
        record(annPost, strangerPost, benComment, readerPost);
        record(annLike);
        record(benSameInstant); // same instant, stored later: the larger id comes first

        Map<String, Object> page = api.page("/api/activities/followings", reader);
        assertThat(eventIds(page)).containsExactly(id(benSameInstant), id(annLike), id(benComment), id(annPost));
        assertThat(page.get("nextCursor")).isNull();

        Map<String, Object> item = items(page).get(2);
        assertThat(item)
                .containsEntry("eventId", id(benComment))
                .containsEntry("type", "COMMENT_CREATED")
                .containsEntry("occurredAt", benComment.occurredAt().toString())
                .containsEntry("targetMemberId", null)
                .containsEntry("summary", benComment.summary())
                .containsEntry(
                        "actor", Map.of("id", (int) ben, "handle", "member" + ben, "displayName", "Member " + ben));
        assertThat(((Number) item.get("postId")).longValue()).isEqualTo(benComment.postId());
        assertThat(((Number) item.get("commentId")).longValue()).isEqualTo(benComment.commentId());
        assertThat(((Number) item.get("parentCommentId")).longValue()).isEqualTo(benComment.parentCommentId());
        assertThat(((Number) item.get("id")).longValue()).isPositive();
        // a reply's group is its parent comment's replies, on the UTC day it occurred
        assertThat(item)
                .containsEntry(
                        "groupKey",
                        "COMMENT_CREATED-p%d-c%d-%s"
                                .formatted(
                                        benComment.postId(),
                                        benComment.parentCommentId(),
                                        benComment.occurredAt().toString().substring(0, 10)));
    }

    @Test
    void pagesHaveNoGapsOrRepeatsWhileActivitiesArrive() throws Exception {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long ben = Events.newMember();
        Instant t = Events.now().minusSeconds(3600);
        record(Events.follow(reader, ann, t), Events.follow(reader, ben, t));
        List<String> before = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            // pairs share an instant, so the id decides between them
            ActivityEvent event = Events.post(i % 2 == 0 ? ann : ben, t.plusSeconds(1 + i / 2));
            record(event);
            before.add(id(event));
        }

        // while the client pages, followees keep acting: new activities, and late ones from the past
        AtomicBoolean paging = new AtomicBoolean(true);
        AtomicInteger written = new AtomicInteger();
        CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
            while (paging.get()) {
                int n = written.incrementAndGet();
                record(Events.post(n % 2 == 0 ? ann : ben, n % 3 == 0 ? t.minusSeconds(n) : Events.now()));
            }
        });
        List<Map<String, Object>> seen = new ArrayList<>();
        try {
            String cursor = null;
            do {
                Map<String, Object> page = api.page(
                        "/api/activities/followings?size=7" + (cursor == null ? "" : "&cursor=" + cursor), reader);
                assertThat(items(page)).hasSizeLessThanOrEqualTo(7);
                seen.addAll(items(page));
                cursor = (String) page.get("nextCursor");
                record(Events.post(ann, Events.now()), Events.post(ben, t.minusSeconds(10_000 + seen.size())));
            } while (cursor != null);
        } finally {
            paging.set(false);
            writer.get(10, TimeUnit.SECONDS);
        }

        List<String> ids =
                seen.stream().map(item -> (String) item.get("eventId")).toList();
        assertThat(ids).doesNotHaveDuplicates().containsAll(before);
        assertThat(written.get()).isPositive();
        // strictly newest first by (occurredAt, id) across all pages
        Comparator<Map<String, Object>> newestFirst = Comparator.comparing(
                        (Map<String, Object> item) -> Instant.parse((String) item.get("occurredAt")))
                .thenComparing(item -> ((Number) item.get("id")).longValue())
                .reversed();
        assertThat(seen).isSortedAccordingTo(newestFirst);
    }

    @Test
    void anUnfollowedMemberLeavesTheFeed() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long ben = Events.newMember();
        Instant t = Events.now().minusSeconds(600);
        record(Events.follow(reader, ann, t), Events.follow(reader, ben, t));
        ActivityEvent annPost = Events.post(ann, t.plusSeconds(1));
        ActivityEvent benPost = Events.post(ben, t.plusSeconds(2));
        record(annPost, benPost);
        assertThat(eventIds(api.page("/api/activities/followings", reader))).containsExactly(id(benPost), id(annPost));

        record(Events.unfollow(reader, ben, t.plusSeconds(3)));

        assertThat(eventIds(api.page("/api/activities/followings", reader))).containsExactly(id(annPost));
        api.get("/api/activities/members/" + ben, reader).expectStatus().isForbidden();
    }

    @Test
    void typesFilterTheFeedAndUnknownTypesSizesAndCursorsAre400() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        Instant t = Events.now().minusSeconds(600);
        record(Events.follow(reader, ann, t));
        ActivityEvent post = Events.post(ann, t.plusSeconds(1));
        ActivityEvent comment = Events.of(EventType.COMMENT_CREATED, ann, t.plusSeconds(2));
        ActivityEvent like = Events.of(EventType.POST_LIKED, ann, t.plusSeconds(3));
        record(post, comment, like);

        assertThat(eventIds(api.page("/api/activities/followings?types=POST_CREATED,COMMENT_CREATED", reader)))
                .containsExactly(id(comment), id(post));
        assertThat(eventIds(api.page("/api/activities/followings?types=POST_LIKED", reader)))
                .containsExactly(id(like));

        api.get("/api/activities/followings?types=POST_CREATED,POST_EXPLODED", reader)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("types");
        for (String query : List.of("size=0", "size=101", "size=x")) {
            api.get("/api/activities/followings?" + query, reader)
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        // not base64, a cursor of an id-ordered list, base64url of "yesterday|5"
        for (String cursor : List.of("%21%21not-ours", new IdCursor(5).encode(), "eWVzdGVyZGF5fDU")) {
            api.get("/api/activities/followings?cursor=" + cursor, reader)
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("cursor");
        }
    }

    @Test
    void oneMembersActivitiesAreForThemAndTheirFollowersOnly() {
        long ann = Events.newMember();
        long follower = Events.newMember();
        long stranger = Events.newMember();
        Instant t = Events.now().minusSeconds(600);
        record(Events.follow(follower, ann, t));
        List<String> annEvents = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            ActivityEvent event = Events.post(ann, t.plusSeconds(10 - i));
            record(event);
            annEvents.add(id(event));
        }
        record(Events.post(stranger, t));

        Map<String, Object> first = api.page("/api/activities/members/" + ann + "?size=3", follower);
        assertThat(eventIds(first)).containsExactlyElementsOf(annEvents.subList(0, 3));
        Map<String, Object> second =
                api.page("/api/activities/members/" + ann + "?size=3&cursor=" + first.get("nextCursor"), follower);
        assertThat(eventIds(second)).containsExactlyElementsOf(annEvents.subList(3, 5));
        assertThat(second.get("nextCursor")).isNull();

        assertThat(eventIds(api.page("/api/activities/members/" + ann, ann))).containsExactlyElementsOf(annEvents);
        api.get("/api/activities/members/" + ann, stranger)
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(403);
    }

    @Test
    void tokensDecideWhoMayCallWhat() {
        long member = Events.newMember();
        for (String path : List.of(
                "/api/activities/followings",
                "/api/activities/members/1",
                "/api/activities/followings/unread-count",
                "/api/activities/followings/stream")) {
            api.client()
                    .get()
                    .uri(path)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            api.client()
                    .get()
                    .uri(path)
                    .header(
                            HttpHeaders.AUTHORIZATION,
                            "Bearer " + dailyfeed.testsupport.TestTokens.expiredMember(member, "m" + member, "M"))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
            // a service token is not a member: it has no followings
            api.client()
                    .get()
                    .uri(path)
                    .header(HttpHeaders.AUTHORIZATION, ActivityApi.serviceBearer())
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        api.client()
                .put()
                .uri("/api/activities/followings/seen")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        api.client()
                .put()
                .uri("/api/activities/followings/seen")
                .header(HttpHeaders.AUTHORIZATION, ActivityApi.serviceBearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        api.client().get().uri("/actuator/health").exchange().expectStatus().isOk();
        api.client().post().uri("/actuator/metrics").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theUnreadCountFollowsTheSeenMarkerWhichOnlyMovesForward() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long stranger = Events.newMember();
        Instant t = Events.now().minusSeconds(600);
        record(Events.follow(reader, ann, t));
        record(Events.post(ann, t.plusSeconds(1)), Events.post(ann, t.plusSeconds(2)), Events.post(stranger, t));

        Map<String, Object> first = unread(reader);
        assertThat(first.get("count")).isEqualTo(2);
        assertThat(first.get("since")).isNull();
        Instant asOf = Instant.parse((String) first.get("asOf"));

        markSeen(reader, "{\"until\":\"" + asOf + "\"}");
        Instant since = Instant.parse((String) unread(reader).get("since"));
        assertThat(since).isBeforeOrEqualTo(asOf);
        assertUnread(reader, 0, since);

        record(Events.post(ann, Events.now()));
        assertUnread(reader, 1, since);
        markSeen(reader, "{\"until\":\"" + since.minusSeconds(60) + "\"}"); // backwards: ignored
        assertUnread(reader, 1, since);

        markSeen(reader, null); // no body: everything that has arrived
        Map<String, Object> cleared = unread(reader);
        assertThat(cleared.get("count")).isEqualTo(0);
        assertThat(Instant.parse((String) cleared.get("since"))).isAfter(since);
        since = Instant.parse((String) cleared.get("since"));

        api.client()
                .put()
                .uri("/api/activities/followings/seen")
                .header(HttpHeaders.AUTHORIZATION, ActivityApi.memberBearer(reader))
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"until\":\"" + Instant.now().plusSeconds(86_400) + "\"}")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("until");
        api.client()
                .put()
                .uri("/api/activities/followings/seen")
                .header(HttpHeaders.AUTHORIZATION, ActivityApi.memberBearer(reader))
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"until\":\"last tuesday\"}")
                .exchange()
                .expectStatus()
                .isBadRequest();
        assertUnread(reader, 0, since);
    }

    @Test
    void anActivityThatArrivesAfterTheMarkerIsNewHoweverLongAgoItOccurred() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        Instant t = Events.now().minusSeconds(3_600);
        record(Events.follow(reader, ann, t), Events.post(ann, t.plusSeconds(1)));
        markSeen(reader, null);
        assertThat(unread(reader).get("count")).isEqualTo(0);

        // an hour late (Kafka was down, the relay backed off ...): it occurred long before the marker, arrived after it
        ActivityEvent late = Events.post(ann, t.plusSeconds(2));
        record(late);

        assertThat(unread(reader).get("count")).isEqualTo(1);
        Map<String, Object> item =
                items(api.page("/api/activities/followings", reader)).get(0);
        assertThat(item.get("eventId")).isEqualTo(id(late));
        assertThat(Instant.parse((String) item.get("arrivedAt")))
                .isAfter(Instant.parse((String) item.get("occurredAt")));
    }

    @Test
    void noActivityIsBornSeen() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        Instant t = Events.now().minusSeconds(60);
        record(Events.follow(reader, ann, t));
        ActivityEvent storing = Events.post(ann, t.plusSeconds(1));

        // the reader marks everything seen while this activity is stored but not yet committed: it was not visible,
        // so it must not be seen when it becomes visible
        transactions.executeWithoutResult(status -> {
            record(storing);
            markSeen(reader, null);
            assertThat(unread(reader).get("count")).isEqualTo(0);
        });

        assertThat(unread(reader).get("count")).isEqualTo(1);
        markSeen(reader, null);
        assertThat(unread(reader).get("count")).isEqualTo(0);
    }

    private Map<String, Object> unread(long member) {
        return api.page("/api/activities/followings/unread-count", member);
    }

    private void assertUnread(long member, int count, Instant since) {
        Map<String, Object> unread = api.page("/api/activities/followings/unread-count", member);
        assertThat(unread.get("count")).isEqualTo(count);
        assertThat(unread.get("since")).isEqualTo(since == null ? null : since.toString());
    }

    private void markSeen(long member, String body) {
        var request = api.client()
                .put()
                .uri("/api/activities/followings/seen")
                .header(HttpHeaders.AUTHORIZATION, ActivityApi.memberBearer(member));
        if (body != null) {
            request.contentType(MediaType.APPLICATION_JSON).body(body);
        }
        request.exchange().expectStatus().isNoContent();
    }

    private void record(ActivityEvent... events) {
        recorder.record(List.of(events));
    }

    private static String id(ActivityEvent event) {
        return event.eventId().toString();
    }
}
