package dailyfeed.content;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.content.ContentApi.Member;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The service refuses oversized bodies itself too (defence in depth behind the gateway), and stores nothing. */
@ContentIntegrationTest
class RequestBodyLimitIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @Test
    void aBodyDeclaredLargerThanTheLimitIsA413AndNothingIsStored() throws Exception {
        Member ann = ContentApi.member("ann");

        var response = post(ann, HttpRequest.BodyPublishers.ofByteArray(post(64 * 1024 + 1)));

        assertTooLarge(response);
        assertThat(postsOf(ann)).isZero();
    }

    @Test
    void aChunkedBodyThatGrowsPastTheLimitIsA413AndNothingIsStored() throws Exception {
        Member ben = ContentApi.member("ben");

        var response =
                post(ben, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(post(1024 * 1024))));

        assertTooLarge(response);
        assertThat(postsOf(ben)).isZero();
    }

    @Test
    void aChunkedBodyWithinTheLimitIsReadAsUsual() throws Exception {
        Member cid = ContentApi.member("cid");
        // 1000 four-byte characters: a valid post of 4 KiB
        byte[] body = ("{\"content\":\"" + "😀".repeat(1000) + "\"}").getBytes(StandardCharsets.UTF_8);

        var response = post(cid, HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(body)));

        assertThat(response.statusCode()).isEqualTo(201);
        assertThat(postsOf(cid)).isOne();
    }

    private static void assertTooLarge(HttpResponse<String> response) {
        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
        assertThat(response.body()).contains("\"status\":413").contains("\"title\":\"Request body too large\"");
    }

    private HttpResponse<String> post(Member author, HttpRequest.BodyPublisher body) throws Exception {
        return http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/posts"))
                        .header("Authorization", author.bearer())
                        .header("Content-Type", "application/json")
                        .POST(body)
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private long postsOf(Member author) {
        return jdbc.sql("SELECT count(*) FROM posts WHERE author_id = ?")
                .param(author.id())
                .query(Long.class)
                .single();
    }

    /** A valid post body of exactly {@code size} bytes. */
    private static byte[] post(int size) {
        return ("{\"content\":\"" + "a".repeat(size - 14) + "\"}").getBytes(StandardCharsets.UTF_8);
    }
}
