package dailyfeed.platform.security;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.authentication.AuthenticationServiceException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenAuthenticationEntryPoint;
import org.springframework.security.oauth2.server.resource.web.access.BearerTokenAccessDeniedHandler;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/** 401 and 403 answered as problem+json, keeping the standard {@code WWW-Authenticate: Bearer} header. */
public final class ProblemAuthenticationHandlers {

    private static final Logger log = LoggerFactory.getLogger(ProblemAuthenticationHandlers.class);

    private ProblemAuthenticationHandlers() {}

    public static AuthenticationEntryPoint entryPoint() {
        var bearer = new BearerTokenAuthenticationEntryPoint();
        return (request, response, exception) -> {
            bearer.commence(request, response, exception);
            write(response, HttpStatus.UNAUTHORIZED, "Unauthorized", detailOf(exception));
        };
    }

    public static AccessDeniedHandler accessDeniedHandler() {
        var bearer = new BearerTokenAccessDeniedHandler();
        return (request, response, exception) -> {
            bearer.handle(request, response, exception);
            write(response, HttpStatus.FORBIDDEN, "Forbidden", "This token may not do that.");
        };
    }

    /**
     * For a bearer token that failed authentication: a token that cannot be checked because member-service's keys
     * cannot be fetched is not an invalid token, and a 401 would make clients throw good tokens away; it is a 503.
     */
    public static AuthenticationFailureHandler failureHandler() {
        AuthenticationEntryPoint entryPoint = entryPoint();
        return (request, response, exception) -> {
            if (exception instanceof AuthenticationServiceException) {
                log.warn("Answering 503, bearer tokens cannot be checked: {}", exception.getMessage());
                response.setHeader(HttpHeaders.RETRY_AFTER, "1");
                write(
                        response,
                        HttpStatus.SERVICE_UNAVAILABLE,
                        "Service unavailable",
                        "The bearer token cannot be checked right now. Retry shortly.");
                return;
            }
            entryPoint.commence(request, response, exception);
        };
    }

    private static String detailOf(AuthenticationException exception) {
        // Never echo the token or the parser's reason: it helps attackers more than clients.
        return exception instanceof org.springframework.security.authentication.InsufficientAuthenticationException
                ? "A bearer token is required."
                : "The bearer token is invalid or has expired.";
    }

    static void write(HttpServletResponse response, HttpStatus status, String title, String detail) throws IOException {
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        // title and detail are constants of this class, so no JSON escaping is needed
        String body = "{\"type\":\"about:blank\",\"title\":\"" + title + "\",\"status\":" + status.value()
                + ",\"detail\":\"" + detail + "\"}";
        response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
    }
}
