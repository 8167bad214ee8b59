package dailyfeed.platform.web;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * A database that is down or overloaded is a 503 the client may retry, not a 500. Registered only where
 * Spring JDBC is present (not in the gateway), and consulted before {@link ProblemDetailsAdvice}'s catch-all.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
public class DatabaseProblemsAdvice {

    @ExceptionHandler({ DataAccessResourceFailureException.class, CannotGetJdbcConnectionException.class,
            CannotCreateTransactionException.class, TransientDataAccessException.class, QueryTimeoutException.class })
    ResponseEntity<Object> handleUnavailable(Exception ex) {
        return ProblemDetailsAdvice.unavailable(ex);
    }
}
