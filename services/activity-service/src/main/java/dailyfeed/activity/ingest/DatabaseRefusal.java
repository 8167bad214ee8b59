package dailyfeed.activity.ingest;

import java.sql.SQLException;
import java.util.Optional;

/**
 * Tells a record the database refuses for its own content from a database that cannot work now, by the SQLState of
 * the failure: class 22 (data exception: text PostgreSQL cannot hold, a value out of range) and 23 (integrity
 * constraint violation) are the record's fault, and retrying it cannot help. Anything else — 08 connection, 53
 * insufficient resources, 57 operator intervention, 40 transaction rollback, no SQLState at all (a pool timeout) — is
 * the database's, and is retried without limit.
 */
final class DatabaseRefusal {

    private DatabaseRefusal() {}

    static boolean isTheRecordsFault(Throwable failure) {
        return sqlState(failure)
                .map(state -> state.startsWith("22") || state.startsWith("23"))
                .orElse(false);
    }

    /** The SQLState and the database's message, for a dead letter's reason. */
    static String describe(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return "SQLState " + sql.getSQLState() + ": " + sql.getMessage();
            }
        }
        return String.valueOf(failure.getMessage());
    }

    private static Optional<String> sqlState(Throwable failure) {
        for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLException sql && sql.getSQLState() != null) {
                return Optional.of(sql.getSQLState());
            }
        }
        return Optional.empty();
    }
}
