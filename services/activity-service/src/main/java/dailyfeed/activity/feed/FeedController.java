package dailyfeed.activity.feed;

import dailyfeed.activity.store.ActivityItem;
import dailyfeed.platform.paging.CursorPage;
import dailyfeed.platform.paging.PageRequest;
import dailyfeed.platform.paging.TimeAndIdCursor;
import dailyfeed.platform.security.CurrentMember;
import dailyfeed.platform.validation.StorableInstant;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.time.Instant;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's followings feed, one member's activities, the activities about the caller, and the banner's unread
 * count and seen marker.
 */
@RestController
@RequestMapping("/api/activities")
class FeedController {

    private final FollowingsFeed feed;

    FeedController(FollowingsFeed feed) {
        this.feed = feed;
    }

    @GetMapping("/followings")
    CursorPage<ActivityItem> followings(
            @AuthenticationPrincipal Jwt token,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String types) {
        return feed.followings(
                CurrentMember.of(token).id(), PageRequest.of(cursor, size, TimeAndIdCursor::decode), types);
    }

    @GetMapping("/about-me")
    @ApiResponse(
            responseCode = "200",
            description = "A page of the activities about the caller, newest first: comments and replies on their"
                    + " posts and comments, likes of them and follows of the caller, by anyone but the caller."
                    + " Likes and follows undone the same day are left out.")
    CursorPage<ActivityItem> aboutMe(
            @AuthenticationPrincipal Jwt token,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String types) {
        return feed.aboutMe(CurrentMember.of(token).id(), PageRequest.of(cursor, size, TimeAndIdCursor::decode), types);
    }

    @GetMapping("/members/{memberId}")
    @ApiResponse(responseCode = "200", description = "A page of the member's activities, newest first.")
    @ApiResponse(responseCode = "403", description = "The caller neither is nor follows this member.")
    CursorPage<ActivityItem> ofMember(
            @AuthenticationPrincipal Jwt token,
            @PathVariable long memberId,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer size) {
        return feed.ofMember(
                CurrentMember.of(token).id(), memberId, PageRequest.of(cursor, size, TimeAndIdCursor::decode));
    }

    @GetMapping("/followings/unread-count")
    FollowingsFeed.UnreadCount unreadCount(@AuthenticationPrincipal Jwt token) {
        return feed.unread(CurrentMember.of(token).id());
    }

    @PutMapping("/followings/seen")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "The marker moved forward, or stayed where it was further on.")
    @ApiResponse(
            responseCode = "400",
            description = "`until` more than a minute in the future or outside the years 1-9999, or a body that is"
                    + " not JSON of this shape.")
    void markSeen(@AuthenticationPrincipal Jwt token, @Valid @RequestBody(required = false) SeenRequest request) {
        feed.markSeen(CurrentMember.of(token).id(), request == null ? null : request.until());
    }

    /** Body of the seen marker: up to when the caller has seen their followings' activity; absent means now. */
    record SeenRequest(
            @Schema(nullable = true, description = "Default: now.") @StorableInstant
            Instant until) {}
}
