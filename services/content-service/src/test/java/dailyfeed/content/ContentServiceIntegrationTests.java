package dailyfeed.content;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

@ContentIntegrationTest
class ContentServiceIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Test
    void answersHealthUp() {
        http.get().uri("/actuator/health").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.status").isEqualTo("UP");
    }

    @Test
    void migratesItsOwnDatabase() {
        assertThat(jdbc.queryForObject("select current_database()", String.class)).isEqualTo("content_service");
        assertThat(jdbc.queryForObject("select to_regclass('public.posts') is not null", Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where version in ('1', '2') and success",
                Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("select to_regclass('public.event_outbox') is not null", Boolean.class)).isTrue();
    }

    @Test
    void refusesTheApiWithoutATokenAsProblemJson() {
        http.get().uri("/api/anything").exchange()
                .expectStatus().isUnauthorized()
                .expectHeader().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader().valueMatches("WWW-Authenticate", "^Bearer\\b.*")
                .expectBody().jsonPath("$.status").isEqualTo(401);
    }

    @Test
    void publishesItsOpenApiDescription() {
        http.get().uri("/v3/api-docs").exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.openapi").exists()
                .jsonPath("$.paths['/api/posts']").exists()
                .jsonPath("$.paths['/api/posts/{postId}/comments']").exists()
                .jsonPath("$.paths['/api/comments/{id}/like']").exists();
    }

    @Test
    void namesTheGatewayAsItsServerWhenCalledThroughIt() {
        // what the gateway adds; Swagger UI's "try it out" then goes through the gateway, not around it
        http.get().uri("/v3/api-docs")
                .header("X-Forwarded-Host", "gateway.test:8080")
                .header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-Port", "8080")
                .exchange()
                .expectStatus().isOk()
                .expectBody().jsonPath("$.servers[0].url").isEqualTo("http://gateway.test:8080");
    }
}
