package dailyfeed.member.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.member.MemberApi;
import dailyfeed.member.PasswordHashingProbe;
import dailyfeed.testsupport.ServiceIntegrationTest;
import java.net.http.HttpResponse;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;

@ServiceIntegrationTest
class LoginThrottleIntegrationTests {

    static final int BURST = 30;

    @LocalServerPort
    int port;

    @Autowired
    PasswordHashingProbe probe;

    @Autowired
    SecuritySettings settings;

    @Autowired
    LoginThrottle throttle;

    @Autowired
    JdbcClient jdbc;

    MemberApi api;

    @BeforeEach
    void connect() {
        api = new MemberApi(port);
    }

    @Test
    void aBurstOfConcurrentGuessesGetsNoMorePasswordChecksThanTheLimit() throws Exception {
        int limit = settings.loginThrottle().maxFailures();
        var lea = api.signUp("lea");
        probe.resetChecks();

        List<HttpResponse<String>> answers = api.burst("/api/auth/login", BURST, i -> """
                {"handle":"%s","password":"guess %d"}""".formatted(lea.handle(), i));

        assertThat(probe.checks()).as("passwords checked").isEqualTo(limit);
        assertThat(answers).filteredOn(answer -> answer.statusCode() == 401).hasSize(limit);
        assertThat(answers)
                .filteredOn(answer -> answer.statusCode() != 401)
                .hasSize(BURST - limit)
                .allSatisfy(answer -> {
                    assertThat(answer.statusCode()).isEqualTo(429);
                    assertThat(answer.headers().firstValue("Retry-After"))
                            .hasValueSatisfying(seconds -> assertThat(Long.parseLong(seconds))
                                    .isBetween(
                                            1L,
                                            settings.loginThrottle().window().toSeconds()));
                });
        // locked: the right password is refused too, without being checked
        api.client()
                .post()
                .uri("/api/auth/login")
                .contentType(MediaType.APPLICATION_JSON)
                .body(Map.of("handle", lea.handle(), "password", lea.password()))
                .exchange()
                .expectStatus()
                .isEqualTo(429);
        assertThat(probe.checks()).isEqualTo(limit);
    }

    @Test
    void failuresAreForgottenAfterTheirWindow() {
        Duration window = settings.loginThrottle().window();
        Instant now = Instant.now();
        String stale = MemberApi.uniqueHandle("stale");
        String recent = MemberApi.uniqueHandle("recent");
        insertFailures(stale, now.minus(window).minusSeconds(60));
        insertFailures(recent, now.minus(window).plusSeconds(60));

        throttle.forgetExpiredFailures();

        assertThat(failureRowsOf(stale)).isZero();
        assertThat(failureRowsOf(recent)).isOne();
    }

    private void insertFailures(String handle, Instant windowStart) {
        jdbc.sql("INSERT INTO login_failures (handle, window_start, failures) VALUES (?, ?, 5)")
                .params(handle, Timestamp.from(windowStart))
                .update();
    }

    private long failureRowsOf(String handle) {
        return jdbc.sql("SELECT count(*) FROM login_failures WHERE handle = ?")
                .param(handle)
                .query(Long.class)
                .single();
    }
}
