package dailyfeed.content;

import static dailyfeed.content.ContentApi.id;
import static dailyfeed.content.ContentApi.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import dailyfeed.content.ContentApi.Member;
import dailyfeed.events.ActivityEvent;
import dailyfeed.events.EventType;
import dailyfeed.testsupport.ActivityTopicRecorder;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;

/** Which events the writes of content-service publish: one per real change, none for anything else. */
@ContentIntegrationTest
class ContentEventsIntegrationTests {

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
        jdbc.sql("DROP TRIGGER IF EXISTS refuse_outbox_insert ON event_outbox").update();
        jdbc.sql("DROP TRIGGER IF EXISTS refuse_comment_at_commit ON comments").update();
    }

    @Test
    void eachChangeOfAPostPublishesOneEventWithActorTargetsAndSummary() {
        Member ann = ContentApi.member("ann");
        long post = id(api.post(ann, "Weekend hike", "Who comes along?"));
        long untitled = id(api.post(ann, null, "  A post\n without   a title  "));
        api.editPost(ann, post, "Weekend hike, updated", "Saturday 9:00")
                .expectStatus()
                .isOk();
        api.like(ann, "posts", post).expectStatus().isNoContent();
        api.unlike(ann, "posts", post).expectStatus().isNoContent();
        api.deletePost(ann, untitled).expectStatus().isNoContent();

        List<ActivityEvent> events = eventsOfUntil(ann, EventType.POST_DELETED);
        assertThat(events)
                .extracting(
                        ActivityEvent::type, ActivityEvent::postId, ActivityEvent::commentId, ActivityEvent::summary)
                .containsExactly(
                        tuple(EventType.POST_CREATED, post, null, "Weekend hike"),
                        tuple(EventType.POST_CREATED, untitled, null, "A post without a title"),
                        tuple(EventType.POST_UPDATED, post, null, "Weekend hike, updated"),
                        tuple(EventType.POST_LIKED, post, null, "Weekend hike, updated"),
                        tuple(EventType.POST_UNLIKED, post, null, "Weekend hike, updated"),
                        tuple(EventType.POST_DELETED, untitled, null, ""));
        // on the wire, too: a deletion does not spread the text it withdraws
        assertThat(topic.records())
                .filteredOn(
                        r -> r.value().contains("POST_DELETED") && r.value().contains("\"postId\":" + untitled + ","))
                .extracting(ConsumerRecord::value)
                .singleElement()
                .asString()
                .contains("\"summary\":\"\"")
                .doesNotContain("A post without a title");
        assertThat(events).allSatisfy(event -> {
            assertThat(event.actor().id()).isEqualTo(ann.id());
            assertThat(event.actor().handle()).isEqualTo(ann.handle());
            assertThat(event.actor().displayName()).isEqualTo(ann.displayName());
            assertThat(event.parentCommentId()).isNull();
            assertThat(event.targetMemberId()).isNull();
            assertThat(event.schemaVersion()).isEqualTo(ActivityEvent.CURRENT_SCHEMA_VERSION);
        });
        assertThat(events).extracting(ActivityEvent::eventId).doesNotHaveDuplicates();
        // the record key is the actor, so one member's events keep their order on one partition
        assertThat(topic.records())
                .filteredOn(r -> r.value().contains("\"id\":" + ann.id() + ","))
                .extracting(ConsumerRecord::key)
                .containsOnly(Long.toString(ann.id()));
    }

    @Test
    void eachChangeOfACommentPublishesOneEventWithItsTargets() {
        Member ben = ContentApi.member("ben");
        Member cid = ContentApi.member("cid");
        long post = id(api.post(cid, "Cid's post", "text"));
        long comment = id(api.comment(ben, post, "Nice post"));
        long reply = id(api.reply(ben, post, comment, "Replying to myself"));
        long replyToReply = id(api.reply(ben, post, reply, "And again " + "x".repeat(200)));
        api.editComment(ben, reply, "Replying, edited").expectStatus().isOk();
        api.like(ben, "comments", comment).expectStatus().isNoContent();
        api.unlike(ben, "comments", comment).expectStatus().isNoContent();
        api.deleteComment(ben, reply).expectStatus().isNoContent();

        List<ActivityEvent> events = eventsOfUntil(ben, EventType.COMMENT_DELETED);
        assertThat(events)
                .extracting(
                        ActivityEvent::type,
                        ActivityEvent::postId,
                        ActivityEvent::commentId,
                        ActivityEvent::parentCommentId)
                .containsExactly(
                        tuple(EventType.COMMENT_CREATED, post, comment, null),
                        tuple(EventType.COMMENT_CREATED, post, reply, comment),
                        tuple(EventType.COMMENT_CREATED, post, replyToReply, reply),
                        tuple(EventType.COMMENT_UPDATED, post, reply, comment),
                        tuple(EventType.COMMENT_LIKED, post, comment, null),
                        tuple(EventType.COMMENT_UNLIKED, post, comment, null),
                        tuple(EventType.COMMENT_DELETED, post, reply, comment));
        assertThat(events)
                .extracting(ActivityEvent::summary)
                .containsExactly(
                        "Nice post",
                        "Replying to myself",
                        "And again " + "x".repeat(ActivityEvent.SUMMARY_MAX_LENGTH - 11) + "…",
                        "Replying, edited",
                        "Nice post",
                        "Nice post",
                        "");
        assertThat(topic.records())
                .filteredOn(r ->
                        r.value().contains("COMMENT_DELETED") && r.value().contains("\"commentId\":" + reply + ","))
                .extracting(ConsumerRecord::value)
                .singleElement()
                .asString()
                .doesNotContain("Replying, edited");
        assertThat(events).allSatisfy(event -> assertThat(event.actor().id()).isEqualTo(ben.id()));
    }

    @Test
    void everyEventNamesTheAuthorOfWhatItActsOnAndTheAuthorOfThePost() {
        Member ann = ContentApi.member("ann"); // writes the post
        Member ben = ContentApi.member("ben"); // comments on it
        Member cid = ContentApi.member("cid"); // replies to ben, likes
        long post = id(api.post(ann, "Ann's post", "text"));
        long benPost = id(api.post(ben, "Ben's post", "text"));
        long comment = id(api.comment(ben, post, "Ben's comment"));
        long reply = id(api.reply(cid, post, comment, "Cid answers Ben"));
        long replyToReply = id(api.reply(ann, post, reply, "Ann answers Cid"));
        api.like(cid, "posts", post).expectStatus().isNoContent();
        api.unlike(cid, "posts", post).expectStatus().isNoContent();
        api.like(ann, "posts", benPost).expectStatus().isNoContent();
        api.like(cid, "comments", comment).expectStatus().isNoContent();
        api.unlike(cid, "comments", comment).expectStatus().isNoContent();
        api.like(ann, "comments", reply).expectStatus().isNoContent();
        api.editComment(cid, reply, "Cid answers Ben, edited").expectStatus().isOk();
        api.editComment(ben, comment, "Ben's comment, edited").expectStatus().isOk();
        api.deleteComment(ben, comment).expectStatus().isNoContent();
        api.editPost(ann, post, "Ann's post, edited", "text").expectStatus().isOk();
        api.deletePost(ann, post).expectStatus().isNoContent();

        // each actor's events keep their order on the actor's partition: once an actor's last one arrived, all did
        topic.awaitEvent(e -> e.actor().id() == ben.id() && e.type() == EventType.COMMENT_DELETED);
        topic.awaitEvent(e -> e.actor().id() == cid.id() && e.type() == EventType.COMMENT_UPDATED);
        List<ActivityEvent> events =
                topic.awaitEvent(e -> e.actor().id() == ann.id() && e.type() == EventType.POST_DELETED).stream()
                        .filter(e -> Long.valueOf(post).equals(e.postId())
                                || Long.valueOf(benPost).equals(e.postId()))
                        .toList();
        assertThat(events)
                .extracting(
                        e -> e.actor().id(),
                        ActivityEvent::type,
                        ActivityEvent::postId,
                        ActivityEvent::commentId,
                        ActivityEvent::targetOwnerId,
                        ActivityEvent::postOwnerId)
                .containsExactlyInAnyOrder(
                        tuple(ann.id(), EventType.POST_CREATED, post, null, ann.id(), ann.id()),
                        tuple(ben.id(), EventType.POST_CREATED, benPost, null, ben.id(), ben.id()),
                        // a top-level comment answers the post: its author, twice
                        tuple(ben.id(), EventType.COMMENT_CREATED, post, comment, ann.id(), ann.id()),
                        // a reply answers the parent comment's author; the post stays ann's
                        tuple(cid.id(), EventType.COMMENT_CREATED, post, reply, ben.id(), ann.id()),
                        tuple(ann.id(), EventType.COMMENT_CREATED, post, replyToReply, cid.id(), ann.id()),
                        tuple(cid.id(), EventType.POST_LIKED, post, null, ann.id(), ann.id()),
                        tuple(cid.id(), EventType.POST_UNLIKED, post, null, ann.id(), ann.id()),
                        tuple(ann.id(), EventType.POST_LIKED, benPost, null, ben.id(), ben.id()),
                        // a comment's like, unlike, edit and deletion: the comment's author and the post's
                        tuple(cid.id(), EventType.COMMENT_LIKED, post, comment, ben.id(), ann.id()),
                        tuple(cid.id(), EventType.COMMENT_UNLIKED, post, comment, ben.id(), ann.id()),
                        tuple(ann.id(), EventType.COMMENT_LIKED, post, reply, cid.id(), ann.id()),
                        tuple(cid.id(), EventType.COMMENT_UPDATED, post, reply, cid.id(), ann.id()),
                        tuple(ben.id(), EventType.COMMENT_UPDATED, post, comment, ben.id(), ann.id()),
                        tuple(ben.id(), EventType.COMMENT_DELETED, post, comment, ben.id(), ann.id()),
                        tuple(ann.id(), EventType.POST_UPDATED, post, null, ann.id(), ann.id()),
                        tuple(ann.id(), EventType.POST_DELETED, post, null, ann.id(), ann.id()));
        // on the wire, under the names of the event contract
        assertThat(topic.records())
                .filteredOn(r ->
                        r.value().contains("COMMENT_CREATED") && r.value().contains("\"commentId\":" + reply + ","))
                .extracting(ConsumerRecord::value)
                .singleElement()
                .asString()
                .contains("\"targetOwnerId\":" + ben.id(), "\"postOwnerId\":" + ann.id());
    }

    @Test
    void requestsThatChangeNothingPublishNothing() {
        Member dee = ContentApi.member("dee");
        Member eve = ContentApi.member("eve");
        long post = id(api.post(eve, "Eve's", "text"));
        long comment = id(api.comment(eve, post, "Eve's comment"));
        long own = id(api.post(dee, "Dee's", "text"));
        long ownComment = id(api.comment(dee, own, "Dee's comment"));

        api.like(dee, "posts", post).expectStatus().isNoContent();
        api.like(dee, "posts", post).expectStatus().isNoContent(); // no-op
        api.unlike(dee, "posts", post).expectStatus().isNoContent();
        api.unlike(dee, "posts", post).expectStatus().isNoContent(); // no-op
        api.unlike(dee, "comments", comment).expectStatus().isNoContent(); // no-op: never liked
        api.editPost(dee, own, "Dee's", "text").expectStatus().isOk(); // no-op: same text
        api.editComment(dee, ownComment, "Dee's comment").expectStatus().isOk(); // no-op
        // refused: bad input, not the author, gone
        api.writePost(dee, null, "").expectStatus().isBadRequest();
        api.writeComment(dee, post, "x".repeat(1001), null).expectStatus().isBadRequest();
        api.editPost(dee, post, "mine now", "mine now").expectStatus().isForbidden();
        api.deleteComment(dee, comment).expectStatus().isForbidden();
        api.like(dee, "posts", Long.MAX_VALUE).expectStatus().isNotFound();
        api.like(dee, "comments", comment).expectStatus().isNoContent(); // last change: the marker

        // One member's events share a partition, in order: once the marker arrived, a no-op's event would have too.
        List<ActivityEvent> events = eventsOfUntil(dee, EventType.COMMENT_LIKED);
        assertThat(events)
                .extracting(ActivityEvent::type)
                .containsExactly(
                        EventType.POST_CREATED,
                        EventType.COMMENT_CREATED,
                        EventType.POST_LIKED,
                        EventType.POST_UNLIKED,
                        EventType.COMMENT_LIKED);
    }

    @Test
    void aChangeThatRollsBackAfterItsEventWasRecordedPublishesNothing() {
        Member fay = ContentApi.member("fay");
        long post = id(api.post(fay, "t", "c"));
        // fails the transaction at commit, after the comment, the counter and the event were all written
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION refuse_comment() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN IF NEW.content = 'rolled back' THEN RAISE EXCEPTION 'refused at commit'; END IF; RETURN NULL; END $$""").update();
        jdbc.sql("""
                CREATE CONSTRAINT TRIGGER refuse_comment_at_commit AFTER INSERT ON comments
                DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION refuse_comment()""").update();

        api.writeComment(fay, post, "rolled back", null)
                .expectStatus()
                .is5xxServerError()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        api.writeComment(fay, post, "committed", null).expectStatus().isCreated();

        List<ActivityEvent> events = eventsOfUntil(fay, EventType.COMMENT_CREATED);
        assertThat(events)
                .extracting(ActivityEvent::type, ActivityEvent::summary)
                .containsExactly(tuple(EventType.POST_CREATED, "t"), tuple(EventType.COMMENT_CREATED, "committed"));
        assertThat(api.all(fay, "/api/posts/" + post + "/comments", 20))
                .extracting(c -> c.get("content"))
                .containsExactly("committed");
        assertThat(api.postNow(fay, post)).containsEntry("commentCount", 1);
        assertThat(jdbc.sql("SELECT count(*) FROM event_outbox WHERE payload LIKE '%rolled back%'")
                        .query(Long.class)
                        .single())
                .isZero();
    }

    @Test
    void whenTheEventCannotBeRecordedTheRequestIs503AndNothingIsStored() {
        Member gus = ContentApi.member("gus");
        jdbc.sql("""
                CREATE OR REPLACE FUNCTION refuse_insert() RETURNS trigger LANGUAGE plpgsql AS
                $$ BEGIN RAISE EXCEPTION 'outbox is not writable'; END $$""").update();
        jdbc.sql(
                        "CREATE TRIGGER refuse_outbox_insert BEFORE INSERT ON event_outbox FOR EACH ROW EXECUTE FUNCTION refuse_insert()")
                .update();

        Map<String, Object> problem = json(api.writePost(gus, "lost?", "must not be stored")
                .expectStatus()
                .isEqualTo(503)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .exists("Retry-After"));
        assertThat(problem).containsEntry("status", 503).containsKeys("type", "title", "detail");
        assertThat(problem.toString()).doesNotContain("outbox is not writable", "Exception");
        assertThat(postsOf(gus)).isZero();

        jdbc.sql("DROP TRIGGER refuse_outbox_insert ON event_outbox").update();
        long marker = id(api.post(gus, "after", "the outbox is writable again"));
        List<ActivityEvent> events = eventsOfUntil(gus, EventType.POST_CREATED);
        assertThat(events).extracting(ActivityEvent::postId).containsExactly(marker);
        assertThat(postsOf(gus)).isOne();
    }

    @Test
    void concurrentDeletesOfOnePostSucceedOnceAndPublishOneEvent() throws Exception {
        Member hal = ContentApi.member("hal");
        long post = id(api.post(hal, "Deleted once", "text"));

        HttpClient http = HttpClient.newHttpClient();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Integer>> deletes = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            deletes.add(pool.submit(() -> {
                start.await();
                return http.send(
                                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/posts/" + post))
                                        .header("Authorization", hal.bearer())
                                        .DELETE()
                                        .build(),
                                HttpResponse.BodyHandlers.discarding())
                        .statusCode();
            }));
        }
        start.countDown();
        List<Integer> statuses = new ArrayList<>();
        for (Future<Integer> delete : deletes) {
            statuses.add(delete.get());
        }
        pool.shutdown();
        long marker = id(api.post(hal, "marker", "after the deletes"));

        assertThat(statuses)
                .containsOnly(204, 404)
                .filteredOn(status -> status == 204)
                .hasSize(1);
        // the marker is hal's last change: once it arrived, every earlier event of hal's had arrived too
        List<ActivityEvent> events = topic.awaitEvent(e -> Long.valueOf(marker).equals(e.postId())).stream()
                .filter(e -> e.actor().id() == hal.id())
                .toList();
        assertThat(events)
                .extracting(ActivityEvent::type, ActivityEvent::postId)
                .containsExactly(
                        tuple(EventType.POST_CREATED, post),
                        tuple(EventType.POST_DELETED, post),
                        tuple(EventType.POST_CREATED, marker));
    }

    /** The events of {@code member} received until one of {@code lastType} arrived. */
    private List<ActivityEvent> eventsOfUntil(Member member, EventType lastType) {
        return topic.awaitEvent(e -> e.actor().id() == member.id() && e.type() == lastType).stream()
                .filter(e -> e.actor().id() == member.id())
                .toList();
    }

    private long postsOf(Member member) {
        return jdbc.sql("SELECT count(*) FROM posts WHERE author_id = ?")
                .param(member.id())
                .query(Long.class)
                .single();
    }
}
