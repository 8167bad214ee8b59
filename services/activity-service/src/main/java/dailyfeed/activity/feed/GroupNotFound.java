package dailyfeed.activity.feed;

import dailyfeed.activity.store.GroupKey;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** The caller asked for a group none of their followees' activities is in. */
class GroupNotFound extends ErrorResponseException {

    GroupNotFound(GroupKey key) {
        super(HttpStatus.NOT_FOUND, problem(key), null);
    }

    private static ProblemDetail problem(GroupKey key) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND, "No activity of the members you follow is in group " + key.text() + ".");
        problem.setTitle("Group not found");
        return problem;
    }
}
