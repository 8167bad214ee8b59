package dailyfeed.content;

import static dailyfeed.content.ContentApi.id;
import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.content.ContentApi.Member;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.EventType;
import dailyfeed.testsupport.ActivityTopicRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

@ContentIntegrationTest
class LikeIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    EmbeddedKafkaBroker broker;

    ContentApi api;
    ActivityTopicRecorder topic;

    @BeforeEach
    void setUp() {
        api = new ContentApi(port);
        topic = ActivityTopicRecorder.open(broker);
    }

    @AfterEach
    void tearDown() {
        topic.close();
    }

    @Test
    void likingIsIdempotentAndCountsFollowTheLikers() {
        Member ann = ContentApi.member("ann");
        Member ben = ContentApi.member("ben");
        long post = id(api.post(ann, "t", "c"));
        long comment = id(api.comment(ann, post, "c"));

        for (String what : List.of("posts", "comments")) {
            long target = what.equals("posts") ? post : comment;
            api.like(ann, what, target).expectStatus().isNoContent();
            api.like(ann, what, target).expectStatus().isNoContent();
            api.like(ben, what, target).expectStatus().isNoContent();
            assertThat(likeCount(ann, what, post, target)).isEqualTo(2);
            api.unlike(ann, what, target).expectStatus().isNoContent();
            api.unlike(ann, what, target).expectStatus().isNoContent();
            assertThat(likeCount(ann, what, post, target)).isEqualTo(1);
            api.unlike(ben, what, target).expectStatus().isNoContent();
            api.unlike(ben, what, target).expectStatus().isNoContent();
            assertThat(likeCount(ann, what, post, target)).isZero();
        }
    }

    @Test
    void likingWhatIsGoneOrUnknownIs404() {
        Member cid = ContentApi.member("cid");
        long post = id(api.post(cid, "t", "c"));
        api.like(cid, "posts", post).expectStatus().isNoContent();
        api.deletePost(cid, post).expectStatus().isNoContent();

        api.like(cid, "posts", post).expectStatus().isNotFound();
        api.unlike(cid, "posts", post).expectStatus().isNotFound();
        for (String what : List.of("posts", "comments")) {
            api.like(cid, what, Long.MAX_VALUE).expectStatus().isNotFound();
            api.unlike(cid, what, Long.MAX_VALUE).expectStatus().isNotFound();
            api.client()
                    .put()
                    .uri("/api/" + what + "/1/like")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }
        assertThat(jdbc.sql("SELECT like_count FROM posts WHERE id = ?")
                        .param(post)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    /**
     * 50 members like and unlike one post at once, each in a random order with repeats. The count must equal the
     * final likers, and each member's events must be exactly their real changes: liked, unliked, liked, ...
     */
    @Test
    void concurrentLikesAndUnlikesKeepTheCountAndEmitOneEventPerChange() throws Exception {
        Member author = ContentApi.member("author");
        long post = id(api.post(author, "Popular", "like me"));
        List<Member> members = new ArrayList<>();
        Map<Long, List<Boolean>> plans = new HashMap<>();
        Random random = new Random(42);
        for (int i = 0; i < 50; i++) {
            Member member = ContentApi.member("fan");
            members.add(member);
            List<Boolean> plan = new ArrayList<>(); // true = like, false = unlike
            for (int step = 0; step < 4; step++) {
                plan.add(random.nextBoolean());
            }
            plans.put(member.id(), plan);
        }

        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        ExecutorService pool = Executors.newFixedThreadPool(50);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (Member member : members) {
            runs.add(pool.submit(() -> {
                start.await();
                for (boolean like : plans.get(member.id())) {
                    HttpRequest request = HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + port + "/api/posts/" + post + "/like"))
                            .header("Authorization", member.bearer())
                            .method(like ? "PUT" : "DELETE", HttpRequest.BodyPublishers.noBody())
                            .build();
                    assertThat(http.send(request, HttpResponse.BodyHandlers.discarding())
                                    .statusCode())
                            .isEqualTo(204);
                }
                return null;
            }));
        }
        start.countDown();
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();

        Set<Long> expectedLikers = new HashSet<>();
        Map<Long, List<EventType>> expectedEvents = new HashMap<>();
        plans.forEach((memberId, plan) -> {
            boolean liked = false;
            List<EventType> changes = new ArrayList<>();
            for (boolean like : plan) {
                if (like != liked) {
                    changes.add(like ? EventType.POST_LIKED : EventType.POST_UNLIKED);
                    liked = like;
                }
            }
            if (liked) {
                expectedLikers.add(memberId);
            }
            expectedEvents.put(memberId, changes);
        });
        assertThat(jdbc.sql("SELECT member_id FROM post_likes WHERE post_id = ?")
                        .param(post)
                        .query(Long.class)
                        .set())
                .isEqualTo(expectedLikers);
        assertThat(api.postNow(author, post)).containsEntry("likeCount", expectedLikers.size());

        // A last change per member marks the end of their events: it shares their partition, so it arrives last.
        for (Member member : members) {
            boolean liked = expectedLikers.contains(member.id());
            (liked ? api.unlike(member, "posts", post) : api.like(member, "posts", post))
                    .expectStatus()
                    .isNoContent();
            expectedEvents.get(member.id()).add(liked ? EventType.POST_UNLIKED : EventType.POST_LIKED);
        }
        Set<Long> memberIds = plans.keySet();
        topic.awaitEvent(anyEvent ->
                eventsOfPost(topic.events(), post, memberIds).size() >= totalOf(expectedEvents)
                        && memberIds.stream()
                                .allMatch(id -> endsWithMarker(topic.events(), post, id, expectedEvents.get(id))));
        List<ActivityEvent> events = eventsOfPost(topic.events(), post, memberIds);
        for (Member member : members) {
            assertThat(events.stream()
                            .filter(e -> e.actor().id() == member.id())
                            .map(ActivityEvent::type)
                            .toList())
                    .as("events of member %s", member.id())
                    .containsExactlyElementsOf(expectedEvents.get(member.id()));
        }
        assertThat(events).extracting(ActivityEvent::eventId).doesNotHaveDuplicates();
        assertThat(events).allSatisfy(event -> assertThat(event.summary()).isEqualTo("Popular"));
        assertThat(api.postNow(author, post)).containsEntry("likeCount", 50 - expectedLikers.size());
    }

    @Test
    void oneMembersConcurrentIdenticalLikesCountOnceAndEmitOneEvent() throws Exception {
        Member dee = ContentApi.member("dee");
        long post = id(api.post(dee, "t", "c"));
        long comment = id(api.comment(dee, post, "the comment"));

        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(10);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> runs = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            runs.add(pool.submit(() -> {
                start.await();
                return http.send(
                                HttpRequest.newBuilder(URI.create(
                                                "http://localhost:" + port + "/api/comments/" + comment + "/like"))
                                        .header("Authorization", dee.bearer())
                                        .PUT(HttpRequest.BodyPublishers.noBody())
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            }));
        }
        start.countDown();
        for (Future<Integer> run : runs) {
            assertThat(run.get()).isEqualTo(204);
        }
        pool.shutdown();
        api.unlike(dee, "comments", comment).expectStatus().isNoContent(); // the marker

        List<ActivityEvent> events =
                topic.awaitEvent(e -> e.actor().id() == dee.id() && e.type() == EventType.COMMENT_UNLIKED).stream()
                        .filter(e ->
                                e.actor().id() == dee.id() && e.type().name().startsWith("COMMENT_"))
                        .toList();
        assertThat(events)
                .extracting(ActivityEvent::type)
                .containsExactly(EventType.COMMENT_CREATED, EventType.COMMENT_LIKED, EventType.COMMENT_UNLIKED);
        assertThat(jdbc.sql("SELECT like_count FROM comments WHERE id = ?")
                        .param(comment)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private static List<ActivityEvent> eventsOfPost(List<ActivityEvent> events, long post, Set<Long> actors) {
        return events.stream()
                .filter(e -> Long.valueOf(post).equals(e.postId())
                        && actors.contains(e.actor().id()))
                .toList();
    }

    private static boolean endsWithMarker(
            List<ActivityEvent> events, long post, long memberId, List<EventType> expected) {
        List<ActivityEvent> own = events.stream()
                .filter(e -> Long.valueOf(post).equals(e.postId()) && e.actor().id() == memberId)
                .toList();
        return own.size() >= expected.size()
                && !own.isEmpty()
                && own.get(own.size() - 1).type() == expected.get(expected.size() - 1);
    }

    private static int totalOf(Map<Long, List<EventType>> expected) {
        return expected.values().stream().mapToInt(List::size).sum();
    }

    private long likeCount(Member reader, String what, long post, long target) {
        if (what.equals("posts")) {
            return ((Number) api.postNow(reader, post).get("likeCount")).longValue();
        }
        return api.all(reader, "/api/posts/" + post + "/comments", 20).stream()
                .filter(c -> ((Number) c.get("id")).longValue() == target)
                .map(c -> ((Number) c.get("likeCount")).longValue())
                .findFirst()
                .orElseThrow();
    }
}
