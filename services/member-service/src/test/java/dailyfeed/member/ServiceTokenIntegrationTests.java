package dailyfeed.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.SignedJWT;
import dailyfeed.testsupport.ServiceIntegrationTest;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;

@ServiceIntegrationTest
class ServiceTokenIntegrationTests {

    @LocalServerPort
    int port;

    MemberApi api;

    @BeforeEach
    void connect() {
        api = new MemberApi(port);
    }

    @Test
    void theJwksPublishesThePublicKeyThatVerifiesLoginTokens() throws Exception {
        var hal = api.signUp("hal");
        String jwks = api.client()
                .get()
                .uri("/.well-known/jwks.json")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        JWKSet set = JWKSet.parse(jwks);
        assertThat(set.getKeys()).isNotEmpty().noneMatch(JWK::isPrivate);
        assertThat(jwks).doesNotContain("\"d\"", "\"p\"", "\"q\"", "\"dp\"", "\"dq\"", "\"qi\"");

        SignedJWT token = SignedJWT.parse(hal.token());
        RSAKey key = set.getKeyByKeyId(token.getHeader().getKeyID()).toRSAKey();
        assertThat(token.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(token.getHeader().getKeyID()).isEqualTo(key.getKeyID());
        assertThat(token.verify(new RSASSAVerifier(key))).isTrue();
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo(Long.toString(hal.id()));
        assertThat(token.getJWTClaimsSet().getStringClaim("scope")).isEqualTo("member");
        assertThat(token.getJWTClaimsSet().getIssuer()).isEqualTo("http://localhost:8080");
        assertThat(token.getJWTClaimsSet().getAudience())
                .containsExactlyInAnyOrder("gateway", "member-service", "content-service", "activity-service");
    }

    @Test
    void aServiceGetsAServiceTokenWithClientCredentials() throws Exception {
        Map<String, Object> body = api.client()
                .post()
                .uri("/oauth2/token")
                .headers(headers -> headers.setBasicAuth(MemberApi.REGISTRATION_CLIENT, MemberApi.REGISTRATION_SECRET))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&scope=activities.write")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MemberApi.JSON)
                .returnResult()
                .getResponseBody();

        assertThat(body)
                .containsEntry("token_type", "Bearer")
                .containsEntry("scope", "activities.write")
                .containsKey("expires_in");
        SignedJWT token = SignedJWT.parse((String) body.get("access_token"));
        assertThat(token.getJWTClaimsSet().getStringListClaim("scope")).containsExactly("activities.write");
        assertThat(token.getJWTClaimsSet().getSubject()).isEqualTo("dailyfeed-service");
        assertThat(token.getJWTClaimsSet().getAudience()).containsExactlyInAnyOrder("gateway", "activity-service");

        // a registration token is not meant for member-service at all
        api.client()
                .get()
                .uri("/api/members/me")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + body.get("access_token"))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    @Test
    void wrongClientSecretsAndUnknownScopesGetNoToken() {
        api.client()
                .post()
                .uri("/oauth2/token")
                .headers(headers -> headers.setBasicAuth("dailyfeed-service", "wrong"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&scope=activities.write")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.access_token")
                .doesNotExist();
        api.client()
                .post()
                .uri("/oauth2/token")
                .headers(headers -> headers.setBasicAuth(MemberApi.REGISTRATION_CLIENT, MemberApi.REGISTRATION_SECRET))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&scope=admin")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.access_token")
                .doesNotExist();
    }

    @Test
    void eachServiceClientGetsOnlyItsOwnScope() {
        assertThat(tokenRequest(MemberApi.OPERATIONS_CLIENT, MemberApi.OPERATIONS_SECRET, "operations"))
                .containsEntry("scope", "operations");
        assertThat(tokenRequest(MemberApi.REGISTRATION_CLIENT, MemberApi.REGISTRATION_SECRET, "operations"))
                .containsEntry("error", "invalid_scope")
                .doesNotContainKey("access_token");
        assertThat(tokenRequest(MemberApi.OPERATIONS_CLIENT, MemberApi.OPERATIONS_SECRET, "activities.write"))
                .containsEntry("error", "invalid_scope")
                .doesNotContainKey("access_token");
    }

    @Test
    void theSecretEarlierVersionsPublishedGetsNoToken() {
        api.client()
                .post()
                .uri("/oauth2/token")
                .headers(headers -> headers.setBasicAuth("dailyfeed-service", "dailyfeed-service-secret"))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&scope=activities.write")
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    /** POST /oauth2/token with client credentials; the JSON body of the answer, whatever its status. */
    private Map<String, Object> tokenRequest(String clientId, String secret, String scope) {
        return api.client()
                .post()
                .uri("/oauth2/token")
                .headers(headers -> headers.setBasicAuth(clientId, secret))
                .contentType(MediaType.APPLICATION_FORM_URLENCODED)
                .body("grant_type=client_credentials&scope=" + scope)
                .exchange()
                .expectBody(MemberApi.JSON)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void healthAndApiDocsArePublic() {
        api.client()
                .get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .isEqualTo("{\"status\":\"UP\"}");
        api.client()
                .get()
                .uri("/v3/api-docs")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.paths['/api/members']")
                .exists();
        List.of("/actuator/deadletters")
                .forEach(path ->
                        api.client().post().uri(path).exchange().expectStatus().isUnauthorized());
    }

    @Test
    void managementEndpointsBesidesHealthAndInfoAreForTheOperationsScopeOnly() {
        String member = api.signUp("ops_" + System.nanoTime() % 1_000_000).token();
        String operations = api.serviceToken("operations");
        api.client().get().uri("/actuator/info").exchange().expectStatus().isOk();
        for (String endpoint : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/deadletters")) {
            api.client().get().uri(endpoint).exchange().expectStatus().isUnauthorized();
            api.client()
                    .get()
                    .uri(endpoint)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + member)
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            api.client()
                    .get()
                    .uri(endpoint)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + operations)
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }

    /** The one way these tests get an operator's token: client credentials with the operations scope. */
}
