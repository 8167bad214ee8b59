package dailyfeed.gateway.routing;

import dailyfeed.platform.web.RequestBodyTooLarge;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.client.ResourceAccessException;

/**
 * A service that cannot be reached (refused, connect timeout, connection lost before an answer) is a 503
 * problem, not the platform's catch-all 500: the fault is the service's availability, not the request.
 */
// Ahead of the platform's ProblemDetailsAdvice, whose Exception handler would otherwise claim this first.
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class BackendUnavailableAdvice {

    private static final Logger log = LoggerFactory.getLogger(BackendUnavailableAdvice.class);

    @ExceptionHandler(ResourceAccessException.class)
    ResponseEntity<ProblemDetail> backendUnavailable(ResourceAccessException ex, HttpServletRequest request) {
        // a body that passed the size limit while it was being sent on is the client's fault, not the service's; the
        // routes read bodies whole before sending them (RequestBodyReadWhole), so this only guards against a path that
        // streams one
        if (RequestBodyTooLarge.refused(request, ex)) {
            return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .header(HttpHeaders.CONNECTION, "close")
                    .body(RequestBodyTooLarge.problem(request));
        }
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER)
                .body(unavailable(ex));
    }

    static final String RETRY_AFTER = "1";

    /** The answer for a request no instance of its service could take; the event streams give it too. */
    static ProblemDetail unavailable(Exception ex) {
        log.warn("Answering 503, a service is unreachable: {} ({})", ex.getMessage(), mostSpecificCause(ex));
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The service behind this address cannot be reached right now. Retry shortly.");
        // set explicitly: the default about:blank is left out of the JSON, and API.md promises a type
        problem.setType(URI.create("about:blank"));
        problem.setTitle("Service unavailable");
        return problem;
    }

    private static String mostSpecificCause(Throwable failure) {
        Throwable cause = failure;
        while (cause.getCause() != null && cause.getCause() != cause) {
            cause = cause.getCause();
        }
        return cause.toString();
    }
}
