package dailyfeed.testsupport;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.test.web.servlet.client.RestTestClient;

/**
 * What every service answers the same way, checked once for all: a service's "whole service" test class implements
 * this and says where it runs.
 */
public interface ServiceBasics {

    /** The port the service under test listens on. */
    int port();

    /**
     * The service's management endpoints besides health and info (metrics, prometheus, its dead letters): served to
     * tokens with the operations scope only.
     */
    List<String> managementEndpoints();

    /** A token with the {@code operations} scope that the service under test accepts. */
    default String operationsToken() {
        return TestTokens.service("operations");
    }

    private RestTestClient http() {
        return RestTestClient.bindToServer()
                .baseUrl("http://localhost:" + port())
                .build();
    }

    @Test
    default void answersHealthUp() {
        http().get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
    }

    @Test
    default void refusesTheApiWithoutATokenAsProblemJson() {
        http().get()
                .uri("/api/anything")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueMatches("WWW-Authenticate", "^Bearer\\b.*")
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401);
    }

    @Test
    default void servesItsManagementEndpointsToOperatorsOnly() {
        String member = TestTokens.member(1, "basics", "Basics");
        for (String endpoint : managementEndpoints()) {
            http().get().uri(endpoint).exchange().expectStatus().isUnauthorized();
            http().get()
                    .uri(endpoint)
                    .header("Authorization", "Bearer " + member)
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            http().get()
                    .uri(endpoint)
                    .header("Authorization", "Bearer " + operationsToken())
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        http().get().uri("/actuator/info").exchange().expectStatus().isOk();
    }

    @Test
    default void publishesItsOpenApiDescription() {
        http().get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.openapi")
                .exists();
    }

    @Test
    default void namesTheGatewayAsItsServerWhenCalledThroughIt() {
        // what the gateway adds; Swagger UI's "try it out" then goes through the gateway, not around it
        http().get()
                .uri("/v3/api-docs")
                .header("X-Forwarded-Host", "gateway.test:8080")
                .header("X-Forwarded-Proto", "http")
                .header("X-Forwarded-Port", "8080")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.servers[0].url")
                .isEqualTo("http://gateway.test:8080");
    }
}
