package dailyfeed.activity.store;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import java.time.Instant;
import java.time.LocalDate;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GroupKeyTests {

    private static final Instant LATE_EVENING = Instant.parse("2026-11-30T23:59:59.999999Z");

    @Test
    void likesOfOnePostOnOneUtcDayShareAKeyAndTheNextDayStartsAnother() {
        GroupKey evening = GroupKey.of(item(EventType.POST_LIKED, LATE_EVENING, 12L, null, null, null));
        GroupKey midnight =
                GroupKey.of(item(EventType.POST_LIKED, LATE_EVENING.plusNanos(1000), 12L, null, null, null));

        assertThat(evening.text()).isEqualTo("POST_LIKED-p12-2026-11-30");
        assertThat(midnight.text()).isEqualTo("POST_LIKED-p12-2026-12-01");
    }

    @Test
    void commentsGroupByWhatTheyAnswerAndLikesOfACommentByTheComment() {
        assertThat(GroupKey.of(item(EventType.COMMENT_CREATED, LATE_EVENING, 12L, 31L, null, null))
                        .text())
                .isEqualTo("COMMENT_CREATED-p12-2026-11-30");
        assertThat(GroupKey.of(item(EventType.COMMENT_CREATED, LATE_EVENING, 12L, 32L, 31L, null))
                        .text())
                .isEqualTo("COMMENT_CREATED-p12-c31-2026-11-30");
        assertThat(GroupKey.of(item(EventType.COMMENT_LIKED, LATE_EVENING, 12L, 32L, 31L, null))
                        .text())
                .isEqualTo("COMMENT_LIKED-p12-c32-2026-11-30");
        assertThat(GroupKey.of(item(EventType.MEMBER_FOLLOWED, LATE_EVENING, null, null, null, 7L))
                        .text())
                .isEqualTo("MEMBER_FOLLOWED-m7-2026-11-30");
    }

    @Test
    void aKeyReadsBackAsItselfAndNamesItsUndosGroup() {
        GroupKey key = new GroupKey(EventType.COMMENT_LIKED, 12L, 32L, null, LocalDate.parse("2026-11-30"));

        assertThat(GroupKey.parse(key.text())).contains(key);
        assertThat(key.counterpart().map(GroupKey::text)).contains("COMMENT_UNLIKED-p12-c32-2026-11-30");
        assertThat(GroupKey.parse("POST_CREATED-p1-2026-11-30").orElseThrow().counterpart())
                .isEmpty();
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                "POST_LIKED",
                "post_liked-p12-2026-11-30",
                "POST_KISSED-p12-2026-11-30",
                "POST_LIKED-p12",
                "POST_LIKED-p12-2026-02-30",
                "POST_LIKED-p12-0000-01-01",
                "POST_LIKED-p0-2026-11-30",
                "POST_LIKED-p012-2026-11-30",
                "POST_LIKED-p9223372036854775808-2026-11-30",
                "POST_LIKED-p12-c31-2026-11-30",
                "POST_LIKED-m7-2026-11-30",
                "COMMENT_LIKED-p12-2026-11-30",
                "MEMBER_FOLLOWED-p12-2026-11-30",
                "POST_LIKED-p12-2026-11-30 ",
                "POST_LIKED-p12-2026-11-30/x"
            })
    void anythingElseIsNotAKey(String text) {
        assertThat(GroupKey.parse(text)).isEmpty();
    }

    private static ActivityItem item(
            EventType type, Instant at, Long postId, Long commentId, Long parentCommentId, Long memberId) {
        return new ActivityItem(
                1,
                UUID.randomUUID(),
                type,
                at,
                new Actor(3, "bob", "Bob"),
                postId,
                commentId,
                parentCommentId,
                memberId,
                "",
                at);
    }
}
