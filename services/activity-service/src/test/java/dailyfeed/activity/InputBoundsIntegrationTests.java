package dailyfeed.activity;

import dailyfeed.platform.paging.TimeAndIdCursor;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

/** Cursors and instants PostgreSQL cannot hold are the client's mistake: 400 problem+json, never a 500. */
@ActivityServiceTest
class InputBoundsIntegrationTests {

    @LocalServerPort
    int port;

    ActivityApi api;

    @BeforeEach
    void connect() {
        api = new ActivityApi(port);
    }

    @Test
    void aCursorBeyondWhatTheDatabaseHoldsIs400OnEveryList() {
        long member = Events.newMember();
        String farFuture = new TimeAndIdCursor(Instant.parse("+300000-01-01T00:00:00Z"), 1).encode();
        String idBeyondBigint = Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString("2026-01-01T00:00:00Z|9223372036854775808".getBytes(StandardCharsets.UTF_8));
        for (String cursor : new String[] {farFuture, idBeyondBigint}) {
            for (String list : new String[] {"/api/activities/followings", "/api/activities/members/" + member}) {
                api.get(list + "?cursor=" + cursor, member)
                        .expectStatus()
                        .isBadRequest()
                        .expectHeader()
                        .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
            }
        }
    }

    @Test
    void aSeenMarkerBeyondWhatTheDatabaseHoldsIs400() {
        long member = Events.newMember();
        for (String until : new String[] {"+300000-01-01T00:00:00Z", "-300000-01-01T00:00:00Z"}) {
            api.client()
                    .put()
                    .uri("/api/activities/followings/seen")
                    .header(HttpHeaders.AUTHORIZATION, ActivityApi.memberBearer(member))
                    .contentType(MediaType.APPLICATION_JSON)
                    .body("{\"until\": \"" + until + "\"}")
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
        api.get("/api/activities/followings/unread-count", member)
                .expectStatus()
                .isOk();
    }
}
