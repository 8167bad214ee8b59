package dailyfeed.activity.feed;

import static dailyfeed.activity.ActivityApi.eventIds;
import static dailyfeed.activity.ActivityApi.items;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

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
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/**
 * The followings feed in groups: the followees' activities of one type on one target on one UTC day, newest group
 * first, paged stably; one group; a group's activities.
 */
@ActivityServiceTest
class GroupedFeedIntegrationTests {

    private static final String GROUPS = "/api/activities/followings/groups";

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
    void followeesLikingOnePostAreOneGroupWithItsCountsAndNewestActorsFirst() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long ben = Events.newMember();
        long cid = Events.newMember();
        long dan = Events.newMember();
        long stranger = Events.newMember();
        long author = Events.newMember();
        long post = Events.newId();
        long other = Events.newId();
        record(
                Events.follow(reader, ann, at(0)),
                Events.follow(reader, ben, at(0)),
                Events.follow(reader, cid, at(0)),
                Events.follow(reader, dan, at(0)),
                Events.of(EventType.POST_CREATED, author, at(0), Targets.post(post, author)));

        record(
                Events.of(EventType.POST_LIKED, ann, at(1), Targets.post(post, author)),
                Events.of(EventType.POST_LIKED, ben, at(2), Targets.post(post, author)),
                Events.of(EventType.POST_LIKED, cid, at(3), Targets.post(post, author)));
        ActivityEvent danLikes = Events.of(EventType.POST_LIKED, dan, at(4), Targets.post(post, author));
        record(
                danLikes,
                // not followed, or the reader: not in the reader's groups
                Events.of(EventType.POST_LIKED, stranger, at(5), Targets.post(post, author)),
                Events.of(EventType.POST_LIKED, reader, at(6), Targets.post(post, author)));
        ActivityEvent annLikesOther = Events.of(EventType.POST_LIKED, ann, at(7), Targets.post(other, author));
        record(annLikesOther);

        Map<String, Object> page = api.page(GROUPS, reader);
        String key = "POST_LIKED-p" + post + "-" + DAY_TEXT;
        assertThat(items(page))
                .extracting(group -> group.get("groupKey"), group -> group.get("count"))
                .containsExactly(tuple("POST_LIKED-p" + other + "-" + DAY_TEXT, 1), tuple(key, 4));
        assertThat(page.get("nextCursor")).isNull();
        Map<String, Object> group = items(page).get(1);
        assertThat(group)
                .containsEntry("type", "POST_LIKED")
                .containsEntry("count", 4)
                .containsEntry("actorCount", 4)
                .containsEntry("latestAt", danLikes.occurredAt().toString())
                .containsEntry("summary", danLikes.summary())
                .containsEntry("activitiesPath", GROUPS + "/" + key + "/activities")
                .containsEntry("sampleActors", List.of(actor(dan), actor(cid), actor(ben)));
        assertThat(target(group)).containsExactly(post, null, null);
        // the group alone is the same, and the activities' list is exactly its activities
        assertThat(api.page(GROUPS + "/" + key, reader)).isEqualTo(group);
        assertThat(items(api.page(GROUPS + "/" + key + "/activities", reader)))
                .extracting(item -> (Object) ((Map<?, ?>) item.get("actor")).get("id"))
                .containsExactly((int) dan, (int) cid, (int) ben, (int) ann);
        // the flat feed names each activity's group; the unread count still counts activities, not groups
        assertThat(items(api.page("/api/activities/followings", reader)))
                .extracting(item -> item.get("groupKey"))
                .containsExactly("POST_LIKED-p" + other + "-" + DAY_TEXT, key, key, key, key);
        assertThat(api.page("/api/activities/followings/unread-count", reader)).containsEntry("count", 5);
    }

    @Test
    void newCommentsGroupByThePostOrTheCommentTheyAnswerAndOtherTypesByTheirTarget() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long ben = Events.newMember();
        long cid = Events.newMember();
        long dan = Events.newMember();
        long followed = Events.newMember();
        long post = Events.newId();
        long annComment = Events.newId();
        record(
                Events.follow(reader, ann, at(0)),
                Events.follow(reader, ben, at(0)),
                Events.follow(reader, cid, at(0)),
                Events.follow(reader, dan, at(0)));

        List<ActivityEvent> comments = new ArrayList<>();
        long[] commenters = {ann, ben, ann, cid, dan, dan};
        for (int i = 0; i < commenters.length; i++) {
            long comment = i == 0 ? annComment : Events.newId();
            comments.add(Events.of(
                    EventType.COMMENT_CREATED,
                    commenters[i],
                    at(1 + i),
                    Targets.newComment(post, ann, comment, null, ann)));
        }
        ActivityEvent benReplies = Events.of(
                EventType.COMMENT_CREATED, ben, at(10), Targets.newComment(post, ann, Events.newId(), annComment, ann));
        ActivityEvent cidReplies = Events.of(
                EventType.COMMENT_CREATED, cid, at(11), Targets.newComment(post, ann, Events.newId(), annComment, ann));
        ActivityEvent benLikesComment =
                Events.of(EventType.COMMENT_LIKED, ben, at(12), Targets.comment(post, ann, annComment, null, ann));
        ActivityEvent annEditsComment =
                Events.of(EventType.COMMENT_UPDATED, ann, at(13), Targets.comment(post, ann, annComment, null, ann));
        ActivityEvent annFollows = Events.of(EventType.MEMBER_FOLLOWED, ann, at(14), Targets.member(followed));
        record(comments.toArray(ActivityEvent[]::new));
        record(benReplies, cidReplies, benLikesComment, annEditsComment, annFollows);

        List<Map<String, Object>> groups = items(api.page(GROUPS, reader));
        String onPost = "COMMENT_CREATED-p" + post + "-" + DAY_TEXT;
        String onComment = "COMMENT_CREATED-p" + post + "-c" + annComment + "-" + DAY_TEXT;
        assertThat(groups)
                .extracting(
                        group -> group.get("groupKey"),
                        group -> group.get("type"),
                        group -> group.get("count"),
                        group -> group.get("actorCount"))
                .containsExactly(
                        tuple("MEMBER_FOLLOWED-m" + followed + "-" + DAY_TEXT, "MEMBER_FOLLOWED", 1, 1),
                        tuple("COMMENT_UPDATED-p" + post + "-c" + annComment + "-" + DAY_TEXT, "COMMENT_UPDATED", 1, 1),
                        tuple("COMMENT_LIKED-p" + post + "-c" + annComment + "-" + DAY_TEXT, "COMMENT_LIKED", 1, 1),
                        tuple(onComment, "COMMENT_CREATED", 2, 2),
                        tuple(onPost, "COMMENT_CREATED", 6, 4));
        assertThat(groups)
                .extracting(GroupedFeedIntegrationTests::target)
                .containsExactly(
                        ids(null, null, followed),
                        ids(post, annComment, null),
                        ids(post, annComment, null),
                        ids(post, annComment, null),
                        ids(post, null, null));
        // six comments by four members: the newest distinct three, the newest comment's quote
        Map<String, Object> commentsGroup = groups.get(4);
        assertThat(commentsGroup)
                .containsEntry("sampleActors", List.of(actor(dan), actor(cid), actor(ann)))
                .containsEntry("latestAt", comments.get(5).occurredAt().toString())
                .containsEntry("summary", comments.get(5).summary());
        assertThat(groups.get(3)).containsEntry("sampleActors", List.of(actor(cid), actor(ben)));
        assertThat(eventIds(api.page(GROUPS + "/" + onComment + "/activities", reader)))
                .containsExactly(id(cidReplies), id(benReplies));
    }

    @Test
    void aLikeTakenBackTheSameDayLeavesItsGroupAndAGroupOfUndoneLikesIsNone() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long ben = Events.newMember();
        long cid = Events.newMember();
        long author = Events.newMember();
        long post = Events.newId();
        long other = Events.newId();
        record(Events.follow(reader, ann, at(0)), Events.follow(reader, ben, at(0)), Events.follow(reader, cid, at(0)));
        String key = "POST_LIKED-p" + post + "-" + DAY_TEXT;

        ActivityEvent annLikes = Events.of(EventType.POST_LIKED, ann, at(1), Targets.post(post, author));
        ActivityEvent benLikes = Events.of(EventType.POST_LIKED, ben, at(2), Targets.post(post, author));
        record(annLikes, benLikes);
        assertThat(api.page(GROUPS + "/" + key, reader)).containsEntry("count", 2);

        record(
                Events.of(EventType.POST_UNLIKED, ben, at(3), Targets.post(post, author)),
                Events.of(EventType.POST_LIKED, cid, at(4), Targets.post(other, author)),
                Events.of(EventType.POST_UNLIKED, cid, at(5), Targets.post(other, author)));

        Map<String, Object> group = api.page(GROUPS + "/" + key, reader);
        assertThat(group)
                .containsEntry("count", 1)
                .containsEntry("actorCount", 1)
                .containsEntry("sampleActors", List.of(actor(ann)))
                .containsEntry("latestAt", annLikes.occurredAt().toString());
        // neither undone likes nor their unlikes make a group
        assertThat(items(api.page(GROUPS, reader))).containsExactly(group);
        for (String empty : List.of(
                "POST_UNLIKED-p" + post + "-" + DAY_TEXT,
                "POST_LIKED-p" + other + "-" + DAY_TEXT,
                "POST_UNLIKED-p" + other + "-" + DAY_TEXT)) {
            api.get(GROUPS + "/" + empty, reader)
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(eventIds(api.page(GROUPS + "/" + key + "/activities", reader)))
                .containsExactly(id(annLikes));

        ActivityEvent benLikesAgain = Events.of(EventType.POST_LIKED, ben, at(6), Targets.post(post, author));
        record(benLikesAgain);
        assertThat(api.page(GROUPS + "/" + key, reader))
                .containsEntry("count", 2)
                .containsEntry("sampleActors", List.of(actor(ben), actor(ann)))
                .containsEntry("latestAt", benLikesAgain.occurredAt().toString());
        assertThat(eventIds(api.page(GROUPS + "/" + key + "/activities", reader)))
                .containsExactly(id(benLikesAgain), id(annLikes));
        // the flat feed shows everything that happened, taken back or not
        assertThat(items(api.page("/api/activities/followings?types=POST_LIKED,POST_UNLIKED", reader)))
                .hasSize(6);
    }

    @Test
    void theSameTargetOnAnotherUtcDayIsAnotherGroup() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long ben = Events.newMember();
        long author = Events.newMember();
        long followed = Events.newMember();
        long post = Events.newId();
        record(Events.follow(reader, ann, at(0)), Events.follow(reader, ben, at(0)));
        Instant midnight = DAY.plus(Duration.ofDays(1));
        String nextDay = LocalDate.ofInstant(midnight, ZoneOffset.UTC).toString();

        record(
                Events.of(EventType.POST_LIKED, ann, midnight.minusNanos(1_000), Targets.post(post, author)),
                Events.of(EventType.POST_LIKED, ben, midnight, Targets.post(post, author)),
                Events.of(EventType.MEMBER_FOLLOWED, ann, midnight.minusSeconds(1), Targets.member(followed)),
                Events.of(EventType.MEMBER_FOLLOWED, ben, midnight.plusSeconds(1), Targets.member(followed)));

        assertThat(items(api.page(GROUPS, reader)))
                .extracting(group -> group.get("groupKey"), group -> group.get("count"), group -> group.get("latestAt"))
                .containsExactly(
                        tuple(
                                "MEMBER_FOLLOWED-m" + followed + "-" + nextDay,
                                1,
                                midnight.plusSeconds(1).toString()),
                        tuple("POST_LIKED-p" + post + "-" + nextDay, 1, midnight.toString()),
                        tuple(
                                "POST_LIKED-p" + post + "-" + DAY_TEXT,
                                1,
                                midnight.minusNanos(1_000).toString()),
                        tuple(
                                "MEMBER_FOLLOWED-m" + followed + "-" + DAY_TEXT,
                                1,
                                midnight.minusSeconds(1).toString()));
    }

    @Test
    void pagesGiveEveryGroupOnceAsOfTheFirstPageWhileActivitiesArrive() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long ben = Events.newMember();
        long author = Events.newMember();
        record(Events.follow(reader, ann, DAY.minus(Duration.ofDays(1))), Events.follow(reader, ben, DAY));
        // what the reader's groups hold: key -> when each activity occurred
        Map<String, List<Instant>> model = new HashMap<>();
        for (int i = 0; i < 14; i++) {
            long post = Events.newId();
            // pairs of groups share their newest instant, so the key decides between them; the last ones a day earlier
            Instant newest = (i < 10 ? DAY : DAY.minus(Duration.ofDays(1)))
                    .plus(Duration.ofHours(9))
                    .plus(Duration.ofMinutes(10 * (i / 2)));
            if (i % 2 == 0) {
                record(model, Events.of(EventType.COMMENT_CREATED, ben, newest.minusSeconds(60), newComment(post)));
                record(model, Events.of(EventType.COMMENT_CREATED, ann, newest, newComment(post)));
            } else {
                record(model, Events.of(EventType.POST_LIKED, ann, newest, Targets.post(post, author)));
                record(model, Events.of(EventType.POST_LIKED, ben, newest, Targets.post(post, author)));
            }
        }

        int arrivals = 0;
        for (int size = 1; size <= 3; size++) {
            Map<String, List<Instant>> asOfFirstPage = new HashMap<>();
            model.forEach((key, times) -> asOfFirstPage.put(key, List.copyOf(times)));
            List<Map<String, Object>> seen = new ArrayList<>();
            String cursor = null;
            do {
                Map<String, Object> page =
                        api.page(GROUPS + "?size=" + size + (cursor == null ? "" : "&cursor=" + cursor), reader);
                assertThat(items(page)).hasSizeLessThanOrEqualTo(size);
                seen.addAll(items(page));
                cursor = (String) page.get("nextCursor");
                if (cursor != null) {
                    arrivals++;
                    // a new comment in the oldest comment group, late in its day: that group's newest now
                    String oldest = asOfFirstPage.keySet().stream()
                            .filter(key -> key.startsWith("COMMENT_CREATED"))
                            .min(Comparator.comparing((String key) -> Collections.max(asOfFirstPage.get(key)))
                                    .thenComparing(key -> key))
                            .orElseThrow();
                    long post = Long.parseLong(oldest.split("-")[1].substring(1));
                    Instant lateThatDay = LocalDate.parse(oldest.substring(oldest.length() - 10))
                            .atStartOfDay(ZoneOffset.UTC)
                            .toInstant()
                            .plus(Duration.ofHours(23))
                            .plusSeconds(arrivals);
                    record(model, Events.of(EventType.COMMENT_CREATED, ann, lateThatDay, newComment(post)));
                    // a new group older than every other, and one newer than every other
                    record(
                            model,
                            Events.of(
                                    EventType.POST_LIKED,
                                    ben,
                                    DAY.minus(Duration.ofDays(1)).plusSeconds(arrivals),
                                    Targets.post(Events.newId(), author)));
                    record(
                            model,
                            Events.of(EventType.POST_LIKED, ann, Events.now(), Targets.post(Events.newId(), author)));
                }
            } while (cursor != null);

            List<String> expected = newestFirst(asOfFirstPage);
            assertThat(seen)
                    .as("size %d", size)
                    .extracting(group -> group.get("groupKey"))
                    .containsExactlyElementsOf(expected);
            assertThat(seen).allSatisfy(group -> {
                List<Instant> times = asOfFirstPage.get((String) group.get("groupKey"));
                assertThat(group.get("count")).isEqualTo(times.size());
                assertThat(Instant.parse((String) group.get("latestAt"))).isEqualTo(Collections.max(times));
            });
        }
        assertThat(arrivals).isGreaterThan(14);
        // a new first page sees what arrived meanwhile
        assertThat(items(api.page(GROUPS + "?size=100", reader)))
                .extracting(group -> group.get("groupKey"))
                .containsExactlyElementsOf(newestFirst(model).subList(0, 100));
    }

    @Test
    void anUndoArrivingWhilePagingDoesNotChangeTheGroupsOfLaterPages() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long ben = Events.newMember();
        long author = Events.newMember();
        long once = Events.newId();
        long twice = Events.newId();
        record(Events.follow(reader, ann, at(0)), Events.follow(reader, ben, at(0)));
        record(
                Events.of(EventType.POST_LIKED, ann, at(1), Targets.post(once, author)),
                Events.of(EventType.POST_LIKED, ann, at(2), Targets.post(twice, author)),
                Events.of(EventType.POST_LIKED, ben, at(3), Targets.post(twice, author)),
                Events.of(EventType.COMMENT_CREATED, ann, at(4), newComment(Events.newId())));

        Map<String, Object> first = api.page(GROUPS + "?size=1", reader);
        assertThat(items(first)).extracting(group -> group.get("type")).containsExactly("COMMENT_CREATED");
        // both likes are taken back the same day, after the first page was read
        record(
                Events.of(EventType.POST_UNLIKED, ann, at(5), Targets.post(once, author)),
                Events.of(EventType.POST_UNLIKED, ben, at(6), Targets.post(twice, author)));
        List<Map<String, Object>> later = new ArrayList<>();
        String cursor = (String) first.get("nextCursor");
        while (cursor != null) {
            Map<String, Object> page = api.page(GROUPS + "?size=1&cursor=" + cursor, reader);
            later.addAll(items(page));
            cursor = (String) page.get("nextCursor");
        }

        assertThat(later)
                .extracting(group -> group.get("groupKey"), group -> group.get("count"))
                .containsExactly(
                        tuple("POST_LIKED-p" + twice + "-" + DAY_TEXT, 2),
                        tuple("POST_LIKED-p" + once + "-" + DAY_TEXT, 1));
        // a new first page sees the undos
        assertThat(items(api.page(GROUPS, reader)))
                .extracting(group -> group.get("groupKey"), group -> group.get("count"))
                .containsExactly(
                        tuple(items(first).get(0).get("groupKey"), 1),
                        tuple("POST_LIKED-p" + twice + "-" + DAY_TEXT, 1));
    }

    @Test
    void aGroupsActivitiesArePagedExactlyAndAnEmptyGroupsAreNone() {
        long reader = Events.newMember();
        long author = Events.newMember();
        long stranger = Events.newMember();
        long post = Events.newId();
        List<Long> followees = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            long followee = Events.newMember();
            followees.add(followee);
            record(Events.follow(reader, followee, at(0)));
        }
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            // pairs share an instant, so the id decides between them
            ActivityEvent like =
                    Events.of(EventType.POST_LIKED, followees.get(i), at(1 + i / 2), Targets.post(post, author));
            record(like);
            expected.add(0, id(like));
        }
        long last = followees.get(5);
        record(
                // not in the group: a stranger's, an undone one, another day's, another post's, another type's
                Events.of(EventType.POST_LIKED, stranger, at(3), Targets.post(post, author)),
                Events.of(EventType.POST_LIKED, last, at(4), Targets.post(post, author)),
                Events.of(EventType.POST_UNLIKED, last, at(5), Targets.post(post, author)),
                Events.of(EventType.POST_LIKED, followees.get(0), at(-600), Targets.post(post, author)),
                Events.of(EventType.POST_LIKED, followees.get(1), at(6), Targets.post(Events.newId(), author)),
                Events.of(EventType.POST_UPDATED, followees.get(3), at(7), Targets.post(post, followees.get(3))),
                Events.of(EventType.COMMENT_CREATED, followees.get(2), at(8), newComment(post)));
        String key = "POST_LIKED-p" + post + "-" + DAY_TEXT;

        List<Map<String, Object>> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = api.page(
                    GROUPS + "/" + key + "/activities?size=2" + (cursor == null ? "" : "&cursor=" + cursor), reader);
            assertThat(items(page)).hasSizeLessThanOrEqualTo(2);
            seen.addAll(items(page));
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        assertThat(seen).extracting(item -> item.get("eventId")).containsExactlyElementsOf(expected);
        assertThat(seen).extracting(item -> item.get("groupKey")).containsOnly(key);
        assertThat(api.page(GROUPS + "/" + key, reader))
                .containsEntry("count", 5)
                .containsEntry("actorCount", 5);

        // a group of no one the reader follows, or of nothing at all: 404 alone, an empty list of activities
        long strangersPost = Events.newId();
        record(Events.of(EventType.POST_LIKED, stranger, at(9), Targets.post(strangersPost, author)));
        for (String empty : List.of(
                "POST_LIKED-p" + strangersPost + "-" + DAY_TEXT,
                "POST_LIKED-p" + post + "-"
                        + LocalDate.ofInstant(DAY, ZoneOffset.UTC).minusDays(30),
                "MEMBER_FOLLOWED-m" + Events.newMember() + "-" + DAY_TEXT)) {
            api.get(GROUPS + "/" + empty, reader)
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(404);
            Map<String, Object> none = api.page(GROUPS + "/" + empty + "/activities", reader);
            assertThat(items(none)).isEmpty();
            assertThat(none.get("nextCursor")).isNull();
        }
    }

    @Test
    void malformedKeysAreBadRequests() {
        long reader = Events.newMember();
        for (String key : List.of(
                "POST_LIKED-p12",
                "POST_EXPLODED-p12-2026-12-01",
                "post_liked-p12-2026-12-01",
                "POST_LIKED-p12-2026-13-01",
                "POST_LIKED-p12-2026-02-30",
                "POST_LIKED-p12-2026-12-01-x",
                "POST_LIKED-p0-2026-12-01",
                "POST_LIKED-p012-2026-12-01",
                "POST_LIKED-p9999999999999999999-2026-12-01",
                "POST_LIKED-p12-c31-2026-12-01",
                "POST_LIKED-m12-2026-12-01",
                "COMMENT_LIKED-p12-2026-12-01",
                "COMMENT_CREATED-2026-12-01",
                "MEMBER_FOLLOWED-p12-2026-12-01",
                "MEMBER_FOLLOWED-2026-12-01")) {
            for (String path : List.of(GROUPS + "/" + key, GROUPS + "/" + key + "/activities")) {
                api.get(path, reader)
                        .expectStatus()
                        .isBadRequest()
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                        .expectBody()
                        .jsonPath("$.status")
                        .isEqualTo(400);
            }
        }
    }

    @Test
    void typesFilterTheGroupsAndBadQueriesAre400() {
        long reader = Events.newMember();
        long ann = Events.newMember();
        long author = Events.newMember();
        long post = Events.newId();
        long followed = Events.newMember();
        record(Events.follow(reader, ann, at(0)));
        record(
                Events.of(EventType.POST_LIKED, ann, at(1), Targets.post(post, author)),
                Events.of(EventType.COMMENT_CREATED, ann, at(2), newComment(post)),
                Events.of(EventType.COMMENT_CREATED, ann, at(3), newComment(post)),
                Events.of(EventType.MEMBER_FOLLOWED, ann, at(4), Targets.member(followed)));

        assertThat(items(api.page(GROUPS + "?types=POST_LIKED", reader)))
                .extracting(group -> group.get("groupKey"))
                .containsExactly("POST_LIKED-p" + post + "-" + DAY_TEXT);
        assertThat(items(api.page(GROUPS + "?types=COMMENT_CREATED,MEMBER_FOLLOWED", reader)))
                .extracting(group -> group.get("groupKey"), group -> group.get("count"))
                .containsExactly(
                        tuple("MEMBER_FOLLOWED-m" + followed + "-" + DAY_TEXT, 1),
                        tuple("COMMENT_CREATED-p" + post + "-" + DAY_TEXT, 2));
        assertThat(items(api.page(GROUPS + "?types=POST_UNLIKED", reader))).isEmpty();

        api.get(GROUPS + "?types=POST_LIKED,POST_EXPLODED", reader)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("types");
        String key = "POST_LIKED-p" + post + "-" + DAY_TEXT;
        for (String path : List.of(GROUPS + "?", GROUPS + "/" + key + "/activities?")) {
            for (String query : List.of(
                    "size=0", "size=101", "size=x", "cursor=%21%21not-ours", "cursor=" + new IdCursor(5).encode())) {
                api.get(path + query, reader)
                        .expectStatus()
                        .isBadRequest()
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            }
            assertThat(items(api.page(path + "size=100", reader))).isNotEmpty();
        }
        for (String path : List.of(GROUPS, GROUPS + "/" + key, GROUPS + "/" + key + "/activities")) {
            api.client().get().uri(path).exchange().expectStatus().isUnauthorized();
            api.client()
                    .get()
                    .uri(path)
                    .header(HttpHeaders.AUTHORIZATION, ActivityApi.serviceBearer())
                    .exchange()
                    .expectStatus()
                    .isForbidden();
        }
    }

    /** {@code minutes} after 09:00 of {@link #DAY}. */
    private static Instant at(int minutes) {
        return DAY.plus(Duration.ofHours(9)).plus(Duration.ofMinutes(minutes));
    }

    /** A new top-level comment on {@code post}; whose the post is does not matter to the grouped feed. */
    private static Targets newComment(long post) {
        return Targets.newComment(post, 1, Events.newId(), null, 1);
    }

    private static Map<String, Object> actor(long id) {
        return Map.of("id", (int) id, "handle", "member" + id, "displayName", "Member " + id);
    }

    /** The group's target as {@code [postId, commentId, targetMemberId]}. */
    private static List<Long> target(Map<String, Object> group) {
        Map<?, ?> target = (Map<?, ?>) group.get("target");
        return ids(
                (Number) target.get("postId"), (Number) target.get("commentId"), (Number) target.get("targetMemberId"));
    }

    private static List<Long> ids(Number... values) {
        List<Long> list = new ArrayList<>();
        for (Number id : values) {
            list.add(id == null ? null : id.longValue());
        }
        return list;
    }

    /** The keys of the groups of {@code model}, newest group first, as the API orders them. */
    private static List<String> newestFirst(Map<String, List<Instant>> model) {
        return model.keySet().stream()
                .sorted(Comparator.comparing((String key) -> Collections.max(model.get(key)))
                        .thenComparing(key -> key)
                        .reversed())
                .toList();
    }

    private void record(Map<String, List<Instant>> model, ActivityEvent event) {
        record(event);
        model.computeIfAbsent(keyOf(event), key -> new ArrayList<>()).add(event.occurredAt());
    }

    /** The group key as the API describes it. */
    private static String keyOf(ActivityEvent event) {
        String day = LocalDate.ofInstant(event.occurredAt(), ZoneOffset.UTC).toString();
        return switch (event.type()) {
            case POST_CREATED, POST_UPDATED, POST_DELETED, POST_LIKED, POST_UNLIKED ->
                event.type() + "-p" + event.postId() + "-" + day;
            case COMMENT_CREATED ->
                event.type() + "-p" + event.postId()
                        + (event.parentCommentId() == null ? "" : "-c" + event.parentCommentId()) + "-" + day;
            case COMMENT_UPDATED, COMMENT_DELETED, COMMENT_LIKED, COMMENT_UNLIKED ->
                event.type() + "-p" + event.postId() + "-c" + event.commentId() + "-" + day;
            case MEMBER_FOLLOWED, MEMBER_UNFOLLOWED -> event.type() + "-m" + event.targetMemberId() + "-" + day;
        };
    }

    private void record(ActivityEvent... events) {
        recorder.record(List.of(events));
    }

    private static String id(ActivityEvent event) {
        return event.eventId().toString();
    }
}
