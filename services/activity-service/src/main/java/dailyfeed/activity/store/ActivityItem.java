package dailyfeed.activity.store;

import com.fasterxml.jackson.annotation.JsonProperty;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/**
 * One stored activity as the API shows it; {@code id} is this service's row id, {@code eventId} the producer's.
 * {@code occurredAt} is when the member did it (the producer's clock); {@code arrivedAt} when this service stored it
 * (the database's clock) — "new" in the banner goes by arrival, so an activity that arrives late is still new.
 */
public record ActivityItem(
        long id,
        UUID eventId,
        EventType type,
        Instant occurredAt,
        Actor actor,
        @Schema(nullable = true) Long postId,
        @Schema(nullable = true) Long commentId,
        @Schema(nullable = true) Long parentCommentId,
        @Schema(nullable = true) Long targetMemberId,
        String summary,
        Instant arrivedAt) {

    /** The group of the grouped feed this activity belongs to, so that a live one can be merged into its group. */
    @JsonProperty("groupKey")
    @Schema(
            description = "The group of the grouped followings feed this activity belongs to.",
            example = "POST_LIKED-p12-2026-12-01")
    public String groupKey() {
        return GroupKey.of(this).text();
    }
}
