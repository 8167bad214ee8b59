package dailyfeed.activity.follow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.activity.ActivityProducer;
import dailyfeed.activity.ActivityServiceTest;
import dailyfeed.activity.Events;
import dailyfeed.events.ActivityEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

@ActivityServiceTest
class FollowGraphIntegrationTests {

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    FollowGraph graph;

    @Test
    void followEventsArrivingLateOrTwiceDoNotUndoNewerOnes() {
        long ann = Events.newMember();
        long ben = Events.newMember();
        long cid = Events.newMember();
        Instant t = Events.now().minusSeconds(600);
        ActivityEvent follow1 = Events.follow(ann, ben, t.plusSeconds(1));
        ActivityEvent unfollow2 = Events.unfollow(ann, ben, t.plusSeconds(2));
        ActivityEvent follow3 = Events.follow(ann, ben, t.plusSeconds(3));
        ActivityEvent unfollow4 = Events.unfollow(ann, ben, t.plusSeconds(4));
        ActivityEvent cidFollow3 = Events.follow(ann, cid, t.plusSeconds(3));
        ActivityEvent cidUnfollow2 = Events.unfollow(ann, cid, t.plusSeconds(2));
        ActivityEvent cidFollow1 = Events.follow(ann, cid, t.plusSeconds(1));

        try (ActivityProducer topic = new ActivityProducer(broker)) {
            // delivered out of order and repeated, as redrives and retries can do
            for (ActivityEvent event : List.of(
                    unfollow2,
                    follow1,
                    unfollow4,
                    follow3,
                    follow1,
                    unfollow2,
                    cidFollow3,
                    cidUnfollow2,
                    cidFollow1,
                    cidUnfollow2)) {
                topic.publish(event);
            }
            ActivityEvent marker = Events.post(ann, Events.now());
            topic.publish(marker); // same key, after all of them
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> jdbc.queryForObject(
                                    "SELECT count(*) FROM member_activities WHERE event_id = ?",
                                    Integer.class,
                                    marker.eventId())
                            == 1);
        }

        assertThat(graph.isFollowing(ann, ben))
                .as("the latest event is an unfollow")
                .isFalse();
        assertThat(graph.isFollowing(ann, cid))
                .as("the latest event is a follow")
                .isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT event_id::text FROM follows WHERE follower_id = ? AND followee_id = ?",
                        String.class,
                        ann,
                        ben))
                .isEqualTo(unfollow4.eventId().toString());
        // every follow event is an activity too, each once
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM member_activities WHERE actor_id = ? AND type LIKE 'MEMBER_%'",
                        Integer.class, ann))
                .isEqualTo(7);
    }

    @Test
    void thePairsVersionFromMemberServiceDecidesWhateverTheClocksOfTheEventsSay() {
        long ann = Events.newMember();
        long ben = Events.newMember();
        long cid = Events.newMember();
        long dan = Events.newMember();
        Instant t = Events.now().minusSeconds(600);
        Instant future = Events.now().plus(Duration.ofDays(30));
        // ann→ben: an instance whose clock runs a month ahead handled the unfollow (2), a correct one the follow after
        // it (3)
        ActivityEvent benFollow1 = Events.follow(ann, ben, t.plusSeconds(1)).withFollowVersion(1);
        ActivityEvent benUnfollow2 = Events.unfollow(ann, ben, future).withFollowVersion(2);
        ActivityEvent benFollow3 = Events.follow(ann, ben, t.plusSeconds(3)).withFollowVersion(3);
        // ann→cid: the unfollow (2) arrives first; the follow before it (1) is replayed late with a future-dated clock
        ActivityEvent cidUnfollow2 = Events.unfollow(ann, cid, t.plusSeconds(2)).withFollowVersion(2);
        ActivityEvent cidFollow1 = Events.follow(ann, cid, future).withFollowVersion(1);
        // ann→dan: an event from before versions existed, future-dated, cannot undo a versioned change
        ActivityEvent danFollow1 = Events.follow(ann, dan, t.plusSeconds(1)).withFollowVersion(1);
        ActivityEvent danUnversionedUnfollow = Events.unfollow(ann, dan, future);

        try (ActivityProducer topic = new ActivityProducer(broker)) {
            for (ActivityEvent event : List.of(
                    benFollow1,
                    benUnfollow2,
                    benFollow3,
                    cidUnfollow2,
                    cidFollow1,
                    danFollow1,
                    danUnversionedUnfollow,
                    benUnfollow2)) {
                topic.publish(event);
            }
            ActivityEvent marker = Events.post(ann, Events.now());
            topic.publish(marker); // same key, after all of them
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> jdbc.queryForObject(
                                    "SELECT count(*) FROM member_activities WHERE event_id = ?",
                                    Integer.class,
                                    marker.eventId())
                            == 1);
        }

        assertThat(graph.isFollowing(ann, ben))
                .as("version 3 is a follow, though version 2 says it is newer")
                .isTrue();
        assertThat(graph.isFollowing(ann, cid))
                .as("version 2 is an unfollow; the replayed version 1 is older")
                .isFalse();
        assertThat(graph.isFollowing(ann, dan))
                .as("an event without a version loses to one with")
                .isTrue();
        assertThat(jdbc.queryForObject(
                        "SELECT version FROM follows WHERE follower_id = ? AND followee_id = ?", Long.class, ann, ben))
                .isEqualTo(3L);
    }

    @Test
    void aVersionedEventDecidesAPairThatAnEventWithoutAVersionDecidedBefore() {
        long eve = Events.newMember();
        long fay = Events.newMember();
        Instant t = Events.now().minusSeconds(600);

        assertThat(graph.apply(eve, fay, true, t.plus(Duration.ofDays(30)), UUID.randomUUID(), null))
                .isTrue();
        assertThat(graph.apply(eve, fay, false, t, UUID.randomUUID(), 1L))
                .as("the first change with a version wins")
                .isTrue();
        assertThat(graph.apply(eve, fay, true, t.plus(Duration.ofDays(60)), UUID.randomUUID(), null))
                .isFalse();
        assertThat(graph.apply(eve, fay, true, t.minusSeconds(60), UUID.randomUUID(), 2L))
                .isTrue();
        assertThat(graph.apply(eve, fay, false, t.plus(Duration.ofDays(90)), UUID.randomUUID(), 1L))
                .isFalse();

        assertThat(graph.isFollowing(eve, fay)).isTrue();
    }
}
