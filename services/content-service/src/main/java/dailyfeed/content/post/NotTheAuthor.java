package dailyfeed.content.post;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** Only its author may edit or delete a post or comment. */
public class NotTheAuthor extends ErrorResponseException {

    public NotTheAuthor(String what) {
        super(HttpStatus.FORBIDDEN, problem(what), null);
    }

    private static ProblemDetail problem(String what) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN, "Only the author of this " + what + " may change it.");
        problem.setTitle("Not the author");
        return problem;
    }
}
