package dailyfeed.activity.stream;

import dailyfeed.activity.store.ActivityItem;
import dailyfeed.activity.store.MemberActivities;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
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
 * Hears about every activity stored by any instance, on PostgreSQL's {@code LISTEN}/{@code NOTIFY} channel
 * {@link MemberActivities#NEW_ACTIVITIES_CHANNEL}, and hands them to this instance's open streams.
 *
 * <p>Why the database and not a Kafka consumer group per instance: a notification is sent by the transaction that
 * stored the rows and delivered only when it commits, so a streamed activity is always one the feed already shows,
 * with its row id; rows registered over HTTP are announced as well as those from Kafka; and instances need no
 * throwaway consumer groups. It uses one dedicated connection per instance, outside the pool, reopened with backoff;
 * after a reconnect, what was stored meanwhile (by id) is streamed before listening resumes.
 */
@Component
class NewActivitiesListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NewActivitiesListener.class);
    private static final int WAIT_MILLIS = 5_000;
    private static final int CATCH_UP_LIMIT = 1_000;
    static final String APPLICATION_NAME = "activity-stream-listener";

    private final DataSourceProperties dataSource;
    private final MemberActivities activities;
    private final FollowingsStreams streams;

    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;
    // the highest id streamed, or stored when listening began; -1 before that. Only the listening thread uses it.
    private long lastSeenId = -1;

    NewActivitiesListener(DataSourceProperties dataSource, MemberActivities activities, FollowingsStreams streams) {
        this.dataSource = dataSource;
        this.activities = activities;
        this.streams = streams;
    }

    @Override
    public synchronized void start() {
        running = true;
        thread = new Thread(this::listen, "new-activities-listener");
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

    /** Whether the channel is being listened to right now. */
    boolean isListening() {
        return listening;
    }

    private void listen() {
        long backoffMillis = 500;
        while (running) {
            try (Connection connection = DriverManager.getConnection(dataSource.determineUrl(), connectionProperties());
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + MemberActivities.NEW_ACTIVITIES_CHANNEL);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                listening = true;
                backoffMillis = 500;
                catchUp();
                while (running) {
                    PGNotification[] notifications = postgres.getNotifications(WAIT_MILLIS);
                    if (notifications == null || notifications.length == 0) {
                        statement.execute("SELECT 1"); // a silently dropped connection shows here
                        continue;
                    }
                    dispatch(notifications);
                }
            } catch (SQLException | RuntimeException e) {
                listening = false;
                if (!running) {
                    return;
                }
                log.warn("Listening for new activities failed, retrying in {} ms: {}", backoffMillis, e.toString());
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

    /**
     * Once listening: the first time, remembers where the table ends; after a reconnect, streams what was stored
     * while nobody listened (a few may come twice, once more by notification; clients drop repeated event ids).
     */
    private void catchUp() {
        if (lastSeenId < 0) {
            lastSeenId = activities.highestId();
            return;
        }
        List<ActivityItem> missed = activities.findAfter(lastSeenId, CATCH_UP_LIMIT);
        if (!missed.isEmpty()) {
            lastSeenId = missed.get(missed.size() - 1).id();
            streams.deliver(missed);
        }
    }

    private void dispatch(PGNotification[] notifications) {
        List<Long> ids = new ArrayList<>();
        for (PGNotification notification : notifications) {
            for (String id : notification.getParameter().split(",")) {
                ids.add(Long.parseLong(id));
            }
        }
        lastSeenId = Math.max(lastSeenId, ids.stream().mapToLong(Long::longValue).max().orElse(lastSeenId));
        try {
            streams.deliver(activities.findByIds(ids));
        } catch (RuntimeException e) {
            // a live update is lost, not an activity: the client's feed and unread count still show it
            log.warn("Could not stream {} new activities: {}", ids.size(), e.toString());
        }
    }
}
