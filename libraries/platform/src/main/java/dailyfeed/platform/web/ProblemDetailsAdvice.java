package dailyfeed.platform.web;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.ConstraintViolationException;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Turns every failure into RFC 9457 problem+json. Validation failures list their {@code errors}; an
 * unavailable dependency is a 503 the client may retry; anything unexpected is a 500 without details.
 */
@RestControllerAdvice
public class ProblemDetailsAdvice extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemDetailsAdvice.class);
    private static final URI BLANK_TYPE = URI.create("about:blank");

    /** One rejected field of a request, as listed in a problem's {@code errors}. */
    public record FieldProblem(String field, String message) {}

    /** Every problem this service answers passes here: give it the RFC's default type, which Spring leaves out. */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType() == null) {
            problem.setType(BLANK_TYPE);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getBindingResult().getFieldErrors().stream()
                .map(error -> new FieldProblem(error.getField(), messageOf(error)))
                .sorted(Comparator.comparing(FieldProblem::field).thenComparing(FieldProblem::message))
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> errors = ex.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldProblem(
                                result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        if (RequestBodyTooLarge.refused(servletRequest(request), ex)) {
            return tooLarge(servletRequest(request));
        }
        // The parser's message can quote internals; say what is wrong in the client's terms only.
        ProblemDetail problem = problem(
                HttpStatus.BAD_REQUEST, "The request body is missing or is not valid JSON of the expected shape.");
        problem.setTitle("Unreadable request body");
        return ResponseEntity.badRequest().body(problem);
    }

    @ExceptionHandler(ConstraintViolationException.class)
    ResponseEntity<Object> handleConstraintViolation(ConstraintViolationException ex) {
        List<FieldProblem> errors = ex.getConstraintViolations().stream()
                .map(violation ->
                        new FieldProblem(lastNode(violation.getPropertyPath().toString()), violation.getMessage()))
                .toList();
        return ResponseEntity.badRequest().body(validationProblem(errors));
    }

    @ExceptionHandler(InvalidRequest.class)
    ResponseEntity<Object> handleInvalidRequest(InvalidRequest ex) {
        return ResponseEntity.badRequest()
                .body(validationProblem(List.of(new FieldProblem(ex.field(), ex.getMessage()))));
    }

    @ExceptionHandler(DependencyUnavailable.class)
    ResponseEntity<Object> handleUnavailable(Exception ex) {
        return unavailable(ex);
    }

    /** 503 for a dependency that is down; the request changed nothing. */
    static ResponseEntity<Object> unavailable(Exception ex) {
        log.warn("Answering 503, a dependency is unavailable: {}", ex.toString());
        ProblemDetail problem = problem(
                HttpStatus.SERVICE_UNAVAILABLE,
                "The service cannot complete this request right now and nothing was changed. Retry shortly.");
        problem.setTitle("Service unavailable");
        return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                .header(HttpHeaders.RETRY_AFTER, "1")
                .body(problem);
    }

    /**
     * 400: Spring Security's firewall refused a header or a parameter (a control character in its name or value). It
     * checks one when it is read, and a read after the security filters — a controller's, the gateway's header filters
     * — throws here instead of in the filter chain, where its {@code RequestRejectedHandler} would have answered.
     */
    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> handleRejected(RequestRejectedException ex) {
        log.debug("Refused a request: {}", ex.getMessage());
        return ResponseEntity.badRequest()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(
                        problem(
                                HttpStatus.BAD_REQUEST,
                                "The request has a header or parameter with characters that are not allowed (control characters)."));
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> handleUnexpected(Exception ex, HttpServletRequest request) {
        // a body refused for its size fails whoever reads it, however they wrap that failure
        if (RequestBodyTooLarge.refused(request, ex)) {
            return tooLarge(request);
        }
        return unexpected(ex);
    }

    /** 413: the body was refused part-way through; the request changed nothing. */
    static ResponseEntity<Object> tooLarge(HttpServletRequest request) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .header(HttpHeaders.CONNECTION, "close")
                .body(RequestBodyTooLarge.problem(request));
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return request instanceof ServletWebRequest servlet ? servlet.getRequest() : null;
    }

    /** 500 without details; the service log has them. */
    static ResponseEntity<Object> unexpected(Exception ex) {
        log.error("Unexpected failure", ex);
        ProblemDetail problem = problem(
                HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side. Nothing more can be said here; the details are in the service log.");
        problem.setTitle("Internal error");
        return ResponseEntity.internalServerError().body(problem);
    }

    static ProblemDetail problem(HttpStatus status, String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        problem.setType(BLANK_TYPE);
        return problem;
    }

    private static ProblemDetail validationProblem(List<FieldProblem> errors) {
        ProblemDetail problem = problem(HttpStatus.BAD_REQUEST, "The request has invalid fields.");
        problem.setTitle("Invalid request");
        problem.setProperties(Map.of("errors", errors));
        return problem;
    }

    private static String messageOf(FieldError error) {
        return error.getDefaultMessage() == null ? "is invalid" : error.getDefaultMessage();
    }

    private static String lastNode(String path) {
        int dot = path.lastIndexOf('.');
        return dot < 0 ? path : path.substring(dot + 1);
    }
}
