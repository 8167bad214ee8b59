package dailyfeed.activity.feed;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** How far each member has seen their followings' activity. */
@Repository
class SeenMarkers {

    private final JdbcClient jdbc;

    SeenMarkers(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<Instant> of(long memberId) {
        return jdbc.sql("SELECT seen_until FROM seen_markers WHERE member_id = ?")
                .param(memberId)
                .query((rs, row) -> rs.getObject(1, OffsetDateTime.class).toInstant())
                .optional();
    }

    /**
     * Moves the marker to {@code until} if that is later than where it is; concurrent calls keep the latest. True if
     * it moved.
     */
    boolean moveForward(long memberId, Instant until) {
        return jdbc.sql("""
                INSERT INTO seen_markers AS s (member_id, seen_until) VALUES (?, ?)
                ON CONFLICT (member_id) DO UPDATE SET seen_until = excluded.seen_until
                 WHERE excluded.seen_until > s.seen_until""")
                .params(memberId, OffsetDateTime.ofInstant(until, ZoneOffset.UTC))
                .update() == 1;
    }
}
