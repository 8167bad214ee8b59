package dailyfeed.member.auth;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dailyfeed.member.MemberApi;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

@dailyfeed.testsupport.ServiceIntegrationTest
class SigningKeyRotationIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    SigningKeys keys;

    MemberApi api;

    @BeforeEach
    void connect() {
        api = new MemberApi(port);
    }

    private Map<String, Object> signingKeys(String method, String token) {
        var request = method.equals("POST")
                ? api.client().post().uri("/actuator/signingkeys")
                : api.client().get().uri("/actuator/signingkeys");
        return request.header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MemberApi.JSON)
                .returnResult()
                .getResponseBody();
    }

    private void me(String token, int status) {
        api.client()
                .get()
                .uri("/api/members/me")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isEqualTo(status);
    }

    @Test
    void anOperatorRotatesTheKeyAndTokensOfBothKeysAreAccepted() throws Exception {
        var ada = api.signUp("ada");
        String oldKid = SignedJWT.parse(ada.token()).getHeader().getKeyID();
        String operations = api.serviceToken("operations");
        assertThat(SignedJWT.parse(operations).getJWTClaimsSet().getAudience())
                .containsExactlyInAnyOrder("gateway", "member-service", "content-service", "activity-service");

        Map<String, Object> listed = signingKeys("GET", operations);
        assertThat(listed).containsEntry("activeKid", oldKid);
        String next = (String) listed.get("nextKid");
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> listedKeys = (List<Map<String, Object>>) listed.get("keys");
        // ids and dates only: nothing that could be key material
        assertThat(listedKeys)
                .isNotEmpty()
                .allSatisfy(key -> assertThat(key.keySet())
                        .containsExactlyInAnyOrder("kid", "createdAt", "activatedAt", "retiredAt", "published"));

        Map<String, Object> rotated = signingKeys("POST", operations);
        String newKid = (String) rotated.get("rotatedTo");
        assertThat(newKid).isNotEqualTo(oldKid).isEqualTo(next);
        assertThat(rotated).containsEntry("activeKid", newKid);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> stored = (List<Map<String, Object>>) rotated.get("keys");
        assertThat(stored)
                .filteredOn(key -> key.get("kid").equals(oldKid))
                .singleElement()
                .satisfies(key -> assertThat(key.get("retiredAt")).isNotNull())
                .satisfies(key -> assertThat(key).containsEntry("published", true));

        String newToken = api.login(ada.handle(), ada.password());
        assertThat(SignedJWT.parse(newToken).getHeader().getKeyID()).isEqualTo(newKid);
        me(newToken, 200);
        me(ada.token(), 200);
        JWKSet jwks = JWKSet.parse(api.client()
                .get()
                .uri("/.well-known/jwks.json")
                .exchange()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        assertThat(jwks.getKeyByKeyId(oldKid)).isNotNull();
        assertThat(jwks.getKeyByKeyId(newKid)).isNotNull();
    }

    @Test
    void theSigningKeysEndpointIsForOperationsOnly() {
        var bob = api.signUp("bob");
        api.client()
                .get()
                .uri("/actuator/signingkeys")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        api.client()
                .post()
                .uri("/actuator/signingkeys")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        api.client()
                .post()
                .uri("/actuator/signingkeys")
                .header(HttpHeaders.AUTHORIZATION, bob.bearer())
                .exchange()
                .expectStatus()
                .isForbidden();
        api.client()
                .get()
                .uri("/actuator/signingkeys")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + api.serviceToken("activities.write"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void aTokenSignedWithTheRealKeyButMeantForAnotherServiceIsRefused() throws Exception {
        var cy = api.signUp("cy");
        me(signed(cy.id(), List.of("member-service")), 200); // the forging below is otherwise right
        me(signed(cy.id(), List.of("content-service", "gateway")), 401);
        me(signed(cy.id(), List.of()), 401);
    }

    private String signed(long member, List<String> audiences) throws Exception {
        var claims = new JWTClaimsSet.Builder()
                .issuer("http://localhost:8080")
                .subject(Long.toString(member))
                .audience(audiences)
                .claim("scope", "member")
                .issueTime(new Date())
                .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                .build();
        var jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256)
                        .keyID(keys.current().getKeyID())
                        .build(),
                claims);
        jwt.sign(new RSASSASigner(keys.current()));
        return jwt.serialize();
    }
}
