package dailyfeed.activity.stream;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The member already holds as many open streams as one member may. */
class TooManyStreams extends ErrorResponseException {

    TooManyStreams(int limit) {
        super(HttpStatus.TOO_MANY_REQUESTS, problem(limit), null);
        getHeaders().set("Retry-After", "30");
    }

    private static ProblemDetail problem(int limit) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.TOO_MANY_REQUESTS,
                "A member may hold at most " + limit + " open streams; close one (another tab or device) first.");
        problem.setTitle("Too many open streams");
        return problem;
    }
}
