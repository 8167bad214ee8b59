package dailyfeed.member.auth;

import dailyfeed.member.account.Member;
import dailyfeed.member.account.Members;
import dailyfeed.platform.validation.CodePointLength;
import dailyfeed.platform.validation.StorableText;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Exchanges a handle and password for a member token; repeated failures for a handle are throttled. */
@RestController
class LoginController {

    private final Members members;
    private final PasswordEncoder passwords;
    private final MemberTokens tokens;
    private final LoginThrottle throttle;
    // Checked when the handle is unknown, so that answering takes as long as for a wrong password.
    private final String decoyHash;

    LoginController(Members members, PasswordEncoder passwords, MemberTokens tokens, LoginThrottle throttle) {
        this.members = members;
        this.passwords = passwords;
        this.tokens = tokens;
        this.throttle = throttle;
        this.decoyHash = passwords.encode("decoy-password-never-matches");
    }

    @PostMapping("/api/auth/login")
    @SecurityRequirements // login is how a member gets a token
    @ApiResponse(responseCode = "200", description = "The member token, for `Authorization: Bearer`.")
    @ApiResponse(responseCode = "401", description = "Wrong handle or password (which one is not told).")
    @ApiResponse(
            responseCode = "429",
            description = "After 5 failed logins for the handle within 15 minutes, or past the logins of an address"
                    + " (the gateway's rate limit, 30 a minute).")
    MemberTokens.AccessToken login(@Valid @RequestBody LoginRequest request) {
        // The attempt is counted before the (slow) check, so a burst of guesses cannot all pass the limit at once.
        throttle.takeAttempt(request.handle());
        Member member = members.findByHandle(request.handle()).orElse(null);
        // No transaction here: no database connection is held while Argon2 runs.
        boolean matches = passwords.matches(request.password(), member == null ? decoyHash : member.passwordHash());
        if (member == null || !matches) {
            throw new WrongCredentials();
        }
        throttle.recordSuccess(request.handle());
        return tokens.issueFor(member);
    }

    /** The body of {@code POST /api/auth/login}. */
    // Bounded like sign-up's rules, so no attempt can store an oversized handle in the throttle table; a handle
    // PostgreSQL cannot compare (NUL) is a 400 rather than a failed query.
    // The password is counted as sign-up counts it (code points): a 128-emoji password is 256 UTF-16 units, and
    // @Size would refuse the very password sign-up accepted.
    record LoginRequest(
            @NotNull @StorableText @Size(max = 30) String handle,
            @NotNull @CodePointLength(max = 128) String password) {

        @Override
        public String toString() {
            return "LoginRequest[handle=" + handle + "]"; // never log the password
        }
    }

    /** The handle is unknown or the password is wrong; which one is not told. */
    static class WrongCredentials extends ErrorResponseException {

        WrongCredentials() {
            super(HttpStatus.UNAUTHORIZED, problem(), null);
        }

        private static ProblemDetail problem() {
            ProblemDetail problem =
                    ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED, "Wrong handle or password.");
            problem.setTitle("Login failed");
            return problem;
        }
    }
}
