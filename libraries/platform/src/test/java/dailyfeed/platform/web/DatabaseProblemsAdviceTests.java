package dailyfeed.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.TransactionSystemException;

/**
 * The database going away in the middle of a transaction: the statement fails, and so does the rollback on the same
 * dead connection (found by the reliability suite, where this answered 500 instead of 503).
 */
class DatabaseProblemsAdviceTests {

    private final DatabaseProblemsAdvice advice = new DatabaseProblemsAdvice();

    @Test
    void aRollbackThatFailsAfterTheDatabaseWentAwayIsA503() {
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed");
        rollbackFailed.initApplicationException(
                new DataAccessResourceFailureException("FATAL: terminating connection due to administrator command"));

        ResponseEntity<Object> answer = advice.handleRollbackFailure(rollbackFailed);

        assertThat(answer.getStatusCode()).isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(answer.getHeaders().getFirst("Retry-After")).isEqualTo("1");
        assertThat(((ProblemDetail) answer.getBody()).getStatus()).isEqualTo(503);
    }

    @Test
    void aRollbackThatFailsAfterAnyOtherFailureStaysA500() {
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed");
        rollbackFailed.initApplicationException(new DataIntegrityViolationException("duplicate key"));

        assertThat(advice.handleRollbackFailure(rollbackFailed).getStatusCode())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }

    @Test
    void aFailedCommitStaysA500BecauseItsOutcomeIsUnknown() {
        TransactionSystemException commitFailed = new TransactionSystemException(
                "Could not commit JDBC transaction", new DataAccessResourceFailureException("connection reset"));

        assertThat(advice.handleRollbackFailure(commitFailed).getStatusCode())
                .isEqualTo(HttpStatus.INTERNAL_SERVER_ERROR);
    }
}
