package dailyfeed.content.comment;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No live comment has this id: it never existed, was deleted, or its post was deleted. */
public class CommentNotFound extends ErrorResponseException {

    public CommentNotFound(long id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(long id) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no comment with id " + id + ".");
        problem.setTitle("Comment not found");
        return problem;
    }
}
