package dailyfeed.bench;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.ActivityEventJson;
import dailyfeed.harness.LaunchedSecrets;
import dailyfeed.launcher.Component;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.flywaydb.core.Flyway;
import org.postgresql.copy.CopyManager;
import org.postgresql.core.BaseConnection;

/**
 * Figure 1: events/s from a pre-loaded topic into {@code member_activities}. The product (activity-service's own jar,
 * started once the topic is full) beside a one-record-at-a-time consumer as the seed wrote it and a raw {@code COPY}
 * of the same rows into the same table with the same indexes, each into a database of its own on the same server.
 */
final class IngestBenchmark {

    static final String TOPIC = "bench.member-activity";
    static final String PRODUCT_DB = "bench_activity";
    /** Where two activity-services in one consumer group store the same topic, for figure 7. */
    private static final String TWO_INSTANCES_DB = "bench_activity_two";

    private static final String COPY_DB = "bench_copy";
    private static final String NAIVE_DB = "bench_naive";
    private static final int PARTITIONS = 6; // what the launcher's broker gives the real topic (num.partitions)
    private static final String COLUMNS = "event_id, type, occurred_at, actor_id, actor_handle, actor_display_name,"
            + " post_id, comment_id, parent_comment_id, target_member_id, summary, schema_version";

    private final Stack stack;
    private final Dataset data;
    private final Duration naiveWindow;
    private Stack.Service activity;
    private String cpuProfile = "";

    IngestBenchmark(Stack stack, Dataset data, Duration naiveWindow) {
        this.stack = stack;
        this.data = data;
        this.naiveWindow = naiveWindow;
    }

    /** The product's activity-service holding the ingested rows, serving reads after {@link #run}. */
    Stack.Service activityService() {
        return activity;
    }

    List<Result> run() throws Exception {
        int total = data.events().size();
        preload();
        for (String db : List.of(PRODUCT_DB, COPY_DB, NAIVE_DB, TWO_INSTANCES_DB)) {
            stack.createDatabase(db, Component.ACTIVITY_SERVICE);
        }
        for (String db : List.of(COPY_DB, NAIVE_DB)) {
            Flyway.configure()
                    .dataSource(stack.jdbcUrl(db), LaunchedSecrets.SUPERUSER, stack.superuserPassword())
                    .locations("filesystem:"
                            + stack.home.resolve("services/activity-service/src/main/resources/db/migration"))
                    .load()
                    .migrate();
        }
        double copy = copy();
        System.out.printf("  COPY: %,.0f rows/s%n", copy);
        double[] naive = naive();
        System.out.printf("  naive consumer: %,.0f events/s (%,.0f events in %.1f s)%n", naive[0], naive[1], naive[2]);
        double[] product = product();
        System.out.printf(
                "  activity-service: %,.0f events/s (%,.0f events in %.1f s)%n", product[0], product[1], product[2]);
        double[] two = twoInstances();
        System.out.printf("  two activity-services: %,.0f events/s (%,.0f events in %.1f s)%n", two[0], two[1], two[2]);
        boolean complete = product[1] == total;
        String detail = complete
                ? "%,d events stored in %.1f s".formatted(total, product[2])
                : "INCOMPLETE: %,.0f of %,d stored in %.1f s".formatted(product[1], total, product[2]);
        return List.of(
                new Result(
                        "1 ingest",
                        "ingest_vs_naive_consumer",
                        product[0],
                        "events/s",
                        "naive_one_at_a_time_consumer",
                        naive[0],
                        product[0] / naive[0],
                        "product / naive",
                        ">= 10x",
                        complete && product[0] / naive[0] >= 10,
                        detail + "; naive: %,.0f events in %.1f s".formatted(naive[1], naive[2])),
                new Result(
                        "1 ingest",
                        "ingest_vs_copy_limit",
                        product[0],
                        "events/s",
                        "raw_copy_same_table_and_indexes",
                        copy,
                        product[0] / copy,
                        "product / COPY",
                        ">= 0.5x",
                        complete && product[0] / copy >= 0.5,
                        "COPY of the same %,d rows; %s".formatted(total, cpuProfile)),
                new Result(
                        "7 scale-out",
                        "scaleout_ingest",
                        two[0],
                        "events/s",
                        "one_activity_service",
                        product[0],
                        two[0] / product[0],
                        "2 instances / 1",
                        "context (one machine, two cores)",
                        null,
                        "two activity-services in one consumer group (3 of the 6 partitions each) into a database of"
                                + " their own: %,.0f of %,d events in %.1f s".formatted(two[1], total, two[2])),
                new Result(
                        "1 ingest",
                        "ingest_absolute",
                        product[0],
                        "events/s",
                        "target",
                        40_000,
                        product[0] / 40_000,
                        "product / 40,000",
                        ">= 40,000 events/s",
                        complete && product[0] >= 40_000,
                        detail));
    }

    private void preload() throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka());
        try (Admin client = Admin.create(admin)) {
            client.createTopics(List.of(new NewTopic(TOPIC, PARTITIONS, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
        Properties config = new Properties();
        config.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka());
        config.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, StringSerializer.class);
        config.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        config.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        config.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        long start = System.nanoTime();
        try (KafkaProducer<String, String> producer = new KafkaProducer<>(config)) {
            for (ActivityEvent event : data.events()) {
                producer.send(new ProducerRecord<>(TOPIC, event.recordKey(), ActivityEventJson.write(event)));
            }
            producer.flush();
        }
        System.out.printf(
                "  pre-loaded %,d events on %s in %.1f s%n",
                data.events().size(), TOPIC, (System.nanoTime() - start) / 1e9);
    }

    /** Rows/s of one COPY of all rows; the rows are rendered before the clock starts, so only PostgreSQL is timed. */
    private double copy() throws Exception {
        ByteArrayOutputStream csv = new ByteArrayOutputStream(data.events().size() * 200);
        StringBuilder line = new StringBuilder(256);
        for (ActivityEvent e : data.events()) {
            line.setLength(0);
            line.append(e.eventId())
                    .append(',')
                    .append(e.type().name())
                    .append(',')
                    .append(e.occurredAt())
                    .append(',')
                    .append(e.actor().id())
                    .append(',')
                    .append(quoted(e.actor().handle()))
                    .append(',')
                    .append(quoted(e.actor().displayName()))
                    .append(',')
                    .append(orEmpty(e.postId()))
                    .append(',')
                    .append(orEmpty(e.commentId()))
                    .append(',')
                    .append(orEmpty(e.parentCommentId()))
                    .append(',')
                    .append(orEmpty(e.targetMemberId()))
                    .append(',')
                    .append(quoted(e.summary()))
                    .append(',')
                    .append(e.schemaVersion())
                    .append('\n');
            csv.write(line.toString().getBytes(StandardCharsets.UTF_8));
        }
        byte[] rows = csv.toByteArray();
        try (Connection connection = stack.connect(COPY_DB)) {
            CopyManager copy = new CopyManager(connection.unwrap(BaseConnection.class));
            long start = System.nanoTime();
            long copied = copy.copyIn(
                    "COPY member_activities (" + COLUMNS + ") FROM STDIN (FORMAT csv)", new ByteArrayInputStream(rows));
            double seconds = (System.nanoTime() - start) / 1e9;
            if (copied != data.events().size()) {
                throw new IllegalStateException("COPY stored " + copied + " rows");
            }
            return copied / seconds;
        }
    }

    /**
     * The seed's consumer: one record at a time — look for its event id, insert it if absent, commit that row — the
     * way a record listener with a repository call per record works. Offsets are committed after each poll, as Spring
     * Kafka's default ack mode does, which is kinder to the baseline than committing each offset. Run for a fixed
     * window from its first record (the whole topic would take too long); events/s over that window.
     */
    private double[] naive() throws Exception {
        Properties config = new Properties();
        config.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.kafka());
        config.put(ConsumerConfig.GROUP_ID_CONFIG, "bench-naive");
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        config.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class);
        long stored = 0;
        long first = 0;
        long end = Long.MAX_VALUE;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(config);
                Connection db = stack.connect(NAIVE_DB);
                PreparedStatement find = db.prepareStatement("SELECT 1 FROM member_activities WHERE event_id = ?");
                PreparedStatement insert = db.prepareStatement("INSERT INTO member_activities (" + COLUMNS
                        + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            db.setAutoCommit(true);
            consumer.subscribe(List.of(TOPIC));
            long giveUp = System.nanoTime() + Duration.ofMinutes(1).toNanos();
            while (System.nanoTime() < end && System.nanoTime() < giveUp + naiveWindow.toNanos()) {
                var records = consumer.poll(Duration.ofMillis(100));
                for (ConsumerRecord<String, String> record : records) {
                    if (first == 0) {
                        first = System.nanoTime();
                        end = first + naiveWindow.toNanos();
                    }
                    ActivityEvent e = ActivityEventJson.read(record.value());
                    find.setObject(1, e.eventId());
                    boolean known;
                    try (ResultSet rs = find.executeQuery()) {
                        known = rs.next();
                    }
                    if (!known) {
                        insert.setObject(1, e.eventId());
                        insert.setString(2, e.type().name());
                        insert.setTimestamp(3, Timestamp.from(e.occurredAt()));
                        insert.setLong(4, e.actor().id());
                        insert.setString(5, e.actor().handle());
                        insert.setString(6, e.actor().displayName());
                        setLong(insert, 7, e.postId());
                        setLong(insert, 8, e.commentId());
                        setLong(insert, 9, e.parentCommentId());
                        setLong(insert, 10, e.targetMemberId());
                        insert.setString(11, e.summary());
                        insert.setInt(12, e.schemaVersion());
                        insert.executeUpdate();
                    }
                    stored++;
                    if (System.nanoTime() >= end) {
                        break;
                    }
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
            }
        }
        double seconds = (System.nanoTime() - first) / 1e9;
        return new double[] {stored / seconds, stored, seconds};
    }

    /**
     * Starts activity-service on the full topic and waits until every event is a row. The clock runs from the start of
     * the first transaction that stored rows (its {@code recorded_at}) to the poll that found all rows, both read from
     * PostgreSQL's clock, so the service's own start-up is not counted and the poll interval is the only slack.
     */
    private double[] product() throws Exception {
        activity = startIngesting("activity-ingest", PRODUCT_DB, "bench-activity");
        double[] rate = awaitStored(PRODUCT_DB, List.of(activity));
        activity.awaitHealthy(Duration.ofMinutes(2));
        return rate;
    }

    /**
     * The same topic again, by two activity-services in a consumer group of their own, started together; measured as
     * {@link #product()} is. They stop once done: the feed reads run on the one-instance database.
     */
    private double[] twoInstances() throws Exception {
        List<Stack.Service> both = new ArrayList<>();
        for (String name : List.of("activity-ingest-a", "activity-ingest-b")) {
            both.add(startIngesting(name, TWO_INSTANCES_DB, "bench-activity-two"));
        }
        String oneInstanceProfile = cpuProfile; // the ingest lines describe the one instance's CPU
        try {
            return awaitStored(TWO_INSTANCES_DB, both);
        } finally {
            cpuProfile = oneInstanceProfile;
            for (Stack.Service service : both) {
                service.close();
            }
        }
    }

    private Stack.Service startIngesting(String name, String database, String group) throws Exception {
        return stack.startService(
                name,
                Component.ACTIVITY_SERVICE,
                Map.of("DB_URL", stack.jdbcUrl(database), "DAILYFEED_ACTIVITY_TOPIC", TOPIC, "KAFKA_GROUP_ID", group),
                false);
    }

    /** Waits until every event is a row of {@code database}, and returns events/s, events and seconds. */
    private double[] awaitStored(String database, List<Stack.Service> ingesting) throws Exception {
        int total = data.events().size();
        long giveUp = System.nanoTime() + Duration.ofMinutes(6).toNanos();
        StackCpu cpuAtFirstRow = null;
        try (Connection db = stack.connect(database);
                Statement s = db.createStatement()) {
            while (true) {
                for (Stack.Service service : ingesting) {
                    if (!service.process.isAlive()) {
                        throw new IllegalStateException("activity-service exited; see " + service.log);
                    }
                }
                long highest = 0;
                try (ResultSet rs = s.executeQuery("SELECT coalesce(max(id), 0) FROM member_activities")) {
                    rs.next();
                    highest = rs.getLong(1);
                } catch (SQLException e) {
                    // Flyway has not created the table yet
                }
                if (highest > 0 && cpuAtFirstRow == null) {
                    cpuAtFirstRow = StackCpu.of(stack);
                }
                boolean late = System.nanoTime() > giveUp;
                if (highest >= total || (late && highest > 0)) {
                    try (ResultSet rs =
                            s.executeQuery("SELECT count(*), extract(epoch FROM clock_timestamp() - min(recorded_at))"
                                    + " FROM member_activities")) {
                        rs.next();
                        long count = rs.getLong(1);
                        double seconds = rs.getDouble(2);
                        if (count >= total || late) {
                            cpuProfile = "CPU over the %.1f s: %s"
                                    .formatted(
                                            seconds,
                                            StackCpu.of(stack)
                                                    .minus(cpuAtFirstRow)
                                                    .describe());
                            System.out.println("  " + cpuProfile);
                            return new double[] {count / seconds, count, seconds};
                        }
                    }
                }
                TimeUnit.MILLISECONDS.sleep(50); // the clock is PostgreSQL's; this is only how often we look
            }
        }
    }

    private static void setLong(PreparedStatement statement, int index, Long value) throws SQLException {
        if (value == null) {
            statement.setNull(index, Types.BIGINT);
        } else {
            statement.setLong(index, value);
        }
    }

    private static String orEmpty(Long value) {
        return value == null ? "" : value.toString();
    }

    private static String quoted(String text) {
        return '"' + text.replace("\"", "\"\"") + '"';
    }
}
