package dailyfeed.activity.stream;

import dailyfeed.platform.security.CurrentMember;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * The caller's live stream of new followee activities and banner updates ({@code docs/live-stream.md}). The response
 * continues asynchronously: this method returns at once and no thread waits for the stream.
 */
@RestController
class StreamController {

    private final FollowingsStreams streams;

    StreamController(FollowingsStreams streams) {
        this.streams = streams;
    }

    @GetMapping(path = "/api/activities/followings/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    @ApiResponse(
            responseCode = "200",
            description = "Server-sent events: `activity`, `withdrawn`, `seen` and `reload` (docs/live-stream.md).",
            content = @Content(mediaType = MediaType.TEXT_EVENT_STREAM_VALUE, schema = @Schema(type = "string")))
    @ApiResponse(
            responseCode = "429",
            description = "The member already holds as many open streams as one may (8 by default).")
    void stream(
            @AuthenticationPrincipal Jwt token,
            @RequestHeader(name = "Last-Event-ID", required = false) String lastEventId,
            HttpServletRequest request,
            HttpServletResponse response)
            throws IOException {
        streams.open(CurrentMember.of(token).id(), lastEventId, request, response);
    }
}
