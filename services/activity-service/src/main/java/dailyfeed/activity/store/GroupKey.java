package dailyfeed.activity.store;

import dailyfeed.events.EventType;
import dailyfeed.platform.validation.StorableInstant;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Which group of the grouped feed an activity belongs to: its type, what it acts on and the UTC day it occurred. Likes
 * group by the liked post or comment, new comments by the post they are on (replies: by the comment they answer),
 * edits, deletions and unlikes by their post or comment, follows and unfollows by the member followed.
 *
 * <p>The key is a pure function of the activity, so a client can place a live event in its group, and a group never
 * changes its key as activities arrive. Its text form, for example {@code POST_LIKED-p12-2026-12-01} or {@code
 * COMMENT_CREATED-p12-c31-2026-12-01}, is safe in a URL path.
 *
 * @param commentId the comment the group is on: the liked, edited or deleted comment; for new comments the comment
 *     they answer ({@code null}: the post)
 */
public record GroupKey(EventType type, Long postId, Long commentId, Long memberId, LocalDate day) {

    private static final Pattern TEXT =
            Pattern.compile("([A-Z_]{1,30})(?:-p([1-9][0-9]{0,18}))?(?:-c([1-9][0-9]{0,18}))?(?:-m([1-9][0-9]{0,18}))?"
                    + "-([0-9]{4}-[0-9]{2}-[0-9]{2})");

    public GroupKey {
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(day, "day");
    }

    /** The group of this activity. */
    public static GroupKey of(ActivityItem item) {
        LocalDate day = LocalDate.ofInstant(item.occurredAt(), ZoneOffset.UTC);
        return switch (item.type()) {
            case POST_CREATED, POST_UPDATED, POST_DELETED, POST_LIKED, POST_UNLIKED ->
                new GroupKey(item.type(), item.postId(), null, null, day);
            case COMMENT_CREATED -> new GroupKey(item.type(), item.postId(), item.parentCommentId(), null, day);
            case COMMENT_UPDATED, COMMENT_DELETED, COMMENT_LIKED, COMMENT_UNLIKED ->
                new GroupKey(item.type(), item.postId(), item.commentId(), null, day);
            case MEMBER_FOLLOWED, MEMBER_UNFOLLOWED ->
                new GroupKey(item.type(), null, null, item.targetMemberId(), day);
        };
    }

    /** Reads a key's text form; empty for anything that is not one (an unknown type, a date that does not exist). */
    public static Optional<GroupKey> parse(String text) {
        Matcher m = TEXT.matcher(text == null ? "" : text);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            EventType type = EventType.valueOf(m.group(1));
            GroupKey key = new GroupKey(
                    type, number(m.group(2)), number(m.group(3)), number(m.group(4)), LocalDate.parse(m.group(5)));
            // only the shape an activity of this type gives, on a day the database can store, is a key
            return key.hasShapeOfItsType() && StorableInstant.Validator.isStorable(key.dayStart())
                    ? Optional.of(key)
                    : Optional.empty();
        } catch (IllegalArgumentException | DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The group of the activities that undo this group's, or that this group's undo: the unlikes of the same target on
     * the same day for likes, and so on. Empty for types nothing undoes.
     */
    public Optional<GroupKey> counterpart() {
        return counterpartOf(type).map(other -> new GroupKey(other, postId, commentId, memberId, day));
    }

    private static Optional<EventType> counterpartOf(EventType type) {
        return Optional.ofNullable(
                switch (type) {
                    case POST_LIKED -> EventType.POST_UNLIKED;
                    case POST_UNLIKED -> EventType.POST_LIKED;
                    case COMMENT_LIKED -> EventType.COMMENT_UNLIKED;
                    case COMMENT_UNLIKED -> EventType.COMMENT_LIKED;
                    case MEMBER_FOLLOWED -> EventType.MEMBER_UNFOLLOWED;
                    case MEMBER_UNFOLLOWED -> EventType.MEMBER_FOLLOWED;
                    default -> null;
                });
    }

    /** Where the group's day starts. */
    public Instant dayStart() {
        return day.atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /** The text form, as the API shows it. */
    public String text() {
        StringBuilder text = new StringBuilder(type.name());
        if (postId != null) {
            text.append("-p").append(postId);
        }
        if (commentId != null) {
            text.append("-c").append(commentId);
        }
        if (memberId != null) {
            text.append("-m").append(memberId);
        }
        return text.append('-').append(day).toString();
    }

    @Override
    public String toString() {
        return text();
    }

    private boolean hasShapeOfItsType() {
        return switch (type) {
            case POST_CREATED, POST_UPDATED, POST_DELETED, POST_LIKED, POST_UNLIKED ->
                postId != null && commentId == null && memberId == null;
            case COMMENT_CREATED -> postId != null && memberId == null;
            case COMMENT_UPDATED, COMMENT_DELETED, COMMENT_LIKED, COMMENT_UNLIKED ->
                postId != null && commentId != null && memberId == null;
            case MEMBER_FOLLOWED, MEMBER_UNFOLLOWED -> postId == null && commentId == null && memberId != null;
        };
    }

    private static Long number(String digits) {
        return digits == null ? null : Long.valueOf(digits);
    }
}
