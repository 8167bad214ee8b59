package dailyfeed.outbox;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import javax.sql.DataSource;
import org.springframework.jdbc.core.namedparam.MapSqlParameterSource;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The SQL of the outbox table. The table holds only events Kafka does not have yet: a row is deleted once the broker
 * acknowledged it, so every row is unpublished and the table stays as small as the backlog. Claims use
 * {@code FOR UPDATE SKIP LOCKED} so instances never take the same rows, and take only the oldest row of each key, so
 * no instance sends a member's event before an earlier one.
 */
class OutboxRows {

    private static final String COLUMNS = "id, event_id, topic, record_key, payload, attempts, trace_parent";

    /**
     * The oldest ({@code ASC}) or the newest ({@code DESC}) unpublished row of {@code :key} above {@code :publishedUpTo}
     * and below the row named by the first argument. Written so that only the key index answers it: the bounds
     * compare (key, id) pairs and the order is the index's. A {@code max(id)} with {@code record_key = :key} let the
     * planner walk the primary key backwards, or read the whole table, whenever the statistics showed few members —
     * both step over the entries of every member's deleted rows (hundreds to thousands per insert in the write
     * benchmark). PostgreSQL ends a scan on a pair comparison only at its first column, so a scan stops at the bound
     * it starts from, not at the other: the oldest is found from {@code :publishedUpTo} upwards, stepping over
     * nothing, and the newest, looked for only when there is one, from the new row downwards.
     */
    private static final String EARLIER_ROW = """
            (SELECT earlier.id FROM event_outbox earlier
              WHERE (earlier.record_key, earlier.id) > (:key, :publishedUpTo)
                AND (earlier.record_key, earlier.id) < (:key, %1$s)
              ORDER BY earlier.record_key %2$s, earlier.id %2$s
              LIMIT 1)""";

    /**
     * The key's lock and the insert, sent together: one exchange with the server instead of two. Much of what a short
     * statement costs PostgreSQL is the exchange around it (reading the message, answering, waking up), not its plan.
     * They stay two statements because the insert must see what the lock's previous holder committed: under read
     * committed each statement takes its snapshot when it starts, which the server does only after the statement
     * before it — the lock — has returned. One statement (the lock in a subquery or a CTE) would take its snapshot
     * before waiting.
     *
     * <p>Around them, for this transaction only, the planner may not scan the whole table: the search for earlier rows
     * has an index made for it, and a queue's statistics are always out of date — the table is empty, or nearly,
     * after a vacuum (which truncates it to no pages), then fills with deleted rows until the next one, or with a
     * backlog while the broker is away. A plan made when it looked empty scanned every page on every insert, seen in
     * the write benchmark as one sequential scan per post. The setting goes back to the default before the caller's
     * own statements.
     */
    private static final String LOCK_AND_INSERT = """
            SET LOCAL enable_seqscan = off;
            SELECT pg_advisory_xact_lock(hashtext('dailyfeed.event_outbox'), hashtext(:key));
            INSERT INTO event_outbox (event_id, topic, record_key, payload, trace_parent, next_attempt_at)
            VALUES (:eventId, :topic, :key, :payload, :traceParent, now() + make_interval(secs => :graceSeconds))
            RETURNING id,
                      current_setting('transaction_isolation') = 'read committed' AS sees_earlier_rows,
                      CASE WHEN %s IS NOT NULL THEN %s END AS newest_earlier;
            SET LOCAL enable_seqscan TO DEFAULT""".formatted(
                    EARLIER_ROW.formatted("event_outbox.id", "ASC"), EARLIER_ROW.formatted("event_outbox.id", "DESC"));

    private final NamedParameterJdbcOperations named;
    private final JdbcClient jdbc;
    private final TransactionTemplate ownTransaction;

    /**
     * The insert's statements may be prepared on the server once (the driver's default), since its plan is made with
     * no sequential scan; the others are planned each time they run ({@link PlannedEachTime}), for the table as it is.
     */
    OutboxRows(DataSource dataSource, TransactionTemplate transactions) {
        this.named = new NamedParameterJdbcTemplate(dataSource);
        this.jdbc = JdbcClient.create(new PlannedEachTime(dataSource));
        this.ownTransaction = new TransactionTemplate(transactions.getTransactionManager());
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Inserts in the caller's transaction; the row is the relay's only after {@code grace}. Transactions writing rows
     * of one key take turns (an advisory lock held until commit), so ids of one key follow the order their
     * transactions commit — the order the key's rows are sent in. One member rarely writes concurrently.
     *
     * <p>Says too which earlier row of the key was the newest still unpublished: the insert runs after the lock is
     * taken, so it sees every earlier row of the key, and none can come after it. If none was, none will be when the
     * row is sent — rows are only ever published, never unpublished — and the send after commit need not ask again;
     * nor need it if that newest one is known to be acknowledged, since a row is sent only after every earlier row of
     * its key. That holds only where each statement sees what committed before it (read committed, PostgreSQL's
     * default); in a transaction whose snapshot may predate the lock, the answer is always "behind, ask".
     *
     * <p>{@code publishedUpTo} is the newest row of the key known to be acknowledged (0 if none is known): the rows up
     * to it are published, so the search for earlier ones starts there. Without that bound it steps over the index
     * entry of every row of the key deleted since the last vacuum — for an active member, hundreds, each a visit to
     * the table — before finding none.
     */
    Inserted insert(
            UUID eventId,
            String topic,
            String key,
            String payload,
            String traceParent,
            Duration grace,
            long publishedUpTo) {
        var params = new MapSqlParameterSource()
                .addValue("eventId", eventId)
                .addValue("topic", topic)
                .addValue("key", key)
                .addValue("payload", payload)
                .addValue("traceParent", traceParent)
                .addValue("graceSeconds", grace.toMillis() / 1000.0)
                .addValue("publishedUpTo", publishedUpTo);
        return named.execute(LOCK_AND_INSERT, params, statement -> {
            statement.execute(); // the setting; then the lock, which returns once the key's earlier writer has ended
            if (!statement.getMoreResults() || !statement.getMoreResults()) {
                throw new IllegalStateException("the outbox insert returned no row");
            }
            try (ResultSet rs = statement.getResultSet()) {
                rs.next();
                long newestEarlier = rs.getLong("newest_earlier"); // 0 when null: ids start at 1
                return rs.getBoolean("sees_earlier_rows")
                        ? new Inserted(rs.getLong("id"), newestEarlier != 0, newestEarlier)
                        : new Inserted(rs.getLong("id"), true, 0);
            }
        });
    }

    /**
     * A row just inserted.
     *
     * @param behindUnpublished whether an earlier row of its key was unpublished when it was inserted (or may have been)
     * @param newestEarlier the newest of those earlier rows; 0 if there was none or it is not known
     */
    record Inserted(long id, boolean behindUnpublished, long newestEarlier) {}

    /**
     * Takes up to {@code limit} due rows and leases them so no other relay sends them meanwhile: the oldest row of
     * each key whose oldest is due, oldest first, and behind each of these the due rows of its key that follow
     * it without a gap. A key's rows come in id order; rows of a key whose oldest row is not due (a dead
     * letter waiting with backoff, a fresh row in its grace period, a row another relay leased) are not taken.
     */
    List<OutboxRecord> claimDue(int limit, Duration lease) {
        return ownTransaction.execute(status -> lockAndLease(limit, lease));
    }

    private List<OutboxRecord> lockAndLease(int limit, Duration lease) {
        List<OutboxRecord> heads = jdbc.sql("SELECT " + COLUMNS + """
                 FROM event_outbox
                WHERE next_attempt_at <= now()
                  AND NOT EXISTS (SELECT 1 FROM event_outbox earlier
                                   WHERE earlier.record_key = event_outbox.record_key
                                     AND earlier.id < event_outbox.id)
                ORDER BY id
                LIMIT :limit
                FOR UPDATE SKIP LOCKED""")
                .param("limit", limit)
                .query((rs, n) -> record(rs))
                .list();
        if (heads.isEmpty()) {
            return heads;
        }
        // A key whose oldest row is locked and leased here is this relay's until that row is published: no
        // other relay claims a row behind it, and the send after commit leaves such rows to the relay.
        Map<String, List<OutboxRecord>> byKey = new LinkedHashMap<>();
        heads.forEach(head -> byKey.put(head.key(), new ArrayList<>(List.of(head))));
        Set<String> gapFound = new HashSet<>();
        int[] room = {limit - heads.size()};
        if (room[0] > 0) {
            jdbc.sql("SELECT " + COLUMNS + """
                    , next_attempt_at <= now() AS due
                     FROM event_outbox
                    WHERE record_key IN (:keys) AND id NOT IN (:heads)
                    ORDER BY id
                    LIMIT :limit""")
                    .param("keys", byKey.keySet())
                    .param("heads", heads.stream().map(OutboxRecord::id).toList())
                    .param("limit", limit)
                    .query(rs -> {
                        OutboxRecord row = record(rs);
                        if (!rs.getBoolean("due")) {
                            gapFound.add(row.key());
                        } else if (!gapFound.contains(row.key()) && room[0] > 0) {
                            byKey.get(row.key()).add(row);
                            room[0]--;
                        }
                    });
        }
        List<OutboxRecord> claimed =
                byKey.values().stream().flatMap(List::stream).toList();
        jdbc.sql("""
                UPDATE event_outbox
                   SET attempts = attempts + 1, next_attempt_at = now() + make_interval(secs => :leaseSeconds)
                 WHERE id IN (:ids)""")
                .param("leaseSeconds", lease.toMillis() / 1000.0)
                .param("ids", claimed.stream().map(OutboxRecord::id).toList())
                .update();
        return claimed;
    }

    private static OutboxRecord record(ResultSet rs) throws SQLException {
        return new OutboxRecord(
                rs.getLong("id"),
                rs.getObject("event_id", UUID.class),
                rs.getString("topic"),
                rs.getString("record_key"),
                rs.getString("payload"),
                rs.getInt("attempts"),
                rs.getString("trace_parent"));
    }

    /**
     * Whether a row of {@code key} older than row {@code id} is still unpublished: then row {@code id} must wait. Rows
     * up to {@code publishedUpTo} are known to be published and not looked at (see {@link #insert}).
     */
    boolean hasEarlierUnpublished(String key, long id, long publishedUpTo) {
        return jdbc.sql("""
                SELECT %s IS NOT NULL""".formatted(EARLIER_ROW.formatted(":id", "ASC")))
                .param("key", key)
                .param("id", id)
                .param("publishedUpTo", publishedUpTo)
                .query(Boolean.class)
                .single();
    }

    /**
     * Makes rows the after-commit send gave up on due now, instead of after the grace period: they wait only for the
     * earlier rows of their key, which the relay sends first.
     */
    void leaveToRelay(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("UPDATE event_outbox SET next_attempt_at = now() WHERE id IN (:ids) AND attempts = 0")
                    .param("ids", ids)
                    .update();
        }
    }

    /**
     * Removes rows the broker acknowledged. Deleting, rather than marking them, keeps the table as small as the backlog:
     * a mark would write a new version of the row and of three of its index entries per event, and the rows would
     * still have to be deleted later. Kafka keeps what was published (the topic's retention).
     */
    void deletePublished(List<Long> ids) {
        if (!ids.isEmpty()) {
            jdbc.sql("DELETE FROM event_outbox WHERE id IN (:ids)")
                    .param("ids", ids)
                    .update();
        }
    }

    /** Records a failed send; the row becomes due again after the backoff. */
    void markFailed(long id, boolean countAttempt, String error, Duration backoff) {
        jdbc.sql("""
                UPDATE event_outbox
                   SET attempts = attempts + :increment, last_error = :error, last_error_at = now(),
                       next_attempt_at = now() + make_interval(secs => :backoffSeconds)
                 WHERE id = :id""")
                .param("increment", countAttempt ? 1 : 0)
                .param("error", error)
                .param("backoffSeconds", backoff.toMillis() / 1000.0)
                .param("id", id)
                .update();
    }

    /** Makes every unpublished row due now; returns how many. */
    int redriveAll() {
        return jdbc.sql("UPDATE event_outbox SET next_attempt_at = now()").update();
    }

    /** What an operator wants to know about rows that were not published right after commit. */
    DeadLetterStats deadLetterStats(Duration grace) {
        return jdbc.sql("""
                SELECT count(*) AS dead_letters,
                       (SELECT count(*) FROM event_outbox) AS pending,
                       min(created_at) AS oldest,
                       (SELECT last_error FROM event_outbox
                         WHERE last_error IS NOT NULL
                         ORDER BY last_error_at DESC LIMIT 1) AS last_error,
                       max(last_error_at) AS last_error_at
                  FROM event_outbox
                 WHERE (attempts > 0 OR created_at < now() - make_interval(secs => :graceSeconds))""")
                .param("graceSeconds", grace.toMillis() / 1000.0)
                .query((rs, n) -> new DeadLetterStats(
                        rs.getLong("dead_letters"),
                        rs.getLong("pending"),
                        Optional.ofNullable(rs.getTimestamp("oldest"))
                                .map(Timestamp::toInstant)
                                .orElse(null),
                        rs.getString("last_error"),
                        Optional.ofNullable(rs.getTimestamp("last_error_at"))
                                .map(Timestamp::toInstant)
                                .orElse(null)))
                .single();
    }
}
