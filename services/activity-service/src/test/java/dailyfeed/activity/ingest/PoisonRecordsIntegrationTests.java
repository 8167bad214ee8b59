package dailyfeed.activity.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.activity.ActivityProducer;
import dailyfeed.activity.ActivityServiceTest;
import dailyfeed.activity.Events;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.events.EventType;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/** Records the ingest cannot store go to the dead-letter topic with their reason, and their partition moves on. */
@ActivityServiceTest
class PoisonRecordsIntegrationTests {

    @Autowired
    EmbeddedKafkaBroker broker;

    @Autowired
    JdbcTemplate jdbc;

    ActivityProducer topic;
    DeadLetterTopic deadLetters;

    @BeforeEach
    void open() {
        topic = new ActivityProducer(broker);
        deadLetters = new DeadLetterTopic(broker);
    }

    @AfterEach
    void close() {
        topic.close();
        deadLetters.close();
    }

    @Test
    void aRecordTheDatabaseRefusesIsADeadLetterAndTheGoodOnesAroundItAreStored() throws Exception {
        long actor = Events.newMember();
        ActivityEvent before = Events.post(actor, Events.now());
        // parses, obeys the rules, and PostgreSQL cannot store its text
        ActivityEvent nul = Events.event(EventType.POST_CREATED, actor, Events.now(), 5L, null, null, null, "a\u0000b");
        ActivityEvent after = Events.post(actor, Events.now());

        topic.publish(before);
        topic.publish(nul);
        RecordMetadata last = topic.publish(after);

        awaitStored(after.eventId());
        assertThat(countOf(before.eventId())).isEqualTo(1);
        assertThat(countOf(nul.eventId())).isZero();
        List<ConsumerRecord<String, String>> dead =
                deadLetters.awaitMatching(DeadLetterTopic.withKey(before.recordKey()), 1);
        assertThat(dead).hasSize(1);
        assertThat(dead.get(0).value()).isEqualTo(ActivityEventJson.write(nul));
        assertThat(DeadLetterTopic.reason(dead.get(0)))
                .contains(nul.eventId().toString())
                .contains("refused by the database")
                .contains("SQLState 22");
        await().atMost(Duration.ofSeconds(10)).until(() -> deadLetters.committed(last.partition()) > last.offset());
    }

    @Test
    void aKnownEventIdWithAnotherBodyIsADeadLetterAndChangesNothing() {
        long follower = Events.newMember();
        long followee = Events.newMember();
        long other = Events.newMember();
        ActivityEvent follow = Events.follow(follower, followee, Events.now().minusSeconds(10));
        topic.publish(follow);
        awaitStored(follow.eventId());

        // the same id, saying the opposite, and then following someone else
        String unfollow = ActivityEventJson.write(
                Events.withId(Events.unfollow(follower, followee, Events.now()), follow.eventId()));
        String followOther =
                ActivityEventJson.write(Events.withId(Events.follow(follower, other, Events.now()), follow.eventId()));
        topic.send(follow.recordKey(), unfollow);
        topic.send(follow.recordKey(), ActivityEventJson.write(follow)); // an identical copy is absorbed as ever
        topic.send(follow.recordKey(), followOther);
        ActivityEvent marker = Events.post(follower, Events.now());
        topic.publish(marker);
        awaitStored(marker.eventId());

        List<ConsumerRecord<String, String>> dead =
                deadLetters.awaitMatching(DeadLetterTopic.withKey(follow.recordKey()), 2);
        assertThat(dead).extracting(ConsumerRecord::value).containsExactly(unfollow, followOther);
        assertThat(dead)
                .allSatisfy(record -> assertThat(DeadLetterTopic.reason(record))
                        .contains(follow.eventId().toString())
                        .contains("different body"));
        assertThat(jdbc.queryForList(
                        "SELECT followee_id FROM follows WHERE follower_id = ? AND following", Long.class, follower))
                .containsExactly(followee);
        assertThat(jdbc.queryForObject(
                        "SELECT type FROM member_activities WHERE event_id = ?", String.class, follow.eventId()))
                .isEqualTo("MEMBER_FOLLOWED");
        assertThat(countOfActor(follower)).isEqualTo(2);
    }

    @Test
    void anEventFromTheFutureOrFromBeforeDailyfeedIsADeadLetter() {
        long actor = Events.newMember();
        ActivityEvent future = Events.post(actor, Events.now().plus(Duration.ofHours(1)));
        ActivityEvent ancient = Events.post(actor, Instant.parse("2019-12-31T23:59:59Z"));
        ActivityEvent farFuture = Events.post(actor, Instant.parse("+300000-01-01T00:00:00Z"));
        ActivityEvent marker = Events.post(actor, Events.now());
        List.of(future, ancient, farFuture, marker).forEach(topic::publish);

        awaitStored(marker.eventId());
        List<ConsumerRecord<String, String>> dead =
                deadLetters.awaitMatching(DeadLetterTopic.withKey(marker.recordKey()), 3);
        assertThat(dead)
                .extracting(ConsumerRecord::value)
                .containsExactly(
                        ActivityEventJson.write(future),
                        ActivityEventJson.write(ancient),
                        ActivityEventJson.write(farFuture));
        assertThat(dead)
                .allSatisfy(record -> assertThat(DeadLetterTopic.reason(record)).contains("occurredAt"));
        assertThat(countOfActor(actor)).isEqualTo(1);
    }

    private void awaitStored(UUID eventId) {
        await().atMost(Duration.ofSeconds(30)).until(() -> countOf(eventId) > 0);
    }

    private int countOf(UUID eventId) {
        return jdbc.queryForObject("SELECT count(*) FROM member_activities WHERE event_id = ?", Integer.class, eventId);
    }

    private int countOfActor(long actor) {
        return jdbc.queryForObject("SELECT count(*) FROM member_activities WHERE actor_id = ?", Integer.class, actor);
    }
}
