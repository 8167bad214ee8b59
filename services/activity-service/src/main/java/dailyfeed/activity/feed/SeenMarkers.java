package dailyfeed.activity.feed;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * How far each member has seen their followings' activity, on the arrival clock: an activity is seen when it was
 * stored ({@code recorded_at}) before the member's marker.
 *
 * <p>An activity's {@code recorded_at} is the start of the transaction that stored it, and that transaction commits
 * later. So a marker may only stand where every activity stored before it is already visible: at most the start of
 * the oldest transaction still running in this database ({@link #ARRIVED_SQL}). Anything stored by a transaction
 * running then gets a {@code recorded_at} at or after the marker, and is new — no activity is ever born seen.
 */
@Repository
class SeenMarkers {

    private final JdbcClient jdbc;

    SeenMarkers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The instant before which every activity has arrived and is visible: now, or the start of the oldest other
     * transaction of this database still running, whichever is earlier. Sessions of other database roles show no
     * {@code xact_start} and are not waited for; the service stores activities under its own role. Autovacuum and
     * other background workers store nothing and are not waited for either (a long vacuum would hold every marker).
     */
    static final String ARRIVED_SQL = """
            SELECT least(clock_timestamp(), (SELECT min(xact_start) FROM pg_stat_activity
                                              WHERE datname = current_database() AND pid <> pg_backend_pid()
                                                AND backend_type = 'client backend'))""";

    /** See {@link #ARRIVED_SQL}. */
    Instant arrivedBefore() {
        return jdbc.sql(ARRIVED_SQL)
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .single();
    }

    Optional<Instant> of(long memberId) {
        return jdbc.sql("SELECT seen_until FROM seen_markers WHERE member_id = ?")
                .param(memberId)
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .optional();
    }

    /**
     * Moves the marker towards {@code until} ({@code null}: now), but never past {@link #arrivedBefore()} and never
     * back; concurrent calls keep the latest. The marker where it now stands, if it moved.
     */
    Optional<Instant> moveForward(long memberId, Instant until) {
        return jdbc.sql("""
                INSERT INTO seen_markers AS s (member_id, seen_until)
                SELECT :member, least(CAST(:until AS timestamptz), arrived.at) FROM (%s) AS arrived (at)
                ON CONFLICT (member_id) DO UPDATE SET seen_until = excluded.seen_until
                 WHERE excluded.seen_until > s.seen_until
                RETURNING seen_until""".formatted(ARRIVED_SQL))
                .param("member", memberId)
                .param("until", until == null ? null : OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .optional();
    }
}
