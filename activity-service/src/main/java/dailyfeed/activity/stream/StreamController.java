package dailyfeed.activity.stream;

import dailyfeed.platform.security.CurrentMember;
import org.springframework.http.MediaType;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/** The caller's live stream of new followee activities, as SSE events named {@code activity}. */
@RestController
class StreamController {

    private final FollowingsStreams streams;

    StreamController(FollowingsStreams streams) {
        this.streams = streams;
    }

    @GetMapping(path = "/api/activities/followings/stream", produces = MediaType.TEXT_EVENT_STREAM_VALUE)
    SseEmitter stream(@AuthenticationPrincipal Jwt token) {
        return streams.open(CurrentMember.of(token).id());
    }
}
