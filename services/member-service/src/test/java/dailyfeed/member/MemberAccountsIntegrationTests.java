package dailyfeed.member;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import dailyfeed.testsupport.ServiceIntegrationTest;
import java.time.Instant;
import java.util.Date;
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
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;

@ServiceIntegrationTest
class MemberAccountsIntegrationTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    JwtEncoder encoder;

    MemberApi api;

    @BeforeEach
    void connect() {
        api = new MemberApi(port);
    }

    @Test
    void aNewMemberSignsUpLogsInAndSeesThemselves() {
        String handle = MemberApi.uniqueHandle("alice");

        Map<String, Object> created = api.client()
                .post()
                .uri("/api/members")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("handle", handle, "displayName", "  Alice 🌷  ", "password", "correct horse"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .valueMatches(HttpHeaders.LOCATION, "/api/members/\\d+")
                .expectBody(MemberApi.JSON)
                .returnResult()
                .getResponseBody();
        assertThat(created)
                .containsEntry("handle", handle)
                .containsEntry("displayName", "Alice 🌷")
                .containsKeys("id", "createdAt")
                .doesNotContainKeys("password", "passwordHash");

        Map<String, Object> token = api.client()
                .post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("handle", handle, "password", "correct horse"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MemberApi.JSON)
                .returnResult()
                .getResponseBody();
        assertThat(token).containsEntry("tokenType", "Bearer").containsEntry("expiresIn", 3600);

        Map<String, Object> me = api.client()
                .get()
                .uri("/api/members/me")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token.get("accessToken"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(MemberApi.JSON)
                .returnResult()
                .getResponseBody();
        assertThat(me)
                .containsEntry("id", created.get("id"))
                .containsEntry("handle", handle)
                .containsEntry("createdAt", created.get("createdAt"))
                .containsEntry("followerCount", 0)
                .containsEntry("followingCount", 0);

        String hash = jdbc.sql("SELECT password_hash FROM members WHERE handle = ?")
                .param(handle)
                .query(String.class)
                .single();
        assertThat(hash).startsWith("{argon2}").doesNotContain("correct horse");
    }

    static Stream<Arguments> invalidSignUps() {
        return Stream.of(
                Arguments.of("handle too short", Map.of("handle", "ab"), "handle"),
                Arguments.of("handle too long", Map.of("handle", "a".repeat(31)), "handle"),
                Arguments.of("handle with capitals", Map.of("handle", "Alice"), "handle"),
                Arguments.of("handle with a dash", Map.of("handle", "al-ice"), "handle"),
                Arguments.of("handle missing", Map.of("handle", ""), "handle"),
                Arguments.of("display name blank", Map.of("displayName", "   "), "displayName"),
                Arguments.of("display name too long", Map.of("displayName", "x".repeat(51)), "displayName"),
                Arguments.of("display name missing", Map.of("displayName", ""), "displayName"),
                Arguments.of("password too short", Map.of("password", "1234567"), "password"),
                Arguments.of("password too long", Map.of("password", "p".repeat(129)), "password"),
                Arguments.of("password missing", Map.of("password", ""), "password"),
                // PostgreSQL cannot store NUL (this was a 500); an unpaired surrogate would be stored as "?"
                Arguments.of("display name with NUL", Map.of("displayName", "Nul\u0000Name"), "displayName"),
                Arguments.of(
                        "display name with an unpaired surrogate", Map.of("displayName", "Half \uD800"), "displayName"),
                Arguments.of(
                        "password with an unpaired surrogate", Map.of("password", "long enough \uDC00"), "password"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidSignUps")
    void everyBrokenRuleIsA400ProblemThatStoresNothing(String rule, Map<String, String> override, String field) {
        String handle = MemberApi.uniqueHandle("valid");
        Map<String, Object> body =
                new HashMap<>(Map.of("handle", handle, "displayName", "Valid Name", "password", "long enough"));
        override.forEach((key, value) -> {
            if (value.isEmpty()) {
                body.remove(key);
            } else {
                body.put(key, value);
            }
        });
        long membersBefore = countMembers();

        Map<String, Object> problem = api.client()
                .post()
                .uri("/api/members")
                .contentType(MediaType.APPLICATION_JSON)
                .body(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody(MemberApi.JSON)
                .returnResult()
                .getResponseBody();

        assertThat(problem).containsEntry("status", 400).containsKeys("type", "title", "detail");
        assertThat((List<?>) problem.get("errors"))
                .extracting(error -> (Object) ((Map<?, ?>) error).get("field"))
                .containsExactly(field);
        assertThat(countMembers()).isEqualTo(membersBefore);
    }

    @Test
    void boundaryLengthsAreAccepted() {
        String handle = MemberApi.uniqueHandle("b")
                + "_".repeat(30 - MemberApi.uniqueHandle("b").length());
        api.client()
                .post()
                .uri("/api/members")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("handle", handle, "displayName", "😀".repeat(50), "password", "🔑".repeat(128)))
                .exchange()
                .expectStatus()
                .isCreated();
        // login counts the password as sign-up does (code points): this was a 400 for 128 emoji (256 UTF-16 units)
        assertThat(api.login(handle, "🔑".repeat(128))).isNotBlank();
    }

    @Test
    void malformedJsonIsA400Problem() {
        long before = countMembers();
        api.client()
                .post()
                .uri("/api/members")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"handle\": ")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(400);
        api.client()
                .post()
                .uri("/api/members")
                .contentType(MediaType.APPLICATION_JSON)
                .body("{\"handle\": 5, \"password\": []}")
                .exchange()
                .expectStatus()
                .isBadRequest();
        assertThat(countMembers()).isEqualTo(before);
    }

    @Test
    void aTakenHandleIsA409() {
        var alice = api.signUp("taken");
        long before = countMembers();

        api.client()
                .post()
                .uri("/api/members")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("handle", alice.handle(), "displayName", "Impostor", "password", "another password"))
                .exchange()
                .expectStatus()
                .isEqualTo(409)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(countMembers()).isEqualTo(before);
    }

    @Test
    void aLoginHandleWithNulIsA400NotAFailedQuery() {
        api.client()
                .post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("handle", "nul\u0000handle", "password", "whatever password"))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.errors[0].field")
                .isEqualTo("handle");
    }

    @Test
    void aWrongPasswordOrUnknownHandleIsA401() {
        var bob = api.signUp("bob");
        for (Map<String, String> attempt : List.of(
                Map.of("handle", bob.handle(), "password", bob.password() + "x"),
                Map.of("handle", "nobody_" + bob.handle(), "password", bob.password()))) {
            api.client()
                    .post()
                    .uri("/api/auth/login")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(attempt)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.accessToken")
                    .doesNotExist();
        }
    }

    @Test
    void repeatedFailedLoginsForOneHandleAreThrottledWith429() {
        var ivy = api.signUp("ivy");
        var jay = api.signUp("jay");
        Map<String, String> wrong = Map.of("handle", ivy.handle(), "password", "not her password");
        for (int attempt = 1; attempt <= 5; attempt++) {
            api.client()
                    .post()
                    .uri("/api/auth/login")
                    .contentType(MediaType.APPLICATION_JSON)
                    .body(wrong)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized();
        }

        // the limit holds even for the right password, so guessing cannot go on
        api.client()
                .post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("handle", ivy.handle(), "password", ivy.password()))
                .exchange()
                .expectStatus()
                .isEqualTo(429)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueMatches(HttpHeaders.RETRY_AFTER, "\\d+")
                .expectBody()
                .jsonPath("$.accessToken")
                .doesNotExist();
        // other handles are not affected
        assertThat(api.login(jay.handle(), jay.password())).isNotBlank();
    }

    @Test
    void aSuccessfulLoginClearsEarlierFailures() {
        var kim = api.signUp("kim");
        Map<String, String> wrong = Map.of("handle", kim.handle(), "password", "wrong password");
        for (int round = 0; round < 3; round++) {
            for (int attempt = 1; attempt <= 4; attempt++) {
                api.client()
                        .post()
                        .uri("/api/auth/login")
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(wrong)
                        .exchange()
                        .expectStatus()
                        .isUnauthorized();
            }
            assertThat(api.login(kim.handle(), kim.password())).isNotBlank();
        }
    }

    @Test
    void requestsWithoutAValidTokenAreRejectedWith401() throws Exception {
        var carol = api.signUp("carol");
        String issuer = "http://localhost:8080";
        RSAKey stranger = new RSAKeyGenerator(2048).keyID("stranger").generate();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(issuer)
                .subject(Long.toString(carol.id()))
                .claim("scope", "member")
                .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                .build();
        SignedJWT foreign = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.RS256).keyID("stranger").build(), claims);
        foreign.sign(new RSASSASigner(stranger));
        String unsigned = new PlainJWT(claims).serialize();
        String expired = encoder.encode(JwtEncoderParameters.from(
                        JwsHeader.with(SignatureAlgorithm.RS256).build(),
                        JwtClaimsSet.builder()
                                .issuer(issuer)
                                .subject(Long.toString(carol.id()))
                                .claim("scope", "member")
                                .issuedAt(Instant.now().minusSeconds(7200))
                                .expiresAt(Instant.now().minusSeconds(3600))
                                .build()))
                .getTokenValue();
        String tampered = carol.token().substring(0, carol.token().length() - 4) + "AAAA";

        api.client()
                .get()
                .uri("/api/members/me")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        for (String token : List.of(foreign.serialize(), unsigned, expired, tampered, "not-a-jwt")) {
            api.client()
                    .get()
                    .uri("/api/members/me")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        api.client()
                .get()
                .uri("/api/members/me")
                .header(HttpHeaders.AUTHORIZATION, carol.bearer())
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aMemberIsReadByIdAndAnUnknownIdIs404() {
        var dave = api.signUp("dave");
        var erin = api.signUp("erin");

        api.client()
                .get()
                .uri("/api/members/{id}", dave.id())
                .header(HttpHeaders.AUTHORIZATION, erin.bearer())
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.handle")
                .isEqualTo(dave.handle())
                .jsonPath("$.followerCount")
                .isEqualTo(0)
                .jsonPath("$.passwordHash")
                .doesNotExist();
        api.client()
                .get()
                .uri("/api/members/{id}", Long.MAX_VALUE)
                .header(HttpHeaders.AUTHORIZATION, erin.bearer())
                .exchange()
                .expectStatus()
                .isNotFound()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        api.client()
                .get()
                .uri("/api/members/abc")
                .header(HttpHeaders.AUTHORIZATION, erin.bearer())
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON);
    }

    private long countMembers() {
        return jdbc.sql("SELECT count(*) FROM members").query(Long.class).single();
    }
}
