package dailyfeed.activity.store;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.activity.Events;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class EventRulesTests {

    private static final Instant LATEST = Instant.now().plusSeconds(300);

    @Test
    void everyTypeWithItsTargetsIsAccepted() {
        for (EventType type : EventType.values()) {
            assertThat(EventRules.check(Events.of(type, 1, Instant.now()), LATEST))
                    .as(type.name())
                    .isEmpty();
        }
    }

    @Test
    void eachTypeNeedsItsTarget() {
        assertThat(violation(EventType.POST_LIKED, null, null, null)).isEqualTo("postId");
        assertThat(violation(EventType.COMMENT_CREATED, 1L, null, null)).isEqualTo("commentId");
        assertThat(violation(EventType.MEMBER_FOLLOWED, null, null, null)).isEqualTo("targetMemberId");
        assertThat(violation(EventType.MEMBER_UNFOLLOWED, null, null, 1L))
                .as("not yourself")
                .isEqualTo("targetMemberId");
    }

    @Test
    void aNewerSchemaAndABlankHandleAreRefused() {
        var newer = new ActivityEvent(
                UUID.randomUUID(),
                EventType.POST_CREATED,
                Instant.now(),
                new Actor(1, "ann", "Ann"),
                1L,
                null,
                null,
                null,
                "",
                ActivityEvent.CURRENT_SCHEMA_VERSION + 1);
        assertThat(EventRules.check(newer, LATEST))
                .get()
                .extracting(EventRules.Violation::field)
                .isEqualTo("schemaVersion");
        var blank = new ActivityEvent(
                UUID.randomUUID(),
                EventType.POST_CREATED,
                Instant.now(),
                new Actor(1, " ", "Ann"),
                1L,
                null,
                null,
                null,
                "",
                ActivityEvent.CURRENT_SCHEMA_VERSION);
        assertThat(EventRules.check(blank, LATEST))
                .get()
                .extracting(EventRules.Violation::field)
                .isEqualTo("actor.handle");
    }

    @Test
    void anInstantBeforeDailyfeedOrAfterTheLatestAcceptedIsRefused() {
        long member = Events.newMember();
        assertThat(EventRules.check(Events.post(member, EventRules.EARLIEST_OCCURRED_AT), LATEST))
                .isEmpty();
        assertThat(EventRules.check(Events.post(member, LATEST), LATEST)).isEmpty();
        assertThat(EventRules.check(Events.post(member, EventRules.EARLIEST_OCCURRED_AT.minusNanos(1000)), LATEST))
                .get()
                .extracting(EventRules.Violation::field)
                .isEqualTo("occurredAt");
        assertThat(EventRules.check(Events.post(member, LATEST.plusNanos(1000)), LATEST))
                .get()
                .extracting(EventRules.Violation::field)
                .isEqualTo("occurredAt");
        assertThat(EventRules.check(Events.post(member, Instant.parse("+300000-01-01T00:00:00Z")), LATEST))
                .get()
                .extracting(EventRules.Violation::field)
                .isEqualTo("occurredAt");
    }

    private static String violation(EventType type, Long postId, Long commentId, Long targetMemberId) {
        var event = new ActivityEvent(
                UUID.randomUUID(),
                type,
                Instant.now(),
                new Actor(1, "ann", "Ann"),
                postId,
                commentId,
                null,
                targetMemberId,
                "",
                ActivityEvent.CURRENT_SCHEMA_VERSION);
        return EventRules.check(event, LATEST).orElseThrow().field();
    }
}
