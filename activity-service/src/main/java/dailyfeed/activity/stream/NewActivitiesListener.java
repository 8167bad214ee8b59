package dailyfeed.activity.stream;

import dailyfeed.activity.store.MemberActivities;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
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
 * throwaway consumer groups. It uses one dedicated connection per instance, outside the pool, reopened with backoff.
 */
@Component
class NewActivitiesListener implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(NewActivitiesListener.class);
    private static final int WAIT_MILLIS = 5_000;

    private final DataSourceProperties dataSource;
    private final MemberActivities activities;
    private final FollowingsStreams streams;

    private volatile boolean running;
    private volatile boolean listening;
    private Thread thread;

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
            try (Connection connection = DriverManager.getConnection(dataSource.determineUrl(),
                    dataSource.determineUsername(), dataSource.determinePassword());
                    Statement statement = connection.createStatement()) {
                statement.execute("LISTEN " + MemberActivities.NEW_ACTIVITIES_CHANNEL);
                PGConnection postgres = connection.unwrap(PGConnection.class);
                listening = true;
                backoffMillis = 500;
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

    private void dispatch(PGNotification[] notifications) {
        List<Long> ids = new ArrayList<>();
        for (PGNotification notification : notifications) {
            for (String id : notification.getParameter().split(",")) {
                ids.add(Long.parseLong(id));
            }
        }
        try {
            streams.deliver(activities.findByIds(ids));
        } catch (RuntimeException e) {
            // a live update is lost, not an activity: the client's feed and unread count still show it
            log.warn("Could not stream {} new activities: {}", ids.size(), e.toString());
        }
    }
}
