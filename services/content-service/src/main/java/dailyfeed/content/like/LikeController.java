package dailyfeed.content.like;

import dailyfeed.platform.security.CurrentMember;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import org.springframework.http.HttpStatus;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Like and unlike posts and comments; both are idempotent. */
@RestController
@ResponseStatus(HttpStatus.NO_CONTENT)
class LikeController {

    private static final String NO_POST = "No such post, or it was deleted.";
    private static final String NO_COMMENT = "No such comment, or it or its post was deleted.";

    private final Liking liking;

    LikeController(Liking liking) {
        this.liking = liking;
    }

    @PutMapping("/api/posts/{id}/like")
    @ApiResponse(responseCode = "204", description = "Liked, also if it already was.")
    @ApiResponse(responseCode = "404", description = NO_POST)
    void likePost(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        liking.likePost(CurrentMember.of(token), id);
    }

    @DeleteMapping("/api/posts/{id}/like")
    @ApiResponse(responseCode = "204", description = "Unliked, also if there was no like.")
    @ApiResponse(responseCode = "404", description = NO_POST)
    void unlikePost(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        liking.unlikePost(CurrentMember.of(token), id);
    }

    @PutMapping("/api/comments/{id}/like")
    @ApiResponse(responseCode = "204", description = "Liked, also if it already was.")
    @ApiResponse(responseCode = "404", description = NO_COMMENT)
    void likeComment(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        liking.likeComment(CurrentMember.of(token), id);
    }

    @DeleteMapping("/api/comments/{id}/like")
    @ApiResponse(responseCode = "204", description = "Unliked, also if there was no like.")
    @ApiResponse(responseCode = "404", description = NO_COMMENT)
    void unlikeComment(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        liking.unlikeComment(CurrentMember.of(token), id);
    }
}
