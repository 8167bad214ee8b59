package dailyfeed.content;

import static dailyfeed.content.ContentApi.id;
import static dailyfeed.content.ContentApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.content.ContentApi.Member;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

@ContentIntegrationTest
class CommentIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ContentApi api;

    @BeforeEach
    void connect() {
        api = new ContentApi(port);
    }

    @Test
    void membersCommentAndReplyTwoLevelsDeepAndNoDeeper() {
        Member ann = ContentApi.member("ann");
        Member ben = ContentApi.member("ben");
        long post = id(api.post(ann, "Weekend hike", "Who comes?"));

        Map<String, Object> comment = json(api.writeComment(ben, post, "Me! 🙋 <b>bold</b>\n", null)
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueMatches(HttpHeaders.LOCATION, "/api/comments/\\d+"));
        assertThat(comment)
                .containsEntry("postId", (int) post)
                .containsEntry("authorId", (int) ben.id())
                .containsEntry("parentCommentId", null)
                .containsEntry("content", "Me! 🙋 <b>bold</b>\n")
                .containsEntry("likeCount", 0)
                .containsKeys("id", "createdAt", "updatedAt");
        Map<String, Object> reply = api.reply(ann, post, id(comment), "Great");
        assertThat(reply).containsEntry("parentCommentId", comment.get("id"));
        Map<String, Object> replyToReply = api.reply(ben, post, id(reply), "See you");
        assertThat(replyToReply).containsEntry("parentCommentId", reply.get("id"));

        api.writeComment(ann, post, "too deep", id(replyToReply))
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("parentCommentId");

        assertThat(api.all(ann, "/api/posts/" + post + "/comments", 20)).containsExactly(comment, reply, replyToReply);
        assertThat(api.postNow(ann, post)).containsEntry("commentCount", 3);
    }

    @Test
    void aReplyMustAnswerALiveCommentOfTheSamePost() {
        Member cid = ContentApi.member("cid");
        long post = id(api.post(cid, "one", "one"));
        long otherPost = id(api.post(cid, "two", "two"));
        long elsewhere = id(api.comment(cid, otherPost, "on the other post"));
        long deleted = id(api.comment(cid, post, "soon gone"));
        api.deleteComment(cid, deleted).expectStatus().isNoContent();

        api.writeComment(cid, post, "reply", elsewhere)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("parentCommentId");
        api.writeComment(cid, post, "reply", deleted).expectStatus().isNotFound();
        api.writeComment(cid, post, "reply", Long.MAX_VALUE).expectStatus().isNotFound();

        assertThat(api.all(cid, "/api/posts/" + post + "/comments", 20)).isEmpty();
        assertThat(api.postNow(cid, post)).containsEntry("commentCount", 0);
    }

    @Test
    void brokenRulesAre400ProblemsThatStoreNothing() {
        Member dee = ContentApi.member("dee");
        long post = id(api.post(dee, "t", "c"));
        long comment = id(api.comment(dee, post, "fine"));
        long before = countComments();

        // NUL cannot be stored by PostgreSQL, an unpaired surrogate cannot be given back: both 400, never 500 or "?"
        for (String content : new String[] {null, "", "   ", "x".repeat(1001), "a\u0000b", "\uD83D alone"}) {
            api.writeComment(dee, post, content, null)
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("content");
            api.editComment(dee, comment, content)
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .isEqualTo("content");
        }
        api.writeComment(dee, post, "x".repeat(1001), null)
                .expectBody()
                .jsonPath("$.errors.length()")
                .isEqualTo(1)
                .jsonPath("$.errors[0].message")
                .isEqualTo("must be at most 1000 characters");
        api.writeComment(dee, post, "😀".repeat(1000), null).expectStatus().isCreated();

        assertThat(countComments()).isEqualTo(before + 1);
        assertThat(api.all(dee, "/api/posts/" + post + "/comments", 20))
                .extracting(c -> c.get("content"))
                .containsExactly("fine", "😀".repeat(1000));
    }

    @Test
    void onlyTheAuthorEditsAndDeletesAComment() {
        Member eve = ContentApi.member("eve");
        Member fay = ContentApi.member("fay");
        long post = id(api.post(eve, "t", "c"));
        Map<String, Object> comment = api.comment(fay, post, "fay's");

        api.editComment(eve, id(comment), "changed")
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        api.deleteComment(eve, id(comment)).expectStatus().isForbidden();

        Map<String, Object> edited = json(api.editComment(fay, id(comment), "fay's, edited")
                .expectStatus()
                .isOk());
        assertThat(edited)
                .containsEntry("content", "fay's, edited")
                .containsEntry("createdAt", comment.get("createdAt"))
                .containsEntry("parentCommentId", null);
        assertThat(edited.get("updatedAt")).isNotEqualTo(comment.get("updatedAt"));
        assertThat(json(api.editComment(fay, id(comment), "fay's, edited")
                        .expectStatus()
                        .isOk()))
                .isEqualTo(edited);
        assertThat(api.all(eve, "/api/posts/" + post + "/comments", 20)).containsExactly(edited);
    }

    @Test
    void deletingACommentKeepsItsRepliesAndCountsOnlyLiveOnes() {
        Member gus = ContentApi.member("gus");
        Member hal = ContentApi.member("hal");
        long post = id(api.post(gus, "t", "c"));
        long first = id(api.comment(gus, post, "first"));
        Map<String, Object> reply = api.reply(hal, post, first, "reply to first");
        Map<String, Object> second = api.comment(hal, post, "second");
        assertThat(api.postNow(gus, post)).containsEntry("commentCount", 3);

        api.deleteComment(gus, first).expectStatus().isNoContent();

        assertThat(api.all(hal, "/api/posts/" + post + "/comments", 20)).containsExactly(reply, second);
        assertThat(api.postNow(gus, post)).containsEntry("commentCount", 2);
        api.deleteComment(gus, first).expectStatus().isNotFound();
        api.editComment(gus, first, "back?").expectStatus().isNotFound();
        api.like(hal, "comments", first).expectStatus().isNotFound();
        assertThat(api.postNow(gus, post)).containsEntry("commentCount", 2);
        assertThat(jdbc.sql("SELECT count(*) FROM comments WHERE id = ? AND deleted_at IS NOT NULL")
                        .param(first)
                        .query(Long.class)
                        .single())
                .isEqualTo(1);
    }

    @Test
    void aDeletedPostTakesItsCommentsOutOfReach() {
        Member ida = ContentApi.member("ida");
        Member jay = ContentApi.member("jay");
        long post = id(api.post(ida, "t", "c"));
        long comment = id(api.comment(jay, post, "jay's"));

        api.deletePost(ida, post).expectStatus().isNoContent();

        api.get(jay, "/api/posts/" + post + "/comments").expectStatus().isNotFound();
        api.writeComment(jay, post, "late", null).expectStatus().isNotFound();
        api.writeComment(jay, post, "late reply", comment).expectStatus().isNotFound();
        api.editComment(jay, comment, "edit").expectStatus().isNotFound();
        api.deleteComment(jay, comment).expectStatus().isNotFound();
        api.like(ida, "comments", comment).expectStatus().isNotFound();
        api.unlike(ida, "comments", comment).expectStatus().isNotFound();
        // kept, untouched, for the activity that refers to it
        assertThat(jdbc.sql("SELECT content FROM comments WHERE id = ? AND deleted_at IS NULL")
                        .param(comment)
                        .query(String.class)
                        .single())
                .isEqualTo("jay's");
    }

    @Test
    void unknownPostsAndCommentsAre404() {
        Member kim = ContentApi.member("kim");
        api.get(kim, "/api/posts/" + Long.MAX_VALUE + "/comments")
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        api.writeComment(kim, Long.MAX_VALUE, "x", null).expectStatus().isNotFound();
        api.editComment(kim, Long.MAX_VALUE, "x").expectStatus().isNotFound();
        api.deleteComment(kim, Long.MAX_VALUE).expectStatus().isNotFound();
        api.client()
                .get()
                .uri("/api/posts/1/comments")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        api.client().delete().uri("/api/comments/1").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void commentsArePagedOldestFirstWithoutGapsOrRepeatsWhileCommentsArrive() {
        Member lea = ContentApi.member("lea");
        long post = id(api.post(lea, "t", "c"));
        List<Object> written = new ArrayList<>();
        for (int i = 0; i < 11; i++) {
            written.add(api.comment(lea, post, "comment " + i).get("id"));
        }

        List<Object> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = json(api.get(
                            lea,
                            "/api/posts/" + post + "/comments?size=3" + (cursor == null ? "" : "&cursor=" + cursor))
                    .expectStatus()
                    .isOk());
            ((List<?>) page.get("items")).forEach(item -> seen.add(((Map<?, ?>) item).get("id")));
            cursor = (String) page.get("nextCursor");
            if (cursor != null) {
                // a comment written during the walk is newer than the cursor: it shows up at the end
                written.add(api.comment(lea, post, "during the walk").get("id"));
            }
        } while (cursor != null);

        assertThat(seen).containsExactlyElementsOf(written);
        for (String query : List.of("size=0", "size=101", "cursor=%21%21not-ours")) {
            api.get(lea, "/api/posts/" + post + "/comments?" + query)
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void concurrentCommentsWhileTheAuthorEditsThePostAreAllCounted() throws Exception {
        Member lou = ContentApi.member("lou");
        long post = id(api.post(lou, "busy", "busy"));
        ExecutorService pool = Executors.newFixedThreadPool(21);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            Member commenter = ContentApi.member("talker");
            runs.add(pool.submit(() -> {
                start.await();
                api.writeComment(commenter, post, "hello from " + commenter.handle(), null)
                        .expectStatus()
                        .isCreated();
                return null;
            }));
        }
        runs.add(pool.submit(() -> {
            start.await();
            for (int edit = 0; edit < 10; edit++) {
                api.editPost(lou, post, "busy", "edit " + edit).expectStatus().isOk();
            }
            return null;
        }));
        start.countDown();
        for (Future<?> run : runs) {
            run.get();
        }
        pool.shutdown();

        assertThat(api.postNow(lou, post)).containsEntry("commentCount", 20).containsEntry("content", "edit 9");
        assertThat(api.all(lou, "/api/posts/" + post + "/comments", 7)).hasSize(20);
    }

    private long countComments() {
        return jdbc.sql("SELECT count(*) FROM comments").query(Long.class).single();
    }
}
