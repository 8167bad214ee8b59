package dailyfeed.activity.feed;

import dailyfeed.activity.store.GroupKey;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.List;

/**
 * One line of the grouped followings feed: the followees' activities of one type on one target on one UTC day, such as
 * three followees liking the same post. Undone likes and follows are not in it ({@code store.Undos}).
 *
 * @param count how many activities the group holds
 * @param actorCount how many members did them
 * @param sampleActors up to three of those members, the one who acted last first
 * @param latestAt when the newest activity of the group occurred
 * @param summary the newest activity's quote of the post, comment or member
 * @param activitiesPath where the group's activities are listed, newest first
 */
record ActivityGroup(
        @Schema(example = "POST_LIKED-p12-2026-12-01") String groupKey,
        EventType type,
        Target target,
        long count,
        long actorCount,
        List<Actor> sampleActors,
        Instant latestAt,
        String summary,

        @Schema(example = "/api/activities/followings/groups/POST_LIKED-p12-2026-12-01/activities")
        String activitiesPath) {

    /** Most members a group names. */
    static final int SAMPLE_SIZE = 3;

    /**
     * What the group's activities act on: a post, a comment of it (for new comments: the comment they answer, none
     * for comments on the post itself) or a member.
     */
    record Target(
            @Schema(nullable = true) Long postId,
            @Schema(nullable = true) Long commentId,
            @Schema(nullable = true) Long targetMemberId) {}

    static ActivityGroup of(
            GroupKey key, long count, long actorCount, List<Actor> sampleActors, Instant latestAt, String summary) {
        return new ActivityGroup(
                key.text(),
                key.type(),
                new Target(key.postId(), key.commentId(), key.memberId()),
                count,
                actorCount,
                List.copyOf(sampleActors),
                latestAt,
                summary,
                "/api/activities/followings/groups/" + key.text() + "/activities");
    }
}
