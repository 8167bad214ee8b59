package dailyfeed.content;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.testsupport.TestTokens;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;
import org.springframework.test.web.servlet.client.RestTestClient.ResponseSpec;

/** Small fixtures that drive content-service through its HTTP API, as a client would. */
final class ContentApi {

    /** A JSON object body. */
    static final ParameterizedTypeReference<Map<String, Object>> JSON = new ParameterizedTypeReference<>() {};

    private static final AtomicLong memberIds = new AtomicLong(1_000);

    private final RestTestClient client;

    ContentApi(int port) {
        this.client = RestTestClient.bindToServer()
                .baseUrl("http://localhost:" + port)
                .build();
    }

    RestTestClient client() {
        return client;
    }

    /** A member no other test uses, with a login token as member-service would issue it. */
    static Member member(String name) {
        long id = memberIds.incrementAndGet();
        String handle = name + "_" + id;
        return new Member(id, handle, "Name of " + handle, TestTokens.member(id, handle, "Name of " + handle));
    }

    ResponseSpec writePost(Member author, String title, String content) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("content", content);
        return send(author, client.post().uri("/api/posts"), body);
    }

    Map<String, Object> post(Member author, String title, String content) {
        return json(writePost(author, title, content).expectStatus().isCreated());
    }

    ResponseSpec readPost(Member reader, long id) {
        return client.get()
                .uri("/api/posts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, reader.bearer())
                .exchange();
    }

    Map<String, Object> postNow(Member reader, long id) {
        return json(readPost(reader, id).expectStatus().isOk());
    }

    ResponseSpec editPost(Member editor, long id, String title, String content) {
        Map<String, Object> body = new HashMap<>();
        body.put("title", title);
        body.put("content", content);
        return send(editor, client.put().uri("/api/posts/{id}", id), body);
    }

    ResponseSpec deletePost(Member editor, long id) {
        return client.delete()
                .uri("/api/posts/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, editor.bearer())
                .exchange();
    }

    ResponseSpec writeComment(Member author, long postId, String content, Long parentCommentId) {
        Map<String, Object> body = new HashMap<>();
        body.put("content", content);
        body.put("parentCommentId", parentCommentId);
        return send(author, client.post().uri("/api/posts/{id}/comments", postId), body);
    }

    Map<String, Object> comment(Member author, long postId, String content) {
        return json(writeComment(author, postId, content, null).expectStatus().isCreated());
    }

    Map<String, Object> reply(Member author, long postId, long parentCommentId, String content) {
        return json(writeComment(author, postId, content, parentCommentId)
                .expectStatus()
                .isCreated());
    }

    ResponseSpec editComment(Member editor, long id, String content) {
        Map<String, Object> body = new HashMap<>();
        body.put("content", content);
        return send(editor, client.put().uri("/api/comments/{id}", id), body);
    }

    ResponseSpec deleteComment(Member editor, long id) {
        return client.delete()
                .uri("/api/comments/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, editor.bearer())
                .exchange();
    }

    ResponseSpec get(Member reader, String uri) {
        return client.get()
                .uri(uri)
                .header(HttpHeaders.AUTHORIZATION, reader.bearer())
                .exchange();
    }

    /** Every item of a list, page by page. */
    List<Map<String, Object>> all(Member reader, String path, int size) {
        List<Map<String, Object>> items = new java.util.ArrayList<>();
        String cursor = null;
        do {
            String uri = path + (path.contains("?") ? "&" : "?") + "size=" + size
                    + (cursor == null ? "" : "&cursor=" + cursor);
            Map<String, Object> page = json(get(reader, uri).expectStatus().isOk());
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> pageItems = (List<Map<String, Object>>) page.get("items");
            assertThat(pageItems.size()).isLessThanOrEqualTo(size);
            items.addAll(pageItems);
            cursor = (String) page.get("nextCursor");
        } while (cursor != null);
        return items;
    }

    ResponseSpec like(Member member, String what, long id) {
        return client.put()
                .uri("/api/" + what + "/{id}/like", id)
                .header(HttpHeaders.AUTHORIZATION, member.bearer())
                .exchange();
    }

    ResponseSpec unlike(Member member, String what, long id) {
        return client.delete()
                .uri("/api/" + what + "/{id}/like", id)
                .header(HttpHeaders.AUTHORIZATION, member.bearer())
                .exchange();
    }

    private static ResponseSpec send(Member member, RestTestClient.RequestBodySpec request, Map<String, Object> body) {
        return request.header(HttpHeaders.AUTHORIZATION, member.bearer())
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange();
    }

    static Map<String, Object> json(ResponseSpec response) {
        return response.expectBody(JSON).returnResult().getResponseBody();
    }

    static long id(Map<String, Object> json) {
        return ((Number) json.get("id")).longValue();
    }

    /** A member as content-service knows them: from their token. */
    record Member(long id, String handle, String displayName, String token) {

        String bearer() {
            return "Bearer " + token;
        }
    }
}
