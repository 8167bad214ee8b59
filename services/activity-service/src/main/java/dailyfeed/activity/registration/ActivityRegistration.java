package dailyfeed.activity.registration;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import dailyfeed.platform.validation.StorableText;
import dailyfeed.platform.web.InvalidRequest;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import java.time.Instant;
import java.util.Arrays;
import java.util.UUID;

/**
 * The body of {@code POST /api/activities}: an activity event, in the same JSON shape as on the topic. Fields of the
 * event contract that registration does not use (such as {@code followVersion}) are accepted and ignored, and the
 * description says so.
 */
@Schema(additionalProperties = Schema.AdditionalPropertiesValue.TRUE)
record ActivityRegistration(
        @NotNull UUID eventId,
        @NotBlank String type,
        @NotNull Instant occurredAt,
        @NotNull @Valid ActorBody actor,
        @Schema(nullable = true) Long postId,
        @Schema(nullable = true) Long commentId,
        @Schema(nullable = true) Long parentCommentId,
        @Schema(nullable = true) Long targetMemberId,

        @Schema(nullable = true) @StorableText @Size(max = ActivityEvent.SUMMARY_MAX_LENGTH)
        String summary,

        @Schema(nullable = true, description = "Left out: the current version; no other is accepted.")
        Integer schemaVersion,

        @Schema(
                nullable = true,
                description = "Whom the activity is about (see the event contract); left out: unknown.")
        @Positive
        Long targetOwnerId,

        @Schema(nullable = true, description = "The author of the post concerned; left out: unknown.") @Positive
        Long postOwnerId) {

    record ActorBody(
            @NotNull @Positive Long id,
            @NotBlank @StorableText String handle,
            @NotBlank @StorableText String displayName) {}

    /** The event this body describes; an unknown type is a 400 on {@code type}. */
    ActivityEvent toEvent() {
        EventType eventType;
        try {
            eventType = EventType.valueOf(type);
        } catch (IllegalArgumentException e) {
            throw new InvalidRequest("type", "must be one of " + Arrays.toString(EventType.values()));
        }
        return new ActivityEvent(
                eventId,
                eventType,
                occurredAt,
                new Actor(actor.id(), actor.handle(), actor.displayName()),
                postId,
                commentId,
                parentCommentId,
                targetMemberId,
                summary,
                schemaVersion == null ? ActivityEvent.CURRENT_SCHEMA_VERSION : schemaVersion,
                null,
                targetOwnerId,
                postOwnerId);
    }
}
