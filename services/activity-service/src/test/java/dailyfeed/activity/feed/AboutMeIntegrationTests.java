package dailyfeed.activity.feed;

import static dailyfeed.activity.ActivityApi.eventIds;
import static dailyfeed.activity.ActivityApi.items;
import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.activity.ActivityApi;
import dailyfeed.activity.ActivityServiceTest;
import dailyfeed.activity.Events;
import dailyfeed.activity.store.ActivityRecorder;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEvent.Targets;
import dailyfeed.events.EventType;
import dailyfeed.platform.paging.IdCursor;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * "About me": what others did to the caller's posts and comments and to the caller, followed or not; never the
 * caller's own actions, never likes and follows taken back the same day.
 */
@ActivityServiceTest
class AboutMeIntegrationTests {

    /** A UTC day in the past, so that every instant of it is accepted and none of it crosses midnight by accident. */
    private static final Instant DAY = Events.now().truncatedTo(ChronoUnit.DAYS).minus(2, ChronoUnit.DAYS);

    /** {@link #DAY} as group keys write it. */
    private static final String DAY_TEXT =
            LocalDate.ofInstant(DAY, ZoneOffset.UTC).toString();

    @LocalServerPort
    int port;

    @Autowired
    ActivityRecorder recorder;

    ActivityApi api;

    @BeforeEach
    void connect() {
        api = new ActivityApi(port);
    }

    @Test
    void whatOthersDoToMyPostsCommentsAndMeIsAboutMeWhetherIFollowThemOrNot() {
        long ann = Events.newMember();
        long ben = Events.newMember();
        long stranger = Events.newMember();
        long post = Events.newId();
        long benPost = Events.newId();
        long annComment = Events.newId();
        long strangerComment = Events.newId();
        ActivityEvent annFollowsBen =
                Events.follow(ann, ben, at(0)); // without owners, as before: about ben all the same
        record(annFollowsBen);
        record(
                Events.of(EventType.POST_CREATED, ann, at(1), Targets.post(post, ann)),
                Events.of(EventType.POST_CREATED, ben, at(1), Targets.post(benPost, ben)));

        ActivityEvent ownComment =
                Events.of(EventType.COMMENT_CREATED, ann, at(2), Targets.newComment(post, ann, annComment, null, ann));
        ActivityEvent ownLike = Events.of(EventType.POST_LIKED, ann, at(3), Targets.post(post, ann));
        ActivityEvent strangerLike = Events.of(EventType.POST_LIKED, stranger, at(4), Targets.post(post, ann));
        ActivityEvent strangerComments = Events.of(
                EventType.COMMENT_CREATED, stranger, at(5), Targets.newComment(post, ann, strangerComment, null, ann));
        ActivityEvent benLikesAnnsComment =
                Events.of(EventType.COMMENT_LIKED, ben, at(6), Targets.comment(post, ann, annComment, null, ann));
        // on ann's post, but about the stranger's own comment; and edits are about no one
        ActivityEvent strangerEdits = Events.of(
                EventType.COMMENT_UPDATED,
                stranger,
                at(7),
                Targets.comment(post, ann, strangerComment, null, stranger));
        ActivityEvent annLikesBensPost = Events.of(EventType.POST_LIKED, ann, at(8), Targets.post(benPost, ben));
        ActivityEvent strangerFollowsAnn = Events.of(EventType.MEMBER_FOLLOWED, stranger, at(9), Targets.member(ann));
        ActivityEvent strangerLikesBensPost =
                Events.of(EventType.POST_LIKED, stranger, at(10), Targets.post(benPost, ben));
        record(
                ownComment,
                ownLike,
                strangerLike,
                strangerComments,
                benLikesAnnsComment,
                strangerEdits,
                annLikesBensPost,
                strangerFollowsAnn,
                strangerLikesBensPost);

        Map<String, Object> page = api.page("/api/activities/about-me", ann);
        assertThat(eventIds(page))
                .containsExactly(
                        id(strangerFollowsAnn), id(benLikesAnnsComment), id(strangerComments), id(strangerLike));
        assertThat(page.get("nextCursor")).isNull();
        Map<String, Object> like = items(page).get(3);
        assertThat(like)
                .containsEntry("type", "POST_LIKED")
                .containsEntry("occurredAt", strangerLike.occurredAt().toString())
                .containsEntry("groupKey", "POST_LIKED-p" + post + "-" + day(strangerLike))
                .containsEntry(
                        "actor",
                        Map.of(
                                "id",
                                (int) stranger,
                                "handle",
                                "member" + stranger,
                                "displayName",
                                "Member " + stranger));
        assertThat(((Number) like.get("postId")).longValue()).isEqualTo(post);

        assertThat(eventIds(api.page("/api/activities/about-me", ben)))
                .containsExactly(id(strangerLikesBensPost), id(annLikesBensPost), id(annFollowsBen));
    }

    @Test
    void aReplyIsAboutTheAuthorOfTheCommentItAnswersAndTheAuthorOfThePostOnce() {
        long ann = Events.newMember();
        long ben = Events.newMember();
        long cid = Events.newMember();
        long dan = Events.newMember();
        long post = Events.newId();
        long benComment = Events.newId();
        long annComment = Events.newId();
        long cidReply = Events.newId();
        record(Events.of(EventType.POST_CREATED, ann, at(0), Targets.post(post, ann)));

        ActivityEvent benComments =
                Events.of(EventType.COMMENT_CREATED, ben, at(1), Targets.newComment(post, ann, benComment, null, ann));
        ActivityEvent cidRepliesToBen = Events.of(
                EventType.COMMENT_CREATED, cid, at(2), Targets.newComment(post, ann, cidReply, benComment, ben));
        ActivityEvent annRepliesToBen = Events.of(
                EventType.COMMENT_CREATED, ann, at(3), Targets.newComment(post, ann, Events.newId(), benComment, ben));
        ActivityEvent benRepliesToCid = Events.of(
                EventType.COMMENT_CREATED, ben, at(4), Targets.newComment(post, ann, Events.newId(), cidReply, cid));
        ActivityEvent annComments =
                Events.of(EventType.COMMENT_CREATED, ann, at(5), Targets.newComment(post, ann, annComment, null, ann));
        // ann wrote both the post and the comment answered: one line for her, not two
        ActivityEvent cidRepliesToAnn = Events.of(
                EventType.COMMENT_CREATED, cid, at(6), Targets.newComment(post, ann, Events.newId(), annComment, ann));
        // a like of a comment is about the comment's author only, not about the post's
        ActivityEvent danLikesCidsReply =
                Events.of(EventType.COMMENT_LIKED, dan, at(7), Targets.comment(post, ann, cidReply, benComment, cid));
        record(
                benComments,
                cidRepliesToBen,
                annRepliesToBen,
                benRepliesToCid,
                annComments,
                cidRepliesToAnn,
                danLikesCidsReply);

        assertThat(eventIds(api.page("/api/activities/about-me", ann)))
                .containsExactly(id(cidRepliesToAnn), id(benRepliesToCid), id(cidRepliesToBen), id(benComments));
        assertThat(eventIds(api.page("/api/activities/about-me", ben)))
                .containsExactly(id(annRepliesToBen), id(cidRepliesToBen));
        assertThat(eventIds(api.page("/api/activities/about-me", cid)))
                .containsExactly(id(danLikesCidsReply), id(benRepliesToCid));
        Map<String, Object> reply =
                items(api.page("/api/activities/about-me", ben)).get(1);
        assertThat(((Number) reply.get("parentCommentId")).longValue()).isEqualTo(benComment);
        assertThat(reply).containsEntry("groupKey", "COMMENT_CREATED-p" + post + "-c" + benComment + "-" + DAY_TEXT);
    }

    @Test
    void aFollowIsAboutTheFollowedMemberUnlessTakenBackTheSameUtcDay() {
        long ann = Events.newMember();
        long ben = Events.newMember();
        long cid = Events.newMember();
        long dan = Events.newMember();

        ActivityEvent benFollows = Events.of(EventType.MEMBER_FOLLOWED, ben, at(60), Targets.member(ann));
        ActivityEvent cidFollows = Events.of(EventType.MEMBER_FOLLOWED, cid, at(120), Targets.member(ann));
        record(benFollows, cidFollows);
        assertThat(eventIds(api.page("/api/activities/about-me", ann))).containsExactly(id(cidFollows), id(benFollows));

        record(Events.of(EventType.MEMBER_UNFOLLOWED, cid, at(180), Targets.member(ann)));
        assertThat(eventIds(api.page("/api/activities/about-me", ann))).containsExactly(id(benFollows));

        ActivityEvent cidFollowsAgain = Events.of(EventType.MEMBER_FOLLOWED, cid, at(240), Targets.member(ann));
        // late in the day, taken back after midnight UTC: the next day's unfollow does not undo it
        ActivityEvent danFollowsLate = Events.of(
                EventType.MEMBER_FOLLOWED, dan, DAY.plus(Duration.ofHours(24)).minusSeconds(1), Targets.member(ann));
        record(cidFollowsAgain, danFollowsLate);
        record(Events.of(
                EventType.MEMBER_UNFOLLOWED, dan, DAY.plus(Duration.ofHours(24)).plusSeconds(1), Targets.member(ann)));

        Map<String, Object> page = api.page("/api/activities/about-me", ann);
        assertThat(eventIds(page)).containsExactly(id(danFollowsLate), id(cidFollowsAgain), id(benFollows));
        assertThat(items(page)).extracting(item -> item.get("type")).containsOnly("MEMBER_FOLLOWED");
        assertThat(items(page).get(1)).containsEntry("groupKey", "MEMBER_FOLLOWED-m" + ann + "-" + DAY_TEXT);
    }

    @Test
    void aLikeTakenBackTheSameUtcDayIsGoneAndALikeAgainIsBack() {
        long ann = Events.newMember();
        long ben = Events.newMember();
        long cid = Events.newMember();
        long dan = Events.newMember();
        long post = Events.newId();
        long comment = Events.newId();
        record(
                Events.follow(ann, ben, at(0)),
                Events.of(EventType.POST_CREATED, ann, at(0), Targets.post(post, ann)),
                Events.of(EventType.COMMENT_CREATED, ann, at(1), Targets.newComment(post, ann, comment, null, ann)));

        ActivityEvent like = Events.of(EventType.POST_LIKED, ben, at(10), Targets.post(post, ann));
        record(like);
        assertThat(eventIds(api.page("/api/activities/about-me", ann))).containsExactly(id(like));

        ActivityEvent unlike = Events.of(EventType.POST_UNLIKED, ben, at(15), Targets.post(post, ann));
        record(unlike);
        assertThat(items(api.page("/api/activities/about-me", ann))).isEmpty();

        ActivityEvent likeAgain = Events.of(EventType.POST_LIKED, ben, at(20), Targets.post(post, ann));
        ActivityEvent commentLike =
                Events.of(EventType.COMMENT_LIKED, ben, at(21), Targets.comment(post, ann, comment, null, ann));
        record(likeAgain, commentLike);
        assertThat(eventIds(api.page("/api/activities/about-me", ann))).containsExactly(id(commentLike), id(likeAgain));

        // an unlike that arrives before its like (another partition, a redrive) undoes it all the same
        ActivityEvent commentUnlike =
                Events.of(EventType.COMMENT_UNLIKED, ben, at(22), Targets.comment(post, ann, comment, null, ann));
        ActivityEvent cidLike = Events.of(EventType.POST_LIKED, cid, at(30), Targets.post(post, ann));
        ActivityEvent cidUnlike = Events.of(EventType.POST_UNLIKED, cid, at(31), Targets.post(post, ann));
        record(commentUnlike, cidUnlike);
        record(cidLike);
        // liked just before midnight UTC, taken back just after: another day, the like stays
        ActivityEvent danLikesLate = Events.of(
                EventType.POST_LIKED, dan, DAY.plus(Duration.ofHours(24)).minusNanos(1_000), Targets.post(post, ann));
        record(
                danLikesLate,
                Events.of(EventType.POST_UNLIKED, dan, DAY.plus(Duration.ofHours(24)), Targets.post(post, ann)));

        assertThat(eventIds(api.page("/api/activities/about-me", ann)))
                .containsExactly(id(danLikesLate), id(likeAgain));
        // the flat feed shows everything that happened, taken back or not
        assertThat(eventIds(api.page("/api/activities/followings?types=POST_LIKED,POST_UNLIKED", ann)))
                .containsExactly(id(likeAgain), id(unlike), id(like));
    }

    @Test
    void anEventWithoutOwnersReachesTheAuthorsThroughTheStoredPostAndComments() {
        long ann = Events.newMember();
        long ben = Events.newMember();
        long cid = Events.newMember();
        long dan = Events.newMember();
        long post = Events.newId();
        long benComment = Events.newId();
        // all written by producers of before the owners existed
        record(Events.withoutOwners(Events.of(EventType.POST_CREATED, ann, at(0), Targets.post(post, ann))));
        ActivityEvent benComments = Events.withoutOwners(
                Events.of(EventType.COMMENT_CREATED, ben, at(1), Targets.newComment(post, ann, benComment, null, ann)));
        ActivityEvent cidReplies = Events.withoutOwners(Events.of(
                EventType.COMMENT_CREATED, cid, at(2), Targets.newComment(post, ann, Events.newId(), benComment, ben)));
        ActivityEvent danLikesPost =
                Events.withoutOwners(Events.of(EventType.POST_LIKED, dan, at(3), Targets.post(post, ann)));
        ActivityEvent danLikesComment = Events.withoutOwners(
                Events.of(EventType.COMMENT_LIKED, dan, at(4), Targets.comment(post, ann, benComment, null, ben)));
        ActivityEvent danFollowsAnn =
                Events.withoutOwners(Events.of(EventType.MEMBER_FOLLOWED, dan, at(5), Targets.member(ann)));
        record(benComments);
        record(cidReplies, danLikesPost, danLikesComment, danFollowsAnn);
        assertThat(benComments.targetOwnerId()).isNull();
        assertThat(benComments.postOwnerId()).isNull();

        assertThat(eventIds(api.page("/api/activities/about-me", ann)))
                .containsExactly(id(danFollowsAnn), id(danLikesPost), id(cidReplies), id(benComments));
        assertThat(eventIds(api.page("/api/activities/about-me", ben)))
                .containsExactly(id(danLikesComment), id(cidReplies));
        assertThat(items(api.page("/api/activities/about-me", dan))).isEmpty();
    }

    @Test
    void aboutMeIsPagedNewestFirstWithoutGapsOrRepeatsAndFilteredByType() {
        long ann = Events.newMember();
        long post = Events.newId();
        record(Events.of(EventType.POST_CREATED, ann, at(0), Targets.post(post, ann)));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            // pairs share an instant, so the id decides between them
            long liker = Events.newMember();
            ActivityEvent event = i % 3 == 2
                    ? Events.of(EventType.MEMBER_FOLLOWED, liker, at(1 + i / 2), Targets.member(ann))
                    : Events.of(EventType.POST_LIKED, liker, at(1 + i / 2), Targets.post(post, ann));
            record(event);
            expected.add(0, id(event));
        }

        List<Map<String, Object>> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page =
                    api.page("/api/activities/about-me?size=3" + (cursor == null ? "" : "&cursor=" + cursor), ann);
            assertThat(items(page)).hasSizeLessThanOrEqualTo(3);
            seen.addAll(items(page));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        assertThat(seen).extracting(item -> item.get("eventId")).containsExactlyElementsOf(expected);
        assertThat(seen)
                .isSortedAccordingTo(Comparator.comparing(
                                (Map<String, Object> item) -> Instant.parse((String) item.get("occurredAt")))
                        .thenComparing(item -> ((Number) item.get("id")).longValue())
                        .reversed());

        assertThat(items(api.page("/api/activities/about-me?types=MEMBER_FOLLOWED", ann)))
                .extracting(item -> item.get("type"))
                .containsExactly("MEMBER_FOLLOWED", "MEMBER_FOLLOWED");
        assertThat(items(api.page("/api/activities/about-me?types=POST_LIKED,COMMENT_CREATED", ann)))
                .hasSize(6)
                .extracting(item -> item.get("type"))
                .containsOnly("POST_LIKED");

        api.get("/api/activities/about-me?types=POST_LIKED,POST_EXPLODED", ann)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("types");
        for (String query : List.of(
                "size=0", "size=101", "size=x", "cursor=%21%21not-ours", "cursor=" + new IdCursor(5).encode())) {
            api.get("/api/activities/about-me?" + query, ann)
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        api.client()
                .get()
                .uri("/api/activities/about-me")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        // a service token is not a member: nothing is about it
        api.client()
                .get()
                .uri("/api/activities/about-me")
                .header(HttpHeaders.AUTHORIZATION, ActivityApi.serviceBearer())
                .exchange()
                .expectStatus()
                .isForbidden();
    }

    /** {@code minutes} after 09:00 of {@link #DAY}. */
    private static Instant at(int minutes) {
        return DAY.plus(Duration.ofHours(9)).plus(Duration.ofMinutes(minutes));
    }

    private static String day(ActivityEvent event) {
        return LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC).toString();
    }

    private void record(ActivityEvent... events) {
        recorder.record(List.of(events));
    }

    private static String id(ActivityEvent event) {
        return event.eventId().toString();
    }
}
