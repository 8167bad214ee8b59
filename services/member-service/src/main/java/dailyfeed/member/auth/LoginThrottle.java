package dailyfeed.member.auth;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.SchedulingConfigurer;
import org.springframework.scheduling.config.FixedDelayTask;
import org.springframework.scheduling.config.ScheduledTaskRegistrar;
import org.springframework.stereotype.Component;
import org.springframework.web.ErrorResponseException;

/**
 * Limits password guessing: after {@code maxFailures} failed logins for one handle within {@code window}, further
 * attempts for that handle are refused until the window ends. Counted in the database, so every instance of
 * member-service enforces the same limit.
 */
@Component
class LoginThrottle implements SchedulingConfigurer {

    private static final Duration FORGET_AT_MOST_EVERY = Duration.ofMinutes(1);

    private final JdbcClient jdbc;
    private final SecuritySettings.LoginThrottleSettings settings;
    private final Clock clock;
    private final Counter lockouts;

    LoginThrottle(JdbcClient jdbc, SecuritySettings settings, Clock clock, MeterRegistry meters) {
        this.jdbc = jdbc;
        this.settings = settings.loginThrottle();
        this.clock = clock;
        this.lockouts = Counter.builder("dailyfeed.member.login.lockouts")
                .description("Logins refused with 429 because their handle had too many failures in the window")
                .register(meters);
    }

    /**
     * Takes one of the handle's attempts in the current window, before its password is checked, or throws
     * {@link TooManyAttempts} when none is left. One statement counts and checks under the row's lock, so
     * concurrent attempts for one handle take turns and at most {@code maxFailures} of them get through per window.
     * An attempt counts as a failure unless {@link #recordSuccess} clears it.
     */
    void takeAttempt(String handle) {
        Instant now = clock.instant();
        boolean taken = jdbc.sql("""
                        INSERT INTO login_failures AS f (handle, window_start, failures) VALUES (:handle, :now, 1)
                        ON CONFLICT (handle) DO UPDATE SET
                            failures = CASE WHEN f.window_start <= :windowStart THEN 1 ELSE f.failures + 1 END,
                            window_start = CASE WHEN f.window_start <= :windowStart THEN :now ELSE f.window_start END
                        WHERE f.window_start <= :windowStart OR f.failures < :maxFailures
                        RETURNING failures""")
                .param("handle", handle)
                .param("now", Timestamp.from(now))
                .param("windowStart", Timestamp.from(now.minus(settings.window())))
                .param("maxFailures", settings.maxFailures())
                .query(Integer.class)
                .optional()
                .isPresent();
        if (!taken) {
            Instant windowEnd = jdbc.sql("SELECT window_start FROM login_failures WHERE handle = ?")
                    .param(handle)
                    .query((rs, n) ->
                            rs.getTimestamp("window_start").toInstant().plus(settings.window()))
                    .optional()
                    .orElse(now);
            lockouts.increment();
            throw new TooManyAttempts(Duration.between(now, windowEnd));
        }
    }

    /** The password was right: its earlier failures are forgiven. */
    void recordSuccess(String handle) {
        jdbc.sql("DELETE FROM login_failures WHERE handle = ?").param(handle).update();
    }

    /**
     * Forgets expired counts every minute, or every window when the window is shorter, so that no count outlives its
     * window by more than a window (a short window is what tests and small deployments set).
     */
    @Override
    public void configureTasks(ScheduledTaskRegistrar tasks) {
        Duration every =
                settings.window().compareTo(FORGET_AT_MOST_EVERY) < 0 ? settings.window() : FORGET_AT_MOST_EVERY;
        tasks.addFixedDelayTask(new FixedDelayTask(this::forgetExpiredFailures, every, every));
    }

    /** Deletes the counts whose window has ended; they no longer refuse anything, and guessed handles pile up. */
    void forgetExpiredFailures() {
        jdbc.sql("DELETE FROM login_failures WHERE window_start <= ?")
                .param(Timestamp.from(clock.instant().minus(settings.window())))
                .update();
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
