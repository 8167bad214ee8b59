package dailyfeed.platform.web;

import jakarta.servlet.ServletRequest;
import java.io.IOException;
import java.net.URI;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;

/**
 * A request body grew past the limit while it was being read. Thrown by the body's input stream, so whoever reads
 * it (a JSON parser, a proxy copying it on) stops there; the request is marked, so the answer is a 413 however the
 * reader wrapped the failure.
 */
public final class RequestBodyTooLarge extends IOException {

    private static final String MARK = RequestBodyTooLarge.class.getName();

    RequestBodyTooLarge(long limit) {
        super("The request body is larger than " + limit + " bytes");
    }

    static void mark(ServletRequest request, long limit) {
        request.setAttribute(MARK, limit);
    }

    /** Whether this request's body was refused for its size, or {@code failure} comes from such a refusal. */
    public static boolean refused(ServletRequest request, Throwable failure) {
        if (request != null && request.getAttribute(MARK) != null) {
            return true;
        }
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof RequestBodyTooLarge) {
                return true;
            }
            if (cause.getCause() == cause) {
                break;
            }
        }
        return false;
    }

    /** The 413 problem for a request whose body was refused; the same text the filter writes itself. */
    public static ProblemDetail problem(ServletRequest request) {
        Object limit = request == null ? null : request.getAttribute(MARK);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONTENT_TOO_LARGE,
                limit == null
                        ? "The request body is too large; nothing was changed."
                        : RequestBodyLimitFilter.detail((Long) limit));
        problem.setType(URI.create("about:blank"));
        problem.setTitle("Request body too large");
        return problem;
    }
}
