package dailyfeed.activity.feed;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The caller asked for the activities of a member they neither are nor follow. */
class NotFollowing extends ErrorResponseException {

    NotFollowing(long memberId) {
        super(HttpStatus.FORBIDDEN, problem(memberId), null);
    }

    private static ProblemDetail problem(long memberId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.FORBIDDEN, "Only members who follow member " + memberId + " see their activities.");
        problem.setTitle("Not following");
        return problem;
    }
}
