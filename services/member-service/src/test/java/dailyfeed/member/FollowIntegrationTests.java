package dailyfeed.member;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.EventType;
import dailyfeed.testsupport.ActivityTopicRecorder;
import dailyfeed.testsupport.ServiceIntegrationTest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

@ServiceIntegrationTest
class FollowIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    EmbeddedKafkaBroker broker;

    MemberApi api;
    ActivityTopicRecorder topic;
    final List<Long> newcomers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        api = new MemberApi(port);
        topic = ActivityTopicRecorder.open(broker);
    }

    @AfterEach
    void tearDown() {
        topic.close();
    }

    @Test
    void followingIsIdempotentAndCountsFollowTheState() {
        var ann = api.signUp("ann");
        var ben = api.signUp("ben");

        follow(ann, ben.id()).expectStatus().isNoContent();
        follow(ann, ben.id()).expectStatus().isNoContent();
        assertCounts(ben, 1, 0);
        assertCounts(ann, 0, 1);

        unfollow(ann, ben.id()).expectStatus().isNoContent();
        unfollow(ann, ben.id()).expectStatus().isNoContent();
        assertCounts(ben, 0, 0);
        assertCounts(ann, 0, 0);
    }

    @Test
    void followingYourselfIs400AndAnUnknownMemberIs404() {
        var cid = api.signUp("cid");

        follow(cid, cid.id())
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("id");
        follow(cid, Long.MAX_VALUE).expectStatus().isNotFound();
        unfollow(cid, Long.MAX_VALUE).expectStatus().isNotFound();
        api.client()
                .put()
                .uri("/api/members/{id}/follow", cid.id())
                .exchange()
                .expectStatus()
                .isUnauthorized();
        assertCounts(cid, 0, 0);
    }

    @Test
    void eachStateChangePublishesExactlyOneEventAndNoOpsPublishNone() {
        var dee = api.signUp("dee");
        var eve = api.signUp("eve");
        var fay = api.signUp("fay");

        follow(dee, eve.id()).expectStatus().isNoContent();
        follow(dee, eve.id()).expectStatus().isNoContent(); // no-op
        unfollow(dee, eve.id()).expectStatus().isNoContent();
        unfollow(dee, eve.id()).expectStatus().isNoContent(); // no-op
        unfollow(dee, fay.id()).expectStatus().isNoContent(); // no-op: never followed
        follow(dee, fay.id()).expectStatus().isNoContent(); // last change: its arrival means all earlier ones arrived

        // One member's events share a partition, in order: once the last arrived, any event of a no-op would have too.
        List<ActivityEvent> events = eventsOfUntil(dee.id(), fay.id());
        // whom a follow is about: the followed member, who need not follow the actor to hear of it
        assertThat(events)
                .extracting(
                        ActivityEvent::type,
                        ActivityEvent::targetMemberId,
                        ActivityEvent::targetOwnerId,
                        ActivityEvent::postOwnerId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(EventType.MEMBER_FOLLOWED, eve.id(), eve.id(), null),
                        org.assertj.core.groups.Tuple.tuple(EventType.MEMBER_UNFOLLOWED, eve.id(), eve.id(), null),
                        org.assertj.core.groups.Tuple.tuple(EventType.MEMBER_FOLLOWED, fay.id(), fay.id(), null));
        ActivityEvent first = events.get(0);
        assertThat(first.actor().id()).isEqualTo(dee.id());
        assertThat(first.actor().handle()).isEqualTo(dee.handle());
        assertThat(first.actor().displayName()).isEqualTo("Name of " + dee.handle());
        assertThat(first.summary()).contains("@" + eve.handle());
        assertThat(first.schemaVersion()).isEqualTo(ActivityEvent.CURRENT_SCHEMA_VERSION);
        assertThat(events).extracting(ActivityEvent::eventId).doesNotHaveDuplicates();
    }

    @Test
    void eachChangeOfAPairCarriesTheNextVersionOfThatPairFromTheDatabase() {
        var hal = api.signUp("hal");
        var ida = api.signUp("ida");
        var jon = api.signUp("jon");

        follow(hal, ida.id()).expectStatus().isNoContent();
        follow(hal, ida.id()).expectStatus().isNoContent(); // no-op: no version
        unfollow(hal, ida.id()).expectStatus().isNoContent();
        follow(hal, jon.id()).expectStatus().isNoContent(); // another pair counts on its own
        follow(hal, ida.id()).expectStatus().isNoContent();
        unfollow(hal, jon.id()).expectStatus().isNoContent();
        follow(hal, jon.id()).expectStatus().isNoContent(); // last change

        List<ActivityEvent> events = topic
                .awaitEvent(e -> e.actor().id() == hal.id()
                        && e.type() == EventType.MEMBER_FOLLOWED
                        && Long.valueOf(jon.id()).equals(e.targetMemberId())
                        && Long.valueOf(3).equals(e.followVersion()))
                .stream()
                .filter(e -> e.actor().id() == hal.id())
                .toList();
        assertThat(events)
                .extracting(ActivityEvent::targetMemberId, ActivityEvent::followVersion)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(ida.id(), 1L),
                        org.assertj.core.groups.Tuple.tuple(ida.id(), 2L),
                        org.assertj.core.groups.Tuple.tuple(jon.id(), 1L),
                        org.assertj.core.groups.Tuple.tuple(ida.id(), 3L),
                        org.assertj.core.groups.Tuple.tuple(jon.id(), 2L),
                        org.assertj.core.groups.Tuple.tuple(jon.id(), 3L));
    }

    @Test
    void followListsPageWithoutGapsOrRepeatsWhileFollowsArrive() {
        var star = api.signUp("star");
        List<MemberApi.SignedUp> fans = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            var fan = api.signUp("fan");
            follow(fan, star.id()).expectStatus().isNoContent();
            follow(star, fan.id()).expectStatus().isNoContent();
            fans.add(fan);
        }

        Set<Long> expected =
                new HashSet<>(fans.stream().map(MemberApi.SignedUp::id).toList());
        assertThat(walk(star, "/api/members/{id}/followers", star.id(), 5, true))
                .containsExactlyInAnyOrderElementsOf(expected);
        // the star followed the first walk's newcomers before the second walk began
        expected.addAll(newcomers);
        assertThat(walk(star, "/api/members/{id}/followings", star.id(), 7, true))
                .containsExactlyInAnyOrderElementsOf(expected);
        // afterwards, one page holds the fans and every newcomer the star followed during the walks
        Set<Long> everyone = new HashSet<>(expected);
        everyone.addAll(newcomers);
        assertThat(walk(star, "/api/members/{id}/followings", star.id(), 100, false))
                .containsExactlyInAnyOrderElementsOf(everyone);
    }

    @Test
    void pageSizeAndCursorAreValidated() {
        var gus = api.signUp("gus");
        for (String query : List.of("size=0", "size=101", "size=-3", "size=x", "cursor=%21%21not-ours")) {
            api.client()
                    .get()
                    .uri("/api/members/" + gus.id() + "/followers?" + query)
                    .header(HttpHeaders.AUTHORIZATION, gus.bearer())
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        api.client()
                .get()
                .uri("/api/members/{id}/followers", Long.MAX_VALUE)
                .header(HttpHeaders.AUTHORIZATION, gus.bearer())
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    /**
     * Walks every page. With {@code interleave}, a newcomer follows the star before each next page: new follows land
     * before the cursor, so they must neither appear (the walk started earlier) nor shift the remaining pages.
     */
    private List<Long> walk(MemberApi.SignedUp reader, String path, long memberId, int size, boolean interleave) {
        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            String uri = path.replace("{id}", Long.toString(memberId)) + "?size=" + size
                    + (cursor == null ? "" : "&cursor=" + cursor);
            Map<String, Object> page = api.client()
                    .get()
                    .uri(uri)
                    .header(HttpHeaders.AUTHORIZATION, reader.bearer())
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(MemberApi.JSON)
                    .returnResult()
                    .getResponseBody();
            List<?> items = (List<?>) page.get("items");
            assertThat(items.size()).isLessThanOrEqualTo(size);
            items.forEach(item -> seen.add(((Number) ((Map<?, ?>) item).get("id")).longValue()));
            cursor = (String) page.get("nextCursor");
            if (interleave && cursor != null) {
                var newcomer = api.signUp("late");
                follow(newcomer, memberId).expectStatus().isNoContent();
                follow(reader, newcomer.id()).expectStatus().isNoContent();
                newcomers.add(newcomer.id());
            }
        } while (cursor != null);
        assertThat(seen).doesNotHaveDuplicates();
        return seen;
    }

    private List<ActivityEvent> eventsOfUntil(long actorId, long lastTargetId) {
        return topic
                .awaitEvent(e -> e.actor().id() == actorId
                        && e.type() == EventType.MEMBER_FOLLOWED
                        && Long.valueOf(lastTargetId).equals(e.targetMemberId()))
                .stream()
                .filter(e -> e.actor().id() == actorId)
                .toList();
    }

    private void assertCounts(MemberApi.SignedUp member, int followers, int followings) {
        api.client()
                .get()
                .uri("/api/members/{id}", member.id())
                .header(HttpHeaders.AUTHORIZATION, member.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.followerCount")
                .isEqualTo(followers)
                .jsonPath("$.followingCount")
                .isEqualTo(followings);
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec follow(
            MemberApi.SignedUp who, long whom) {
        return api.client()
                .put()
                .uri("/api/members/{id}/follow", whom)
                .header(HttpHeaders.AUTHORIZATION, who.bearer())
                .exchange();
    }

    private org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec unfollow(
            MemberApi.SignedUp who, long whom) {
        return api.client()
                .delete()
                .uri("/api/members/{id}/follow", whom)
                .header(HttpHeaders.AUTHORIZATION, who.bearer())
                .exchange();
    }
}
