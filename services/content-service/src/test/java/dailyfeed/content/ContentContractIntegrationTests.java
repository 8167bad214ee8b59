package dailyfeed.content;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.testsupport.ApiContract;
import dailyfeed.testsupport.TestTokens;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * content-service's answers, ordinary and refusals, each checked against its own OpenAPI description by
 * {@link ApiContract}: any status, body, null or header the description does not allow fails the test.
 */
@ContentIntegrationTest
class ContentContractIntegrationTests {

    @LocalServerPort
    int port;

    ApiContract api;

    @BeforeEach
    void readTheDescription() {
        api = ApiContract.ofServiceAt(port);
    }

    @Test
    void describesItselfWithTitleVersionAndTheBearerScheme() {
        assertThat(api.description())
                .contains("\"title\":\"dailyfeed content-service\"")
                .contains("\"openapi\":\"3.0")
                .contains("\"bearerFormat\":\"JWT\"")
                .doesNotContain("OpenAPI definition");
    }

    @Test
    void postsAnswerAsDescribed() {
        var author = ContentApi.member("author");
        var other = ContentApi.member("other");
        long untitled = api.post("/api/posts")
                .bearer(author.token())
                .json(post(null, "no title"))
                .send()
                .expect(201)
                .<Number>read("$.id")
                .longValue();
        var titled = api.post("/api/posts")
                .bearer(author.token())
                .json(post("A title", "with a title"))
                .send()
                .expect(201);
        assertThat(titled.header("Location")).isEqualTo("/api/posts/" + titled.<Number>read("$.id"));
        var invalid = api.post("/api/posts")
                .bearer(author.token())
                .json(post("x".repeat(201), " "))
                .send()
                .expect(400);
        assertThat(invalid.<List<?>>read("$.errors")).hasSize(2);

        assertThat(api.get("/api/posts/" + untitled)
                        .bearer(other.token())
                        .send()
                        .expect(200)
                        .<Object>read("$.title"))
                .isNull();
        api.get("/api/posts/" + Long.MAX_VALUE).bearer(other.token()).send().expect(404);
        String cursor = api.get("/api/posts?authorId=" + author.id() + "&size=1")
                .bearer(other.token())
                .send()
                .expect(200)
                .read("$.nextCursor");
        assertThat(api.get("/api/posts?authorId=" + author.id() + "&size=1&cursor=" + cursor)
                        .bearer(other.token())
                        .send()
                        .expect(200)
                        .<Object>read("$.nextCursor"))
                .isNull();
        api.get("/api/posts").bearer(other.token()).send().expect(400);

        api.put("/api/posts/" + untitled)
                .bearer(author.token())
                .json(post(null, "edited"))
                .send()
                .expect(200);
        api.put("/api/posts/" + untitled)
                .bearer(other.token())
                .json(post(null, "not mine"))
                .send()
                .expect(403);
        api.put("/api/posts/" + Long.MAX_VALUE)
                .bearer(author.token())
                .json(post(null, "nothing"))
                .send()
                .expect(404);
        api.delete("/api/posts/" + untitled).bearer(other.token()).send().expect(403);
        api.delete("/api/posts/" + untitled).bearer(author.token()).send().expect(204);
        api.delete("/api/posts/" + untitled).bearer(author.token()).send().expect(404);
    }

    @Test
    void commentsAndLikesAnswerAsDescribed() {
        var author = ContentApi.member("writer");
        var other = ContentApi.member("replier");
        long post = api.post("/api/posts")
                .bearer(author.token())
                .json(post(null, "comment here"))
                .send()
                .expect(201)
                .<Number>read("$.id")
                .longValue();
        var comment = api.post("/api/posts/" + post + "/comments")
                .bearer(other.token())
                .json(comment("first", null))
                .send()
                .expect(201);
        long commentId = comment.<Number>read("$.id").longValue();
        assertThat(comment.<Object>read("$.parentCommentId")).isNull();
        long reply = api.post("/api/posts/" + post + "/comments")
                .bearer(author.token())
                .json(comment("a reply", commentId))
                .send()
                .expect(201)
                .<Number>read("$.id")
                .longValue();
        long replyToReply = api.post("/api/posts/" + post + "/comments")
                .bearer(other.token())
                .json(comment("a reply to the reply", reply))
                .send()
                .expect(201)
                .<Number>read("$.id")
                .longValue();
        api.post("/api/posts/" + post + "/comments")
                .bearer(author.token())
                .json(comment("too deep", replyToReply))
                .send()
                .expect(400);
        api.post("/api/posts/" + Long.MAX_VALUE + "/comments")
                .bearer(author.token())
                .json(comment("nowhere", null))
                .send()
                .expect(404);
        api.get("/api/posts/" + post + "/comments?size=2")
                .bearer(author.token())
                .send()
                .expect(200);
        api.get("/api/posts/" + Long.MAX_VALUE + "/comments")
                .bearer(author.token())
                .send()
                .expect(404);

        api.put("/api/comments/" + commentId)
                .bearer(other.token())
                .json(Map.of("content", "edited"))
                .send()
                .expect(200);
        api.put("/api/comments/" + commentId)
                .bearer(author.token())
                .json(Map.of("content", "not mine"))
                .send()
                .expect(403);
        api.put("/api/comments/" + commentId)
                .bearer(other.token())
                .json(Map.of("content", ""))
                .send()
                .expect(400);

        api.put("/api/posts/" + post + "/like").bearer(other.token()).send().expect(204);
        api.delete("/api/posts/" + post + "/like").bearer(other.token()).send().expect(204);
        api.put("/api/posts/" + Long.MAX_VALUE + "/like")
                .bearer(other.token())
                .send()
                .expect(404);
        api.put("/api/comments/" + reply + "/like").bearer(other.token()).send().expect(204);
        api.delete("/api/comments/" + reply + "/like")
                .bearer(other.token())
                .send()
                .expect(204);
        api.delete("/api/comments/" + Long.MAX_VALUE + "/like")
                .bearer(other.token())
                .send()
                .expect(404);

        api.delete("/api/comments/" + commentId).bearer(author.token()).send().expect(403);
        api.delete("/api/comments/" + commentId).bearer(other.token()).send().expect(204);
        api.delete("/api/comments/" + commentId).bearer(other.token()).send().expect(404);
    }

    @Test
    void refusalsOfTokensAndBodiesAnswerAsDescribed() {
        var author = ContentApi.member("refused");
        api.get("/api/posts/1").send().expect(401);
        api.get("/api/posts/1")
                .bearer(TestTokens.expiredMember(1, "old", "Old"))
                .send()
                .expect(401);
        api.get("/api/posts/1").bearer(TestTokens.service("operations")).send().expect(403);
        api.post("/api/posts")
                .bearer(author.token())
                .json(post(null, "x".repeat(70_000)))
                .send()
                .expect(413);
        api.post("/api/posts").bearer(author.token()).json("[1, 2]").send().expect(400);
    }

    private static Map<String, Object> post(String title, String content) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("content", content);
        return body;
    }

    private static Map<String, Object> comment(String content, Long parentCommentId) {
        Map<String, Object> body = new HashMap<>();
        body.put("content", content);
        body.put("parentCommentId", parentCommentId);
        return body;
    }
}
