package dailyfeed.activity.stream;

import dailyfeed.activity.store.Announcements;
import dailyfeed.activity.store.MemberActivities;
import dailyfeed.activity.store.StreamEntry;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.jdbc.autoconfigure.DataSourceProperties;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Follows the stream order of {@code member_activities} and hands each new activity to this instance's open streams,
 * woken by PostgreSQL {@code LISTEN}/{@code NOTIFY} ({@link Announcements}).
 *
 * <p>Why the database and not a Kafka consumer per instance: a notification is sent by the transaction that stored
 * the rows and delivered only when it commits, so a streamed activity is always one the feed already shows; rows
 * registered over HTTP are streamed as well as those from Kafka; every instance walks the same order, so a client can
 * resume on any of them. A notification only wakes the tailer: it reads by stream order from where it stopped
 * ({@link MemberActivities#visibleAfter}), so a lost notification or a dropped connection loses nothing — after a
 * reconnect it simply reads on. It uses one dedicated connection, outside the pool, reopened with backoff.
 */
@Component
class StreamTailer implements SmartLifecycle {

    static final String APPLICATION_NAME = "activity-stream-listener";

    private static final Logger log = LoggerFactory.getLogger(StreamTailer.class);
    private static final int BATCH = 500;
    private static final int IDLE_WAIT_MILLIS = 5_000;
    // Rows announced but not yet readable wait for an older transaction (of any database on the server) to end.
    private static final int FIRST_RECHECK_MILLIS = 5;
    private static final int MAX_RECHECK_MILLIS = 200;

    private final DataSourceProperties dataSource;
    private final MemberActivities activities;
    private final FollowingsStreams streams;

    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;
    // The newest transaction whose rows were announced; only the tailer's thread uses it.
    private long announcedTx;

    StreamTailer(DataSourceProperties dataSource, MemberActivities activities, FollowingsStreams streams) {
        this.dataSource = dataSource;
        this.activities = activities;
        this.streams = streams;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::run, "stream-tailer");
        thread.setDaemon(true);
        thread.start();
    }

    @Override
    public synchronized void stop() {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread = null;
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /** Whether the channels are being listened to right now. */
    boolean isListening() {
        return listening;
    }

    private void run() {
        long backoffMillis = 500;
        while (running) {
            try (Connection connection =
                            DriverManager.getConnection(dataSource.determineUrl(), connectionProperties());
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + Announcements.NEW_ACTIVITIES);
                statement.execute("LISTEN " + Announcements.WITHDRAWN);
                statement.execute("LISTEN " + Announcements.SEEN);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                if (streams.delivered() == null) {
                    streams.startAt(activities.lastVisible());
                }
                listening = true;
                backoffMillis = 500;
                tail(statement, postgres);
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                log.warn("Following the stream order failed, retrying in {} ms: {}", backoffMillis, e.toString());
                try {
                    TimeUnit.MILLISECONDS.sleep(backoffMillis);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    return;
                }
                backoffMillis = Math.min(backoffMillis * 2, 10_000);
            } finally {
                listening = false;
            }
        }
    }

    private void tail(Statement statement, PGConnection postgres) throws SQLException {
        int recheckMillis = FIRST_RECHECK_MILLIS;
        while (running) {
            // first what was stored while nobody listened (after a reconnect), then after every wake-up
            boolean behind = readOn();
            int wait = behind ? recheckMillis : IDLE_WAIT_MILLIS;
            recheckMillis = behind ? Math.min(recheckMillis * 2, MAX_RECHECK_MILLIS) : FIRST_RECHECK_MILLIS;
            PGNotification[] notifications = postgres.getNotifications(wait);
            if (notifications == null || notifications.length == 0) {
                if (!behind) {
                    statement.execute("SELECT 1"); // a silently dropped connection shows here
                }
                continue;
            }
            dispatch(notifications);
        }
    }

    /** Streams every activity that can be read in order now; true if announced rows are not readable yet. */
    private boolean readOn() {
        List<StreamEntry> batch;
        do {
            batch = activities.visibleAfter(streams.delivered(), BATCH);
            streams.deliver(batch);
        } while (batch.size() == BATCH);
        return announcedTx > streams.delivered().tx();
    }

    private void dispatch(PGNotification[] notifications) {
        List<Long> withdrawn = new ArrayList<>();
        for (PGNotification notification : notifications) {
            String payload = notification.getParameter();
            switch (notification.getName()) {
                case Announcements.NEW_ACTIVITIES -> announcedTx = Math.max(announcedTx, Long.parseLong(payload));
                case Announcements.WITHDRAWN -> {
                    for (String id : payload.split(",")) {
                        withdrawn.add(Long.parseLong(id));
                    }
                }
                case Announcements.SEEN -> {
                    int comma = payload.indexOf(',');
                    streams.seen(
                            Long.parseLong(payload.substring(0, comma)), Instant.parse(payload.substring(comma + 1)));
                }
                default -> log.debug("Ignoring a notification on {}", notification.getName());
            }
        }
        try {
            streams.withdrawn(withdrawn);
        } catch (RuntimeException e) {
            // the text is gone from the database either way; open banners show it until they read the feed again
            log.warn("Could not tell the streams about {} withdrawn activities: {}", withdrawn.size(), e.toString());
        }
    }

    private Properties connectionProperties() {
        Properties properties = new Properties();
        properties.setProperty("user", dataSource.determineUsername());
        String password = dataSource.determinePassword();
        if (password != null) {
            properties.setProperty("password", password);
        }
        // names the connection in pg_stat_activity
        properties.setProperty("ApplicationName", APPLICATION_NAME);
        return properties;
    }
}
