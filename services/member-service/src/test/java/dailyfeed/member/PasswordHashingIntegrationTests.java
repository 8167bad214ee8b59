package dailyfeed.member;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import dailyfeed.testsupport.ServiceIntegrationTest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpHeaders;

@ServiceIntegrationTest
class PasswordHashingIntegrationTests {

    static final int BURST = 30;

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    PasswordHashingProbe probe;

    MemberApi api;

    @BeforeEach
    void connect() {
        api = new MemberApi(port);
    }

    @Test
    void signUpsHashingTheirPasswordsHoldNoDatabaseConnection() throws Exception {
        var reader = api.signUp("reader");
        HikariPoolMXBean pool = ((HikariDataSource) dataSource).getHikariPoolMXBean();
        assertThat(pool.getTotalConnections())
                .as("the pool at its configured size")
                .isLessThanOrEqualTo(10);

        probe.holdHashing();
        CompletableFuture<List<HttpResponse<String>>> signUps;
        try {
            String prefix = MemberApi.uniqueHandle("burst");
            signUps = CompletableFuture.supplyAsync(() -> signUpBurst(prefix));
            // three times as many sign-ups as the pool has connections are all hashing at once
            await().atMost(Duration.ofSeconds(20)).until(() -> probe.heldHashes() == BURST);

            assertThat(pool.getActiveConnections())
                    .as("connections held while %d sign-ups hash", BURST)
                    .isLessThanOrEqualTo(2);
            assertThat(pool.getThreadsAwaitingConnection()).isZero();
            long started = System.nanoTime();
            api.client()
                    .get()
                    .uri("/api/members/me")
                    .header(HttpHeaders.AUTHORIZATION, reader.bearer())
                    .exchange()
                    .expectStatus()
                    .isOk();
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        } finally {
            probe.releaseHashing();
        }
        assertThat(signUps.get())
                .hasSize(BURST)
                .allSatisfy(answer -> assertThat(answer.statusCode()).isEqualTo(201));
    }

    @Test
    void theTokenEndpointChecksTheSecretThroughTheBoundedEncoder() {
        probe.resetChecks();

        api.serviceToken("activities.write"); // expects 200

        // the secret was checked by the one PasswordEncoder bean, the bounded one
        assertThat(probe.checks()).isOne();
        assertThat(probe.wrappedType().getSimpleName()).isEqualTo("BoundedPasswordEncoder");
    }

    private List<HttpResponse<String>> signUpBurst(String prefix) {
        try {
            return api.burst("/api/members", BURST, i -> """
                    {"handle":"%s_%d","displayName":"Burst %d","password":"burst password %d"}""".formatted(prefix, i, i, i));
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
