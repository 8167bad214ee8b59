package dailyfeed.member.auth;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Limits password guessing: after {@code maxFailures} failed logins for one handle within {@code window}, further
 * attempts for that handle are refused until the window ends. Counted in the database, so every instance of
 * member-service enforces the same limit.
 */
@Component
class LoginThrottle {

    private final JdbcClient jdbc;
    private final SecuritySettings.LoginThrottleSettings settings;
    private final Clock clock;

    LoginThrottle(JdbcClient jdbc, SecuritySettings settings, Clock clock) {
        this.jdbc = jdbc;
        this.settings = settings.loginThrottle();
        this.clock = clock;
    }

    /** Throws {@link TooManyAttempts} if this handle has used up its failures for the current window. */
    void checkAllowed(String handle) {
        Instant now = clock.instant();
        Optional<Instant> blockedUntil = jdbc.sql("SELECT window_start, failures FROM login_failures WHERE handle = ?")
                .param(handle)
                .query((rs, n) -> rs.getInt("failures") >= settings.maxFailures()
                        ? rs.getTimestamp("window_start").toInstant().plus(settings.window())
                        : Instant.MIN)
                .optional()
                .filter(until -> until.isAfter(now));
        if (blockedUntil.isPresent()) {
            throw new TooManyAttempts(Duration.between(now, blockedUntil.get()));
        }
    }

    /** Counts a failure, starting a new window when the last one has ended. */
    void recordFailure(String handle) {
        Instant now = clock.instant();
        jdbc.sql("""
                INSERT INTO login_failures (handle, window_start, failures) VALUES (:handle, :now, 1)
                ON CONFLICT (handle) DO UPDATE SET
                    failures = CASE WHEN login_failures.window_start < :windowStart THEN 1 ELSE login_failures.failures + 1 END,
                    window_start = CASE WHEN login_failures.window_start < :windowStart THEN :now ELSE login_failures.window_start END""")
                .param("handle", handle)
                .param("now", Timestamp.from(now))
                .param("windowStart", Timestamp.from(now.minus(settings.window())))
                .update();
    }

    void recordSuccess(String handle) {
        jdbc.sql("DELETE FROM login_failures WHERE handle = ?").param(handle).update();
    }

    /** Too many failed logins for this handle; retry after the window. */
    static class TooManyAttempts extends ErrorResponseException {

        TooManyAttempts(Duration retryAfter) {
            super(HttpStatus.TOO_MANY_REQUESTS, problem(), null);
            getHeaders().set(HttpHeaders.RETRY_AFTER, Long.toString(Math.max(1, retryAfter.toSeconds())));
        }

        private static ProblemDetail problem() {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                    HttpStatus.TOO_MANY_REQUESTS, "Too many failed logins for this handle. Try again later.");
            problem.setTitle("Too many login attempts");
            return problem;
        }
    }
}
