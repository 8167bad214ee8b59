package dailyfeed.content.post;

import dailyfeed.platform.paging.CursorPage;
import dailyfeed.platform.paging.IdCursor;
import dailyfeed.platform.paging.PageRequest;
import dailyfeed.platform.security.CurrentMember;
import dailyfeed.platform.web.InvalidRequest;
import io.swagger.v3.oas.annotations.Parameter;
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
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Posts: write, read, edit, delete, and an author's list. */
@RestController
@RequestMapping("/api/posts")
class PostController {

    private static final String NO_POST = "No such post, or it was deleted.";
    private static final String NOT_THE_AUTHOR = "Only the post's author may change it.";

    private final Posting posting;

    PostController(Posting posting) {
        this.posting = posting;
    }

    @PostMapping
    @ApiResponse(
            responseCode = "201",
            description = "Written.",
            headers = @Header(name = "Location", description = "The new post's path."))
    ResponseEntity<PostView> write(@Valid @RequestBody PostRequest request, @AuthenticationPrincipal Jwt token) {
        PostView post = PostView.of(posting.write(CurrentMember.of(token), request));
        return ResponseEntity.created(URI.create("/api/posts/" + post.id())).body(post);
    }

    @GetMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "The post.")
    @ApiResponse(responseCode = "404", description = NO_POST)
    PostView read(@PathVariable long id) {
        return PostView.of(posting.read(id));
    }

    @GetMapping
    CursorPage<PostView> byAuthor(
            @Parameter(required = true, description = "The member whose posts to list.") @RequestParam(required = false)
                    Long authorId,
            @RequestParam(required = false) String cursor,
            @RequestParam(required = false) Integer size) {
        if (authorId == null) {
            throw new InvalidRequest("authorId", "is required: the posts of which member");
        }
        return posting.byAuthor(authorId, PageRequest.of(cursor, size, IdCursor::decode))
                .map(PostView::of);
    }

    @PutMapping("/{id}")
    @ApiResponse(responseCode = "200", description = "The post as edited.")
    @ApiResponse(responseCode = "403", description = NOT_THE_AUTHOR)
    @ApiResponse(responseCode = "404", description = NO_POST)
    PostView edit(@PathVariable long id, @Valid @RequestBody PostRequest request, @AuthenticationPrincipal Jwt token) {
        return PostView.of(posting.edit(CurrentMember.of(token), id, request));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @ApiResponse(responseCode = "204", description = "Deleted.")
    @ApiResponse(responseCode = "403", description = NOT_THE_AUTHOR)
    @ApiResponse(responseCode = "404", description = NO_POST + " (also when already deleted)")
    void delete(@PathVariable long id, @AuthenticationPrincipal Jwt token) {
        posting.delete(CurrentMember.of(token), id);
    }
}
