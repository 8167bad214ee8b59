package dailyfeed.security;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jwt.SignedJWT;
import dailyfeed.harness.Answer;
import dailyfeed.harness.GatewayClient;
import dailyfeed.harness.LaunchedSecrets;
import dailyfeed.harness.Member;
import dailyfeed.harness.RunningDailyfeed;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import tools.jackson.databind.JsonNode;

/**
 * Issue 13, signing keys: the JWKS publishes public halves only, the database keeps no plain private key, an operator
 * rotates the key while tokens of both keys keep working everywhere, and tokens are accepted only by the services they
 * are meant for ({@code aud}).
 */
@Order(3)
class SigningKeyIntegrationTests {

    /** JWK members that would be private key material (RFC 7518 section 6.3.2 and 6.4). */
    private static final Set<String> PRIVATE_PARAMETERS = Set.of("d", "p", "q", "dp", "dq", "qi", "oth", "k");

    @RegisterExtension
    static final RunningDailyfeed dailyfeed = SuiteSystem.shared();

    static GatewayClient gateway;

    @BeforeAll
    static void connect() {
        gateway = Recorded.gateway(dailyfeed.baseUrl());
    }

    /** A request to each resource server through the gateway that a member token may make. */
    private static List<Answer> onEveryService(Member member, String token) {
        return List.of(
                gateway.get("/api/members/me", token),
                gateway.get("/api/posts?authorId=" + member.id(), token),
                gateway.get("/api/activities/followings", token));
    }

    private static Member withToken(Member member, String token) {
        return new Member(member.id(), member.handle(), member.password(), token);
    }

    private static String login(Member member) {
        return gateway.json(
                        "POST",
                        "/api/auth/login",
                        null,
                        Json.write(Map.of("handle", member.handle(), "password", member.password())))
                .expect(200)
                .json()
                .path("accessToken")
                .asString();
    }

    private static String kid(String token) throws Exception {
        return SignedJWT.parse(token).getHeader().getKeyID();
    }

    @Test
    void theJwksHoldsNoPrivateKeyMaterial() throws Exception {
        Answer jwks = gateway.get("/.well-known/jwks.json", null).expect(200);
        Figures.hand("GET /.well-known/jwks.json (keys)", jwks);

        List<String> names = new ArrayList<>();
        for (JsonNode key : jwks.json().path("keys")) {
            key.propertyNames().forEach(names::add);
        }
        assertThat(names).isNotEmpty().contains("kid", "n", "e").doesNotContainAnyElementsOf(PRIVATE_PARAMETERS);
        assertThat(JWKSet.parse(jwks.body()).getKeys()).isNotEmpty().noneMatch(JWK::isPrivate);
    }

    @Test
    void theDatabaseKeepsNoPlainPrivateKey() throws Exception {
        Assumptions.assumeTrue(
                dailyfeed.jdbcUrl("member").isPresent(), "needs the database of a system this run started");
        int rows = 0;
        try (Connection connection = DriverManager.getConnection(
                        dailyfeed.jdbcUrl("member").orElseThrow(),
                        LaunchedSecrets.SUPERUSER,
                        dailyfeed.secrets().superuserPassword());
                ResultSet row = connection
                        .createStatement()
                        .executeQuery("SELECT kid, private_key, private_key_salt FROM signing_keys")) {
            while (row.next()) {
                rows++;
                assertThat(row.getString("private_key_salt"))
                        .as("salt of %s", row.getString("kid"))
                        .isNotBlank();
                byte[] stored = row.getBytes("private_key");
                assertThat(stored).as("stored key %s", row.getString("kid")).satisfies(bytes -> {
                    try {
                        java.security.KeyFactory.getInstance("RSA")
                                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(bytes));
                        throw new AssertionError("reads as a plain PKCS#8 private key");
                    } catch (java.security.GeneralSecurityException expected) {
                        // not a key without the password
                    }
                });
            }
        }
        assertThat(rows).isPositive();
    }

    @Test
    void anOperatorRotatesTheSigningKeyAndTokensOfBothKeysWorkEverywhere() throws Exception {
        Assumptions.assumeTrue(
                dailyfeed.port("member-service").isPresent(), "rotates through member-service's own port");
        GatewayClient memberService = Recorded.gateway(
                "http://localhost:" + dailyfeed.port("member-service").get());
        Member ada = Credentials.signUp(gateway, "rotation");
        String oldKid = kid(ada.token());
        onEveryService(ada, ada.token()).forEach(answer -> answer.expect(200));

        // operations only: anonymous 401, a member 403
        Checks.problem(memberService.send("POST", "/actuator/signingkeys", (String) null, null, null), 401);
        Checks.problem(memberService.send("POST", "/actuator/signingkeys", ada.token(), null, null), 403);
        String operations = Credentials.operationsToken(gateway, dailyfeed);
        assertThat(memberService
                        .get("/actuator/signingkeys", operations)
                        .expect(200)
                        .json()
                        .path("activeKid")
                        .asString())
                .isEqualTo(oldKid);

        Answer rotated = memberService.send("POST", "/actuator/signingkeys", operations, null, null);
        Figures.hand("POST /actuator/signingkeys (keys)", rotated);
        String newKid = rotated.expect(200).json().path("rotatedTo").asString();
        assertThat(newKid).isNotBlank().isNotEqualTo(oldKid);
        assertThat(rotated.body()).doesNotContain("\"d\"", "privateKey", "private_key");

        String newToken = login(ada);
        assertThat(kid(newToken)).isEqualTo(newKid);
        JWKSet jwks = JWKSet.parse(
                gateway.get("/.well-known/jwks.json", null).expect(200).body());
        assertThat(jwks.getKeyByKeyId(oldKid)).as("the old key stays published").isNotNull();
        assertThat(jwks.getKeyByKeyId(newKid)).isNotNull();
        // The new key was published as the next key before it signed anything, so every resource server already
        // holds it: accepted on the first try, with no key-set fetch to wait for.
        onEveryService(ada, newToken)
                .forEach(answer ->
                        assertThat(answer.status()).as("new token: %s", answer).isEqualTo(200));
        assertThat(memberService
                        .get("/actuator/signingkeys", operations)
                        .expect(200)
                        .json()
                        .path("nextKid")
                        .asString())
                .as("a new next key is published")
                .isNotIn(oldKid, newKid);
        onEveryService(withToken(ada, ada.token()), ada.token())
                .forEach(answer ->
                        assertThat(answer.status()).as("old token: %s", answer).isEqualTo(200));
    }

    @Test
    void aRegistrationTokenIsRefusedByTheServicesItIsNotMeantFor() {
        Member bo = Credentials.signUp(gateway, "audience");
        String registration = gateway.serviceToken(Credentials.registrationClient(dailyfeed), "activities.write");
        for (String path : List.of("/api/members/me", "/api/members/" + bo.id(), "/api/posts?authorId=" + bo.id())) {
            Answer answer = gateway.get(path, registration);
            Figures.hand("GET (aud)", answer);
            Checks.problem(answer, 401);
        }
        // the member's own token is meant for them all
        onEveryService(bo, bo.token()).forEach(answer -> answer.expect(200));
    }
}
