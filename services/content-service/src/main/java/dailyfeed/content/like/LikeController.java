package dailyfeed.content.like;

import dailyfeed.platform.security.CurrentMember;
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

    private final Liking liking;

    LikeController(Liking liking) {
        this.liking = liking;
    }

    @PutMapping("/api/posts/{id}/like")
    void likePost(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        liking.likePost(CurrentMember.of(token), id);
    }

    @DeleteMapping("/api/posts/{id}/like")
    void unlikePost(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        liking.unlikePost(CurrentMember.of(token), id);
    }

    @PutMapping("/api/comments/{id}/like")
    void likeComment(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        liking.likeComment(CurrentMember.of(token), id);
    }

    @DeleteMapping("/api/comments/{id}/like")
    void unlikeComment(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        liking.unlikeComment(CurrentMember.of(token), id);
    }
}
