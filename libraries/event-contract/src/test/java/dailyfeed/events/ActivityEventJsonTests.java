package dailyfeed.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

class ActivityEventJsonTests {

    @Test
    void roundTripsEveryField() {
        var event = new ActivityEvent(
                UUID.randomUUID(),
                EventType.COMMENT_CREATED,
                Instant.parse("2026-01-02T03:04:05.123456Z"),
                new Actor(7, "alice", "Alice 🌷"),
                11L,
                12L,
                13L,
                null,
                "نص عربي <b>",
                1,
                null,
                14L,
                15L);

        String json = ActivityEventJson.write(event);

        assertThat(json)
                .contains("\"occurredAt\":\"2026-01-02T03:04:05.123456Z\"")
                .contains("\"type\":\"COMMENT_CREATED\"")
                .contains("\"targetOwnerId\":14")
                .contains("\"postOwnerId\":15");
        assertThat(ActivityEventJson.read(json)).isEqualTo(event);
    }

    @Test
    void theUtf8FormIsTheTextsBytes() {
        var event = new ActivityEvent(
                UUID.randomUUID(),
                EventType.POST_CREATED,
                Instant.parse("2026-01-02T03:04:05Z"),
                new Actor(7, "alice", "Alice 🌷 \u0000"),
                11L,
                null,
                null,
                null,
                "주말 계획 \"따옴표\" \u2028 نص",
                1,
                null,
                7L,
                null);

        assertThat(ActivityEventJson.writeUtf8(event))
                .isEqualTo(ActivityEventJson.write(event).getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void theOwnersOfEveryKindOfTargetRoundTrip() {
        Actor bob = new Actor(1, "bob", "Bob");
        var like = ActivityEvent.of(EventType.POST_LIKED, bob, ActivityEvent.Targets.post(5, 2), "hi");
        var comment = ActivityEvent.of(
                EventType.COMMENT_CREATED, bob, ActivityEvent.Targets.newComment(5, 2, 8, null, 2), "c");
        var reply =
                ActivityEvent.of(EventType.COMMENT_CREATED, bob, ActivityEvent.Targets.newComment(5, 2, 9, 8L, 3), "r");
        var commentLike =
                ActivityEvent.of(EventType.COMMENT_LIKED, bob, ActivityEvent.Targets.comment(5, 2, 9, 8L, 4), "r");
        var follow = ActivityEvent.of(EventType.MEMBER_FOLLOWED, bob, ActivityEvent.Targets.member(6), "@carol")
                .withFollowVersion(1);

        assertThat(Stream.of(like, comment, reply, commentLike, follow))
                .extracting(
                        e -> ActivityEventJson.read(ActivityEventJson.write(e)),
                        ActivityEvent::targetOwnerId,
                        ActivityEvent::postOwnerId)
                .containsExactly(
                        tuple(like, 2L, 2L),
                        tuple(comment, 2L, 2L),
                        tuple(reply, 3L, 2L),
                        tuple(commentLike, 4L, 2L),
                        tuple(follow, 6L, null));
        // what a quote's withdrawal or a follow's version makes of an event keeps whom it is about
        assertThat(commentLike.withoutSummary())
                .extracting(ActivityEvent::targetOwnerId, ActivityEvent::postOwnerId)
                .containsExactly(4L, 2L);
        assertThat(follow.withFollowVersion(2).targetOwnerId()).isEqualTo(6L);
    }

    @Test
    void anEventWrittenBeforeTheOwnersExistedStillReadsWithoutThem() {
        String written = """
                {"eventId":"0b7e2c1a-5d7f-4c1e-9a55-0f3f2d8e6b1c","type":"COMMENT_LIKED",
                 "occurredAt":"2026-11-30T10:00:00.123456Z","actor":{"id":7,"handle":"bob","displayName":"Bob"},
                 "postId":12,"commentId":31,"parentCommentId":null,"targetMemberId":null,
                 "summary":"Count me in","schemaVersion":1,"followVersion":null}""";

        ActivityEvent older = ActivityEventJson.read(written);

        assertThat(older.targetOwnerId()).isNull();
        assertThat(older.postOwnerId()).isNull();
        assertThat(older.commentId()).isEqualTo(31L);
        assertThat(older.summary()).isEqualTo("Count me in");
        assertThat(ActivityEventJson.read(ActivityEventJson.write(older))).isEqualTo(older);
    }

    @Test
    void aFollowEventCarriesItsPairsVersionAndAnEventWrittenBeforeTheFieldExistedStillReads() {
        var follow = ActivityEvent.of(
                        EventType.MEMBER_FOLLOWED,
                        new Actor(1, "bob", "Bob"),
                        ActivityEvent.Targets.member(2),
                        "@carol")
                .withFollowVersion(3);
        String json = ActivityEventJson.write(follow);
        assertThat(json).contains("\"followVersion\":3");
        assertThat(ActivityEventJson.read(json)).isEqualTo(follow);

        String written = """
                {"eventId":"0b7e2c1a-5d7f-4c1e-9a55-0f3f2d8e6b1c","type":"MEMBER_UNFOLLOWED",
                 "occurredAt":"2026-11-30T10:00:00.123456Z","actor":{"id":7,"handle":"bob","displayName":"Bob"},
                 "postId":null,"commentId":null,"parentCommentId":null,"targetMemberId":9,
                 "summary":"Carol (@carol)","schemaVersion":1}""";
        ActivityEvent older = ActivityEventJson.read(written);
        assertThat(older.followVersion()).isNull();
        assertThat(older.targetMemberId()).isEqualTo(9L);
        assertThat(older.schemaVersion()).isEqualTo(1);
    }

    @Test
    void ignoresFieldsItDoesNotKnow() {
        var event = ActivityEvent.of(
                EventType.MEMBER_FOLLOWED, new Actor(1, "bob", "Bob"), ActivityEvent.Targets.member(2), "@carol");
        String json = ActivityEventJson.write(event).replaceFirst("\\{", "{\"addedLater\":true,");

        assertThat(ActivityEventJson.read(json)).isEqualTo(event);
    }

    @Test
    void rejectsIncompleteOrGarbledMessages() {
        assertThatThrownBy(() -> ActivityEventJson.read("{\"type\":\"POST_CREATED\"}"))
                .isInstanceOf(ActivityEventJson.MalformedEvent.class);
        assertThatThrownBy(() -> ActivityEventJson.read("not json"))
                .isInstanceOf(ActivityEventJson.MalformedEvent.class);
        assertThatThrownBy(
                        () -> ActivityEventJson.read("{\"eventId\":\"" + UUID.randomUUID() + "\",\"type\":\"NOPE\"}"))
                .isInstanceOf(ActivityEventJson.MalformedEvent.class);
    }

    @Test
    void keysRecordsByActorSoOneMembersEventsStayInOrder() {
        var event = ActivityEvent.of(
                EventType.POST_CREATED, new Actor(42, "dora", "Dora"), ActivityEvent.Targets.post(5, 42), "hi");
        assertThat(event.recordKey()).isEqualTo("42");
    }

    @Test
    void summariesAreShortSingleLinesThatNeverSplitACharacter() {
        assertThat(Summaries.shorten("  two\n\nlines  ")).isEqualTo("two lines");
        String emoji = "😀".repeat(200);
        String shortened = Summaries.shorten(emoji);
        assertThat(shortened.codePointCount(0, shortened.length())).isEqualTo(ActivityEvent.SUMMARY_MAX_LENGTH);
        assertThat(shortened).endsWith("😀…");
    }
}
