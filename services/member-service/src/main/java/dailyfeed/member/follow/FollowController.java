package dailyfeed.member.follow;

import dailyfeed.member.account.MemberSummary;
import dailyfeed.platform.paging.CursorPage;
import dailyfeed.platform.paging.IdCursor;
import dailyfeed.platform.paging.PageRequest;
import dailyfeed.platform.security.CurrentMember;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Follow, unfollow, and the follow lists of a member. */
@RestController
@RequestMapping("/api/members/{id}")
class FollowController {

    private final Following following;

    FollowController(Following following) {
        this.following = following;
    }

    @PutMapping("/follow")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "Followed, also if already followed.")
    @ApiResponse(responseCode = "400", description = "Following yourself, or an id that is not a number.")
    @ApiResponse(responseCode = "404", description = "No such member.")
    void follow(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        following.follow(CurrentMember.of(token).id(), id);
    }

    @DeleteMapping("/follow")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "Not followed any more, also if not followed before.")
    @ApiResponse(responseCode = "404", description = "No such member.")
    void unfollow(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        following.unfollow(CurrentMember.of(token).id(), id);
    }

    @GetMapping("/followings")
    @ApiResponse(responseCode = "200", description = "A page of the members this member follows, latest follow first.")
    @ApiResponse(responseCode = "404", description = "No such member.")
    CursorPage<MemberSummary> followings(
            @PathVariable long id,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer size) {
        return following.list(Follows.Side.FOLLOWINGS, id, PageRequest.of(cursor, size, IdCursor::decode));
    }

    @GetMapping("/followers")
    @ApiResponse(
            responseCode = "200",
            description = "A page of the members following this member, latest follow first.")
    @ApiResponse(responseCode = "404", description = "No such member.")
    CursorPage<MemberSummary> followers(
            @PathVariable long id,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer size) {
        return following.list(Follows.Side.FOLLOWERS, id, PageRequest.of(cursor, size, IdCursor::decode));
    }
}
