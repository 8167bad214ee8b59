package dailyfeed.platform.web;

import java.util.List;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A database that is down or overloaded is a 503 the client may retry, not a 500. Registered only where
 * Spring JDBC is present (not in the gateway), and consulted before {@link ProblemDetailsAdvice}'s catch-all.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseProblemsAdvice {

    private static final List<Class<? extends Exception>> UNAVAILABLE = List.of(
            DataAccessResourceFailureException.class,
            CannotGetJdbcConnectionException.class,
            CannotCreateTransactionException.class,
            TransientDataAccessException.class,
            QueryTimeoutException.class);

    @ExceptionHandler({
        DataAccessResourceFailureException.class,
        CannotGetJdbcConnectionException.class,
        CannotCreateTransactionException.class,
        TransientDataAccessException.class,
        QueryTimeoutException.class
    })
    ResponseEntity<Object> handleUnavailable(Exception ex) {
        return ProblemDetailsAdvice.unavailable(ex);
    }

    /**
     * A statement that failed because the database went away leaves a transaction that cannot roll back either (its
     * connection is gone): Spring then throws the rollback failure and keeps the first one as the application
     * exception. Nothing was committed and the database is what failed, so this is the same 503. A failed commit
     * stays a 500: whether it took effect is unknown, and the 503's "nothing was changed" would claim it did not.
     */
    @ExceptionHandler(TransactionSystemException.class)
    ResponseEntity<Object> handleRollbackFailure(TransactionSystemException ex) {
        Throwable original = ex.getApplicationException();
        if (original != null && UNAVAILABLE.stream().anyMatch(type -> type.isInstance(original))) {
            return ProblemDetailsAdvice.unavailable(ex);
        }
        return ProblemDetailsAdvice.unexpected(ex);
    }
}
