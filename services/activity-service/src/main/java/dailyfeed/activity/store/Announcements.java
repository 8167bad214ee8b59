package dailyfeed.activity.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.StringJoiner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * What the live streams of every instance must hear about, sent on PostgreSQL {@code NOTIFY} channels from the
 * transaction that made the change: PostgreSQL delivers a notification only if and when that transaction commits, so
 * a stream never announces what the database does not hold.
 */
@Repository
public class Announcements {

    /** Payload: transaction id of the rows stored (the stream reads them by stream order, not by this message). */
    public static final String NEW_ACTIVITIES = "member_activities_new";
    /** Payload: comma-separated ids of activities whose quoted text was withdrawn. */
    public static final String WITHDRAWN = "member_activities_withdrawn";
    /** Payload: {@code memberId,until} of a seen marker that moved. */
    public static final String SEEN = "seen_marker_moved";

    // NOTIFY payloads are limited to 8000 bytes; ids are announced in chunks well below that.
    private static final int PAYLOAD_LIMIT = 7000;

    private final JdbcClient jdbc;

    Announcements(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** New rows were stored by the current transaction; the payload names it, so a listener knows what to wait for. */
    void newActivities() {
        jdbc.sql("SELECT pg_notify(?, pg_current_xact_id()::text)")
                .param(NEW_ACTIVITIES)
                .query()
                .listOfRows();
    }

    void withdrawn(List<Long> activityIds) {
        for (String payload : chunks(activityIds)) {
            notify(WITHDRAWN, payload);
        }
    }

    public void seenMoved(long memberId, Instant until) {
        notify(SEEN, memberId + "," + until);
    }

    private void notify(String channel, String payload) {
        jdbc.sql("SELECT pg_notify(?, ?)").params(channel, payload).query().listOfRows();
    }

    private static List<String> chunks(List<Long> ids) {
        List<String> payloads = new ArrayList<>();
        StringJoiner chunk = new StringJoiner(",");
        for (long id : ids) {
            if (chunk.length() > PAYLOAD_LIMIT) {
                payloads.add(chunk.toString());
                chunk = new StringJoiner(",");
            }
            chunk.add(Long.toString(id));
        }
        if (chunk.length() > 0) {
            payloads.add(chunk.toString());
        }
        return payloads;
    }
}
