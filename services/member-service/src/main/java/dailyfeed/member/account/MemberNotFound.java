package dailyfeed.member.account;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** No member has this id. */
public class MemberNotFound extends ErrorResponseException {

    public MemberNotFound(long id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(long id) {
        ProblemDetail problem =
                ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND, "There is no member with id " + id + ".");
        problem.setTitle("Member not found");
        return problem;
    }
}
