package dailyfeed.activity.registration;

import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A registration reused the id of a stored event with a different body: 409, and nothing changed. */
class EventIdTaken extends ErrorResponseException {

    EventIdTaken(UUID eventId) {
        super(HttpStatus.CONFLICT, problem(eventId), null);
    }

    private static ProblemDetail problem(UUID eventId) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.CONFLICT,
                "Event " + eventId + " is stored with a different body; an event id names one event forever.");
        problem.setTitle("Event id already taken");
        return problem;
    }
}
