package dailyfeed.outbox;

import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A {@link JdbcTemplate} whose statements PostgreSQL plans each time they run, for the table as it is then: the
 * outbox's deletes, its relay's claims and its questions about earlier rows (the insert has its own guard, see
 * {@code OutboxRows}).
 *
 * <p>The outbox is a queue: it is empty, or nearly, whenever the broker keeps up, and a vacuum then truncates it to no
 * pages; between two vacuums it fills with the versions of the rows it deleted, and during a broker outage with the
 * backlog. The driver's default turns a statement run five times into a server-side prepared statement, and PostgreSQL
 * may then keep a generic plan made for the table's size at that moment. Made while the table was empty, it scans the
 * table — cheaper than an index for one page — and goes on scanning it as it grows, until the next vacuum or analyze.
 * Planned per execution, a statement sees the table's current number of pages. These statements are short or rare;
 * planning them each time costs little, and only they pay it.
 */
final class PlannedEachTime extends JdbcTemplate {

    PlannedEachTime(DataSource dataSource) {
        super(dataSource);
    }

    @Override
    protected void applyStatementSettings(Statement statement) throws SQLException {
        super.applyStatementSettings(statement);
        statement.unwrap(PGStatement.class).setPrepareThreshold(0); // 0: never a server-side prepared statement
    }
}
