package dailyfeed.activity.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dailyfeed.activity.ActivityApi;
import dailyfeed.activity.ActivityServiceTest;
import dailyfeed.activity.Events;
import dailyfeed.activity.store.ActivityRecorder;
import dailyfeed.activity.store.MemberActivities;
import dailyfeed.activity.store.StreamPosition;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.EventType;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Resume after a drop, the limits of a stream, withdrawn text and the seen marker, on the real database. */
@ActivityServiceTest
class LiveStreamIntegrationTests {

    private static final Duration WAIT = Duration.ofSeconds(15);

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    @Autowired
    ActivityRecorder recorder;

    @Autowired
    FollowingsStreams streams;

    @Autowired
    StreamTailer tailer;

    @Autowired
    MemberActivities activities;

    @Autowired
    PlatformTransactionManager transactions;

    long reader;
    long ann;

    @BeforeEach
    void followAnn() {
        await().atMost(WAIT).until(tailer::isListening);
        reader = Events.newMember();
        ann = Events.newMember();
        recorder.record(List.of(Events.follow(reader, ann, Events.now().minusSeconds(60))));
    }

    @Test
    void everyActivityCarriesAnIdAndAReconnectWithLastEventIdGetsWhatWasMissedInOrderExactlyOnce() throws Exception {
        ActivityEvent seen = Events.post(ann, Events.now());
        String lastEventId;
        try (SseClient client = open(null)) {
            recorder.record(List.of(seen));
            SseClient.Received received = client.next(WAIT);
            assertThat(received.eventId()).isEqualTo(seen.eventId());
            assertThat(received.id()).as("the SSE id is the activity's id").isEqualTo(activityIdOf(seen.eventId()));
            lastEventId = received.id();
        }
        // missed while the client was away: three, stored by separate transactions, and one of a stranger
        List<ActivityEvent> missed = IntStream.range(0, 3)
                .mapToObj(i -> Events.post(ann, Events.now()))
                .toList();
        missed.forEach(event -> recorder.record(List.of(event)));
        recorder.record(List.of(Events.post(Events.newMember(), Events.now())));

        try (SseClient client = open(lastEventId)) {
            List<UUID> replayed = new ArrayList<>();
            for (int i = 0; i < missed.size(); i++) {
                replayed.add(client.next(WAIT).eventId());
            }
            assertThat(replayed)
                    .containsExactlyElementsOf(
                            missed.stream().map(ActivityEvent::eventId).toList());

            ActivityEvent live = Events.post(ann, Events.now());
            recorder.record(List.of(live));
            assertThat(client.next(WAIT).eventId())
                    .as("then the live ones, nothing twice")
                    .isEqualTo(live.eventId());
        }
    }

    @Test
    void oneMembersActivitiesStoredTogetherAreStreamedInTheOrderTheyCame() throws Exception {
        List<ActivityEvent> batch = IntStream.range(0, 12)
                .mapToObj(i -> Events.post(ann, Events.now()))
                .toList();
        try (SseClient client = open(null)) {
            recorder.record(batch);
            List<UUID> received = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                received.add(client.next(WAIT).eventId());
            }
            assertThat(received)
                    .containsExactlyElementsOf(
                            batch.stream().map(ActivityEvent::eventId).toList());
        }
    }

    @Test
    void aResumeThatMissedMoreThanTheLimitIsToldToReloadAndThenGoesLive() throws Exception {
        String lastEventId;
        try (SseClient client = open(null)) {
            ActivityEvent first = Events.post(ann, Events.now());
            recorder.record(List.of(first));
            lastEventId = client.next(WAIT).id();
        }
        List<ActivityEvent> missed = IntStream.range(0, 1001)
                .mapToObj(i -> Events.post(ann, Events.now()))
                .toList();
        recorder.record(missed);
        awaitStreamed(missed.get(missed.size() - 1).eventId()); // else the rest would come live, after a smaller replay

        try (SseClient client = open(lastEventId)) {
            SseClient.Received reload = client.next(WAIT);
            assertThat(reload.name()).isEqualTo(SseFrames.RELOAD);
            assertThat(reload.id()).as("where to resume from next time").isNotBlank();
            ActivityEvent live = Events.post(ann, Events.now());
            recorder.record(List.of(live));
            assertThat(client.next(WAIT).eventId()).isEqualTo(live.eventId());
        }
    }

    @Test
    void anUnknownLastEventIdIsToldToReload() throws Exception {
        try (SseClient client = open("not-an-id")) {
            assertThat(client.next(WAIT).name()).isEqualTo(SseFrames.RELOAD);
        }
    }

    /**
     * Row ids are taken at insert, so a transaction that commits later can hold a lower id: streaming by id (live, or
     * after a reconnect) either skips it or sends it out of order. The stream order waits for it.
     */
    @Test
    void anActivityCommittedAfterANewerOneIsStreamedFirstAndNothingIsSkipped() throws Exception {
        ActivityEvent early = Events.post(ann, Events.now());
        ActivityEvent late = Events.post(ann, Events.now());
        CountDownLatch earlyStored = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        try (SseClient client = open(null)) {
            Thread slow = new Thread(() -> new TransactionTemplate(transactions).executeWithoutResult(status -> {
                recorder.record(List.of(early)); // takes its row id and transaction id now...
                earlyStored.countDown();
                awaitQuietly(commit); // ...and commits last
            }));
            slow.start();
            assertThat(earlyStored.await(15, TimeUnit.SECONDS)).isTrue();
            recorder.record(List.of(late));

            assertThat(client.next(Duration.ofMillis(500)))
                    .as("nothing is streamed while an older transaction may still commit before it")
                    .isNull();
            commit.countDown();
            slow.join(15_000);

            assertThat(List.of(client.next(WAIT).eventId(), client.next(WAIT).eventId()))
                    .containsExactly(early.eventId(), late.eventId());
        } finally {
            commit.countDown();
        }
    }

    @Test
    void aMemberHoldsAtMostTheConfiguredNumberOfStreams() throws Exception {
        List<SseClient> open = new ArrayList<>();
        try {
            for (int i = 0; i < 8; i++) {
                open.add(open(null));
            }
            new ActivityApi(port)
                    .client()
                    .get()
                    .uri("/api/activities/followings/stream")
                    .accept(MediaType.TEXT_EVENT_STREAM)
                    .header(HttpHeaders.AUTHORIZATION, ActivityApi.memberBearer(reader))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(429)
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.title")
                    .isEqualTo("Too many open streams");
            // another member is not affected
            try (SseClient other = SseClient.open(port, ActivityApi.memberBearer(Events.newMember()))) {
                assertThat(other.contentType()).startsWith(MediaType.TEXT_EVENT_STREAM_VALUE);
            }
            open.remove(0).close();
            await().atMost(WAIT).until(() -> streams.openConnections(reader) == 7);
            open.add(open(null));
            assertThat(streams.openConnections(reader)).isEqualTo(8);
        } finally {
            open.forEach(SseClient::close);
        }
    }

    @Test
    void aReaderWhoStopsReadingIsDroppedWithoutDelayingAnyoneElse() throws Exception {
        long stuck = Events.newMember();
        recorder.record(List.of(Events.follow(stuck, ann, Events.now().minusSeconds(60))));
        try (Socket never = new Socket();
                SseClient client = open(null)) {
            never.setReceiveBufferSize(4096);
            never.connect(new java.net.InetSocketAddress("localhost", port));
            OutputStream request = never.getOutputStream();
            request.write(
                    ("GET /api/activities/followings/stream HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n"
                                    + "Authorization: " + ActivityApi.memberBearer(stuck) + "\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
            request.flush();
            await().atMost(WAIT).until(() -> streams.openConnections(stuck) == 1);

            // far more than the socket buffers hold: about 12 MB of events
            String text = "x".repeat(ActivityEvent.SUMMARY_MAX_LENGTH);
            ActivityEvent last = null;
            for (int batch = 0; batch < 20; batch++) {
                List<ActivityEvent> events = IntStream.range(0, 1000)
                        .mapToObj(i -> Events.event(
                                EventType.POST_CREATED, ann, Events.now(), Events.newMember(), null, null, null, text))
                        .toList();
                recorder.record(events);
                last = events.get(events.size() - 1);
                drainUntil(client, last.eventId());
            }
            await().atMost(WAIT).until(() -> streams.openConnections(stuck) == 0);
            assertThat(streams.openConnections(reader))
                    .as("the reading client is still connected")
                    .isEqualTo(1);
            assertThat(endOfResponse(never))
                    .as("the server ended the dropped stream's response")
                    .isTrue();
        }
    }

    @Test
    void deletingAPostWithdrawsItsTextFromEveryActivityQuotingItAndTellsTheOpenStreams() throws Exception {
        long bob = Events.newMember();
        long carol = Events.newMember();
        recorder.record(List.of(Events.follow(reader, bob, Events.now().minusSeconds(60))));
        long postId = Events.newMember(); // any unused number
        String secret = "Secret plans for the weekend";
        try (SseClient client = open(null)) {
            ActivityEvent posted =
                    Events.event(EventType.POST_CREATED, ann, Events.now(), postId, null, null, null, secret);
            ActivityEvent liked =
                    Events.event(EventType.POST_LIKED, bob, Events.now(), postId, null, null, null, secret);
            recorder.record(List.of(posted));
            recorder.record(List.of(liked));
            assertThat(client.next(WAIT).data()).contains(secret);
            assertThat(client.next(WAIT).data()).contains(secret);

            ActivityEvent deleted =
                    Events.event(EventType.POST_DELETED, ann, Events.now(), postId, null, null, null, secret);
            recorder.record(List.of(deleted));

            List<SseClient.Received> next = List.of(client.next(WAIT), client.next(WAIT));
            SseClient.Received withdrawn = next.stream()
                    .filter(e -> e.name().equals(SseFrames.WITHDRAWN))
                    .findFirst()
                    .orElseThrow();
            assertThat(withdrawn.data()).contains(activityIdOf(posted.eventId()), activityIdOf(liked.eventId()));
            SseClient.Received deletion = next.stream()
                    .filter(e -> e.name().equals(SseFrames.ACTIVITY))
                    .findFirst()
                    .orElseThrow();
            assertThat(deletion.eventId()).isEqualTo(deleted.eventId());
            assertThat(deletion.data()).as("the deletion carries no text").doesNotContain(secret);

            // a like that arrives after the deletion (another partition) is stored without the text
            recorder.record(
                    List.of(Events.event(EventType.POST_LIKED, carol, Events.now(), postId, null, null, null, secret)));
        }
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM member_activities WHERE post_id = ?", Integer.class, postId))
                .isEqualTo(4);
        assertThat(jdbc.queryForObject(
                        "SELECT count(*) FROM member_activities WHERE post_id = ? AND summary <> ''",
                        Integer.class,
                        postId))
                .as("no stored activity quotes the deleted post")
                .isZero();
        Map<String, Object> feed = new ActivityApi(port).page("/api/activities/followings?size=10", reader);
        assertThat(feed.toString()).doesNotContain(secret).contains("POST_LIKED", "POST_DELETED", "POST_CREATED");
    }

    @Test
    void deletingACommentWithdrawsOnlyThatCommentsText() throws Exception {
        long postId = Events.newMember();
        long commentId = Events.newMember();
        long replyId = Events.newMember();
        recorder.record(List.of(
                Events.event(
                        EventType.COMMENT_CREATED, ann, Events.now(), postId, commentId, null, null, "the comment"),
                Events.event(
                        EventType.COMMENT_CREATED, ann, Events.now(), postId, replyId, commentId, null, "the reply"),
                Events.event(
                        EventType.COMMENT_LIKED, ann, Events.now(), postId, commentId, null, null, "the comment")));
        recorder.record(List.of(Events.event(
                EventType.COMMENT_DELETED, ann, Events.now(), postId, commentId, null, null, "the comment")));

        assertThat(jdbc.queryForList(
                        "SELECT type || ' ' || comment_id || ': ' || summary FROM member_activities"
                                + " WHERE post_id = ?",
                        String.class,
                        postId))
                .containsExactlyInAnyOrder(
                        "COMMENT_CREATED " + commentId + ": ", "COMMENT_LIKED " + commentId + ": ",
                        "COMMENT_DELETED " + commentId + ": ", "COMMENT_CREATED " + replyId + ": the reply");
    }

    @Test
    void movingTheSeenMarkerTellsEveryOpenStreamOfTheMember() throws Exception {
        try (SseClient firstTab = open(null);
                SseClient secondTab = open(null);
                SseClient stranger = SseClient.open(port, ActivityApi.memberBearer(Events.newMember()))) {
            new ActivityApi(port)
                    .client()
                    .put()
                    .uri("/api/activities/followings/seen")
                    .header(HttpHeaders.AUTHORIZATION, ActivityApi.memberBearer(reader))
                    .exchange()
                    .expectStatus()
                    .isNoContent();
            for (SseClient tab : List.of(firstTab, secondTab)) {
                SseClient.Received seen = tab.next(WAIT);
                assertThat(seen.name()).isEqualTo(SseFrames.SEEN);
                assertThat(seen.data()).contains("\"until\"");
            }
            assertThat(stranger.next(Duration.ofMillis(300)))
                    .as("other members hear nothing")
                    .isNull();
        }
    }

    private SseClient open(String lastEventId) throws InterruptedException {
        return SseClient.open(port, ActivityApi.memberBearer(reader), lastEventId);
    }

    private String activityIdOf(UUID eventId) {
        return Long.toString(
                jdbc.queryForObject("SELECT id FROM member_activities WHERE event_id = ?", Long.class, eventId));
    }

    /** Waits until this instance handed the activity to its streams: a resume from now on replays it. */
    private void awaitStreamed(UUID eventId) {
        StreamPosition position =
                activities.positionOf(Long.parseLong(activityIdOf(eventId))).orElseThrow();
        await().atMost(WAIT).until(() -> !position.isAfter(streams.delivered()));
    }

    private static void drainUntil(SseClient client, UUID eventId) throws InterruptedException {
        for (SseClient.Received next = client.next(WAIT); ; next = client.next(WAIT)) {
            assertThat(next).as("the reading client keeps receiving").isNotNull();
            if (next.name().equals(SseFrames.ACTIVITY) && next.eventId().equals(eventId)) {
                return;
            }
        }
    }

    /** Reads what waited in the socket: true if the chunked response ends (the terminating chunk) or the server closes. */
    private static boolean endOfResponse(Socket socket) throws java.io.IOException {
        socket.setSoTimeout((int) WAIT.toMillis());
        InputStream in = socket.getInputStream();
        byte[] end = "\r\n0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
        byte[] tail = new byte[end.length];
        byte[] buffer = new byte[64 * 1024];
        for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
            for (int i = 0; i < n; i++) {
                System.arraycopy(tail, 1, tail, 0, tail.length - 1);
                tail[tail.length - 1] = buffer[i];
            }
            if (java.util.Arrays.equals(tail, end)) {
                return true;
            }
        }
        return true; // closed by the server
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
