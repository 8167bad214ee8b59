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
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

@ActivityServiceTest
class FollowGraphIntegrationTests {

    @Autowired EmbeddedKafkaBroker broker;
    @Autowired JdbcTemplate jdbc;
    @Autowired FollowGraph graph;

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
            for (ActivityEvent event : List.of(unfollow2, follow1, unfollow4, follow3, follow1, unfollow2,
                    cidFollow3, cidUnfollow2, cidFollow1, cidUnfollow2)) {
                topic.publish(event);
            }
            ActivityEvent marker = Events.post(ann, Events.now());
            topic.publish(marker); // same key, after all of them
            await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM member_activities WHERE event_id = ?", Integer.class, marker.eventId()) == 1);
        }

        assertThat(graph.isFollowing(ann, ben)).as("the latest event is an unfollow").isFalse();
        assertThat(graph.isFollowing(ann, cid)).as("the latest event is a follow").isTrue();
        assertThat(jdbc.queryForObject("SELECT event_id::text FROM follows WHERE follower_id = ? AND followee_id = ?",
                String.class, ann, ben)).isEqualTo(unfollow4.eventId().toString());
        // every follow event is an activity too, each once
        assertThat(jdbc.queryForObject("SELECT count(*) FROM member_activities WHERE actor_id = ? AND type LIKE 'MEMBER_%'",
                Integer.class, ann)).isEqualTo(7);
    }
}
