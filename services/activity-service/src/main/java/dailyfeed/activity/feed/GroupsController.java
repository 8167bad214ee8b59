package dailyfeed.activity.feed;

import dailyfeed.activity.store.ActivityItem;
import dailyfeed.activity.store.GroupKey;
import dailyfeed.platform.paging.CursorPage;
import dailyfeed.platform.paging.PageRequest;
import dailyfeed.platform.paging.TimeAndIdCursor;
import dailyfeed.platform.paging.TimeAndKeyCursor;
import dailyfeed.platform.security.CurrentMember;
import dailyfeed.platform.web.InvalidRequest;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The caller's followings feed in groups, one group, and a group's activities. */
@RestController
@RequestMapping("/api/activities/followings/groups")
class GroupsController {

    private final GroupedFeed feed;

    GroupsController(GroupedFeed feed) {
        this.feed = feed;
    }

    @GetMapping
    @ApiResponse(
            responseCode = "200",
            description = "A page of groups, newest first: the followees' activities of one type on one target on one"
                    + " UTC day. Later pages show the groups as they were at the first page.")
    CursorPage<ActivityGroup> groups(
            @AuthenticationPrincipal Jwt token,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer size,
            @RequestParam(required = false) String types) {
        return feed.groups(
                CurrentMember.of(token).id(),
                PageRequest.of(cursor, size, TimeAndKeyCursor::decode),
                TypeFilter.of(types));
    }

    @GetMapping("/{groupKey}")
    @ApiResponse(responseCode = "200", description = "The group as it is now.")
    @ApiResponse(responseCode = "400", description = "Not a group key.")
    @ApiResponse(responseCode = "404", description = "None of the caller's followees' activities is in this group.")
    ActivityGroup group(@AuthenticationPrincipal Jwt token, @PathVariable String groupKey) {
        GroupKey key = keyOf(groupKey);
        return feed.group(CurrentMember.of(token).id(), key).orElseThrow(() -> new GroupNotFound(key));
    }

    @GetMapping("/{groupKey}/activities")
    @ApiResponse(responseCode = "200", description = "A page of the group's activities, newest first.")
    @ApiResponse(responseCode = "400", description = "Not a group key.")
    CursorPage<ActivityItem> activities(
            @AuthenticationPrincipal Jwt token,
            @PathVariable String groupKey,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer size) {
        return feed.activities(
                CurrentMember.of(token).id(), keyOf(groupKey), PageRequest.of(cursor, size, TimeAndIdCursor::decode));
    }

    private static GroupKey keyOf(String text) {
        return GroupKey.parse(text)
                .orElseThrow(
                        () -> new InvalidRequest("groupKey", "is not a group key such as POST_LIKED-p12-2026-12-01"));
    }
}
