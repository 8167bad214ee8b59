package dailyfeed.member.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Another member already has this handle. */
class HandleTaken extends ErrorResponseException {

    HandleTaken(String handle) {
        super(HttpStatus.CONFLICT, problem(handle), null);
    }

    private static ProblemDetail problem(String handle) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.CONFLICT, "The handle '" + handle + "' is taken.");
        problem.setTitle("Handle taken");
        return problem;
    }
}
