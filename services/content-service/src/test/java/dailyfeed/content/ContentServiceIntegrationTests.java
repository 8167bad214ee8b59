package dailyfeed.content;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.testsupport.ServiceBasics;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

@ContentIntegrationTest
class ContentServiceIntegrationTests implements ServiceBasics {

    @LocalServerPort
    int port;

    @Autowired
    JdbcTemplate jdbc;

    RestTestClient http;

    @BeforeEach
    void connect() {
        http = RestTestClient.bindToServer().baseUrl("http://localhost:" + port).build();
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public List<String> managementEndpoints() {
        return List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/deadletters");
    }

    @Test
    void migratesItsOwnDatabase() {
        assertThat(jdbc.queryForObject("select current_database()", String.class))
                .isEqualTo("content_service");
        assertThat(jdbc.queryForObject("select to_regclass('public.posts') is not null", Boolean.class))
                .isTrue();
        assertThat(jdbc.queryForObject(
                        "select count(*) from flyway_schema_history where version in ('1', '2') and success",
                        Integer.class))
                .isEqualTo(2);
        assertThat(jdbc.queryForObject("select to_regclass('public.event_outbox') is not null", Boolean.class))
                .isTrue();
    }

    @Test
    void describesItsEndpoints() {
        http.get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/posts']")
                .exists()
                .jsonPath("$.paths['/api/posts/{postId}/comments']")
                .exists()
                .jsonPath("$.paths['/api/comments/{id}/like']")
                .exists();
    }
}
