package dailyfeed.outbox;

import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.postgresql.PGStatement;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The outbox's {@link JdbcTemplate}: PostgreSQL plans each of its statements when it runs, for the table as it is then.
 *
 * <p>The outbox is a queue: it is empty, or nearly, whenever the broker keeps up, and a vacuum then truncates it to no
 * pages, yet between two vacuums it fills with the versions of the rows it deleted, and during a broker outage with the
 * backlog. The driver's default turns a statement run five times into a server-side prepared statement, and PostgreSQL
 * then keeps a generic plan — made for the table's size at that moment. Made while the table was empty, it scans the
 * table (cheaper than an index for one page) and goes on scanning it as it grows, on every insert and delete, until the
 * next vacuum or analyze; measured, each such statement read every page of the table (hundreds to thousands) where the
 * index reads a few. Planned per execution, a statement sees the table's current number of pages and uses the index
 * once the table has more than a few. Planning a statement this small costs microseconds; only the outbox's statements
 * pay it, the service's own keep the driver's default.
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
