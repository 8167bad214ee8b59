package dailyfeed.content.comment;

import dailyfeed.platform.paging.CursorPage;
import dailyfeed.platform.paging.IdCursor;
import dailyfeed.platform.paging.PageRequest;
import dailyfeed.platform.security.CurrentMember;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Comments and replies of a post, and editing or deleting one. */
@RestController
class CommentController {

    private static final String NO_COMMENT = "No such comment, or it or its post was deleted.";
    private static final String NOT_THE_AUTHOR = "Only the comment's author may change it.";

    private final Commenting commenting;

    CommentController(Commenting commenting) {
        this.commenting = commenting;
    }

    @PostMapping("/api/posts/{postId}/comments")
    @ApiResponse(
            responseCode = "201",
            description = "Written.",
            headers = @Header(name = "Location", description = "The new comment's path."))
    @ApiResponse(
            responseCode = "400",
            description = "A field breaks a rule, also a parent comment of another post or a reply nested deeper than"
                    + " two levels (on `parentCommentId`).")
    @ApiResponse(responseCode = "404", description = "No such post or parent comment, or it was deleted.")
    ResponseEntity<CommentView> write(
            @PathVariable long postId, @Valid @RequestBody CommentRequest request, @AuthenticationPrincipal Jwt token) {
        CommentView comment = CommentView.of(commenting.write(CurrentMember.of(token), postId, request));
        return ResponseEntity.created(URI.create("/api/comments/" + comment.id()))
                .body(comment);
    }

    @GetMapping("/api/posts/{postId}/comments")
    @ApiResponse(responseCode = "200", description = "A page of the post's comments and replies, oldest first.")
    @ApiResponse(responseCode = "404", description = "No such post, or it was deleted.")
    CursorPage<CommentView> ofPost(
            @PathVariable long postId,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer size) {
        return commenting
                .ofPost(postId, PageRequest.of(cursor, size, IdCursor::decode))
                .map(CommentView::of);
    }

    @PutMapping("/api/comments/{id}")
    @ApiResponse(responseCode = "200", description = "The comment as edited.")
    @ApiResponse(responseCode = "403", description = NOT_THE_AUTHOR)
    @ApiResponse(responseCode = "404", description = NO_COMMENT)
    CommentView edit(
            @PathVariable long id, @Valid @RequestBody CommentEdit request, @AuthenticationPrincipal Jwt token) {
        return CommentView.of(commenting.edit(CurrentMember.of(token), id, request));
    }

    @DeleteMapping("/api/comments/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "Deleted.")
    @ApiResponse(responseCode = "403", description = NOT_THE_AUTHOR)
    @ApiResponse(responseCode = "404", description = NO_COMMENT)
    void delete(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        commenting.delete(CurrentMember.of(token), id);
    }
}
