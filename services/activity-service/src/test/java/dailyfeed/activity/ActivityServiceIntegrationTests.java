package dailyfeed.activity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.web.servlet.client.RestTestClient;

@ActivityServiceTest
class ActivityServiceIntegrationTests {

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
        assertThat(jdbc.queryForObject("select current_database()", String.class)).isEqualTo("activity_service");
        assertThat(jdbc.queryForObject("select to_regclass('public.member_activities') is not null", Boolean.class)).isTrue();
        assertThat(jdbc.queryForObject("select count(*) from flyway_schema_history where version = '1' and success",
                Integer.class)).isEqualTo(1);
    }

    @Test
    void storesAnEventOnlyOnce() {
        String upsert = """
                insert into member_activities (event_id, type, occurred_at, actor_id, actor_handle, actor_display_name, schema_version)
                values ('00000000-0000-0000-0000-00000000abcd', 'POST_CREATED', now(), 1, 'ann', 'Ann', 1)
                on conflict (event_id) do nothing""";
        try {
            assertThat(jdbc.update(upsert)).isEqualTo(1);
            assertThat(jdbc.update(upsert)).isZero();
        } finally {
            jdbc.update("delete from member_activities where event_id = '00000000-0000-0000-0000-00000000abcd'");
        }
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
                .expectBody().jsonPath("$.openapi").exists();
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
