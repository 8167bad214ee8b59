package dailyfeed.content;

import static dailyfeed.content.ContentApi.id;
import static dailyfeed.content.ContentApi.json;
import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.content.ContentApi.Member;
import dailyfeed.testsupport.TestTokens;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

@ContentIntegrationTest
class PostIntegrationTests {

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
    void aMemberWritesAPostAndAnyMemberReadsItExactlyAsSent() {
        Member ann = ContentApi.member("ann");
        Member ben = ContentApi.member("ben");
        String content = "  <script>alert('x')</script>\n\tline two 🌷 한국어  ";

        Map<String, Object> created = json(api.writePost(ann, "Weekend hike 🥾", content)
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueMatches(HttpHeaders.LOCATION, "/api/posts/\\d+"));

        assertThat(created)
                .containsEntry("authorId", (int) ann.id())
                .containsEntry("title", "Weekend hike 🥾")
                .containsEntry("content", content)
                .containsEntry("likeCount", 0)
                .containsEntry("commentCount", 0)
                .containsKeys("id", "createdAt", "updatedAt");
        assertThat(created.get("updatedAt")).isEqualTo(created.get("createdAt"));
        assertThat(api.postNow(ben, id(created))).isEqualTo(created);
    }

    @Test
    void theTitleIsOptional() {
        Member cid = ContentApi.member("cid");
        Map<String, Object> created = api.post(cid, null, "no title");
        assertThat(created).containsEntry("title", null).containsEntry("content", "no title");
    }

    @Test
    void theLongestAllowedTextsAreAccepted() {
        Member dee = ContentApi.member("dee");
        // code points, as people count them: 200 and 5000 emoji are 400 and 10000 UTF-16 units
        Map<String, Object> created = api.post(dee, "😀".repeat(200), "😀".repeat(5000));
        assertThat((String) created.get("content")).hasSize(10_000);
    }

    static Stream<Arguments> invalidPosts() {
        return Stream.of(
                Arguments.of("content missing", null, null, "content"),
                Arguments.of("content empty", "t", "", "content"),
                Arguments.of("content blank", "t", " \n ", "content"),
                Arguments.of("content too long", "t", "x".repeat(5001), "content"),
                Arguments.of("title too long", "x".repeat(201), "fine", "title"),
                // PostgreSQL cannot store NUL (this was a 500), and an unpaired surrogate came back as "?" (a 201)
                Arguments.of("content with NUL", "t", "a\u0000b", "content"),
                Arguments.of("content with an unpaired surrogate", "t", "a\uD800b", "content"),
                Arguments.of("title with NUL", "t\u0000", "fine", "title"),
                Arguments.of("title with an unpaired low surrogate", "\uDC00", "fine", "title"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPosts")
    void everyBrokenRuleIsA400ProblemThatStoresNothing(String rule, String title, String content, String field) {
        Member eve = ContentApi.member("eve");
        long before = countPosts();

        Map<String, Object> problem = json(api.writePost(eve, title, content)
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON));

        assertThat(problem).containsEntry("status", 400).containsKeys("type", "title", "detail");
        assertThat((List<?>) problem.get("errors"))
                .extracting(error -> (Object) ((Map<?, ?>) error).get("field"))
                .containsExactly(field);
        assertThat(countPosts()).isEqualTo(before);
    }

    @Test
    void anEditWithBrokenRulesIsA400AndChangesNothing() {
        Member fay = ContentApi.member("fay");
        Map<String, Object> post = api.post(fay, "before", "before");

        api.editPost(fay, id(post), "t", "x".repeat(5001))
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("content");
        api.client()
                .put()
                .uri("/api/posts/{id}", id(post))
                .header(HttpHeaders.AUTHORIZATION, fay.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"content\": ")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);

        assertThat(api.postNow(fay, id(post))).isEqualTo(post);
    }

    @Test
    void onlyTheAuthorEditsAndDeletes() {
        Member gus = ContentApi.member("gus");
        Member hal = ContentApi.member("hal");
        Map<String, Object> post = api.post(gus, "mine", "mine");

        api.editPost(hal, id(post), "stolen", "stolen")
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        api.deletePost(hal, id(post))
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.title")
                .isEqualTo("Not the author")
                .jsonPath("$.status")
                .isEqualTo(403);
        assertThat(api.postNow(hal, id(post))).isEqualTo(post);

        Map<String, Object> edited = json(
                api.editPost(gus, id(post), null, "edited 🌷").expectStatus().isOk());
        assertThat(edited)
                .containsEntry("id", post.get("id"))
                .containsEntry("title", null)
                .containsEntry("content", "edited 🌷")
                .containsEntry("createdAt", post.get("createdAt"));
        assertThat(edited.get("updatedAt")).isNotEqualTo(post.get("updatedAt"));
        assertThat(api.postNow(hal, id(post))).isEqualTo(edited);
    }

    @Test
    void anEditThatChangesNothingKeepsUpdatedAt() {
        Member ida = ContentApi.member("ida");
        Map<String, Object> post = api.post(ida, "same", "same");
        assertThat(json(api.editPost(ida, id(post), "same", "same")
                        .expectStatus()
                        .isOk()))
                .isEqualTo(post);
    }

    @Test
    void aDeletedPostIsGoneFromReadsButKeptInTheDatabase() {
        Member jay = ContentApi.member("jay");
        Map<String, Object> post = api.post(jay, "short-lived", "short-lived");

        api.deletePost(jay, id(post)).expectStatus().isNoContent();

        api.readPost(jay, id(post))
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        api.editPost(jay, id(post), "again", "again").expectStatus().isNotFound();
        api.deletePost(jay, id(post)).expectStatus().isNotFound();
        assertThat(api.all(jay, "/api/posts?authorId=" + jay.id(), 20)).isEmpty();
        assertThat(jdbc.sql("SELECT deleted_at IS NOT NULL FROM posts WHERE id = ?")
                        .param(id(post))
                        .query(Boolean.class)
                        .single())
                .isTrue();
    }

    @Test
    void unknownPostsAre404() {
        Member kim = ContentApi.member("kim");
        api.readPost(kim, Long.MAX_VALUE)
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.type")
                .isEqualTo("about:blank")
                .jsonPath("$.title")
                .isEqualTo("Post not found")
                .jsonPath("$.status")
                .isEqualTo(404)
                .jsonPath("$.detail")
                .isNotEmpty();
        api.editPost(kim, Long.MAX_VALUE, "t", "c").expectStatus().isNotFound();
        api.deletePost(kim, Long.MAX_VALUE).expectStatus().isNotFound();
        api.get(kim, "/api/posts/abc")
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void anAuthorsPostsArePagedNewestFirstWithoutGapsOrRepeatsWhilePostsArrive() {
        Member lea = ContentApi.member("lea");
        Member other = ContentApi.member("other");
        List<Long> written = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            written.add(id(api.post(lea, "post " + i, "text " + i)));
            api.post(other, "noise", "noise");
        }
        api.deletePost(lea, written.remove(5)).expectStatus().isNoContent();

        List<Long> seen = new ArrayList<>();
        String cursor = null;
        do {
            Map<String, Object> page = json(api.get(
                            other,
                            "/api/posts?authorId=" + lea.id() + "&size=4" + (cursor == null ? "" : "&cursor=" + cursor))
                    .expectStatus()
                    .isOk());
            ((List<?>) page.get("items"))
                    .forEach(item -> seen.add(((Number) ((Map<?, ?>) item).get("id")).longValue()));
            cursor = (String) page.get("nextCursor");
            api.post(lea, "late", "arrives during the walk"); // newer than the walk: must not shift later pages
        } while (cursor != null);

        java.util.Collections.reverse(written);
        assertThat(seen).containsExactlyElementsOf(written);
    }

    @Test
    void listsNeedAnAuthorAndAValidPage() {
        Member max = ContentApi.member("max");
        for (String query : List.of(
                "",
                "?authorId=" + max.id() + "&size=0",
                "?authorId=" + max.id() + "&size=101",
                "?authorId=" + max.id() + "&cursor=%21%21not-ours")) {
            api.get(max, "/api/posts" + query)
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.errors[0].field")
                    .exists();
        }
        api.get(max, "/api/posts?authorId=" + max.id() + "&size=100")
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.items")
                .isEmpty()
                .jsonPath("$.nextCursor")
                .isEmpty();
    }

    @Test
    void requestsWithoutAValidMemberTokenAreRejected() {
        Member ned = ContentApi.member("ned");
        Map<String, Object> post = api.post(ned, "t", "c");
        Map<String, Object> body = new HashMap<>(Map.of("content", "c"));

        api.client()
                .post()
                .uri("/api/posts")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        for (String token : List.of(
                TestTokens.expiredMember(ned.id(), ned.handle(), ned.displayName()),
                TestTokens.foreignMember(ned.id(), ned.handle(), ned.displayName()),
                "not-a-jwt")) {
            api.client()
                    .get()
                    .uri("/api/posts/{id}", id(post))
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        // a service token is not a member
        api.client()
                .post()
                .uri("/api/posts")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.service("activities.write"))
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(countPostsBy(ned.id())).isEqualTo(1);
    }

    private long countPosts() {
        return jdbc.sql("SELECT count(*) FROM posts").query(Long.class).single();
    }

    private long countPostsBy(long authorId) {
        return jdbc.sql("SELECT count(*) FROM posts WHERE author_id = ?")
                .param(authorId)
                .query(Long.class)
                .single();
    }
}
