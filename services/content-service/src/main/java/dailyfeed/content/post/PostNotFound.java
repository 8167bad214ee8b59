package dailyfeed.content.post;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No live post has this id: it never existed or was deleted. */
public class PostNotFound extends ErrorResponseException {

    public PostNotFound(long id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(long id) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no post with id " + id + ".");
        problem.setTitle("Post not found");
        return problem;
    }
}
