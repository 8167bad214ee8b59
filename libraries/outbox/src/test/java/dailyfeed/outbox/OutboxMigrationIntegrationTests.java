package dailyfeed.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.testsupport.TestPostgres;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/**
 * An outbox that kept published rows (the schema before rows were deleted once published) is brought to the one that
 * holds only unpublished rows: what was published goes, what was not stays and is still found by key and by due time.
 */
class OutboxMigrationIntegrationTests {

    private static final String BY_KEY = "db/migration/R__event_outbox_unpublished_by_key.sql";

    @Test
    void anOutboxThatKeptPublishedRowsKeepsOnlyItsUnpublishedOnes() throws Exception {
        try (Connection db =
                        DriverManager.getConnection(TestPostgres.jdbcUrl("outbox_upgrade"), "postgres", "postgres");
                Statement sql = db.createStatement()) {
            sql.execute("DROP TABLE IF EXISTS event_outbox");
            // the schema as the earlier migrations left it
            sql.execute(resource("db/migration/V0_1__event_outbox.sql"));
            sql.execute(resource("db/migration/R__event_outbox_trace_context.sql"));
            sql.execute("CREATE INDEX event_outbox_unpublished_by_key ON event_outbox (record_key, id)"
                    + " WHERE published_at IS NULL");
            sql.execute("""
                    INSERT INTO event_outbox (event_id, topic, record_key, payload, next_attempt_at, published_at)
                    VALUES (gen_random_uuid(), 't', '1', 'published', now(), now() - interval '1 day'),
                           (gen_random_uuid(), 't', '1', 'waiting', now(), NULL),
                           (gen_random_uuid(), 't', '2', 'also published', now(), now())""");

            sql.execute(resource(BY_KEY));

            assertThat(payloads(sql)).containsExactly("waiting");
            assertThat(columns(sql)).doesNotContain("published_at").contains("trace_parent", "next_attempt_at");
            assertThat(indexes(sql))
                    .doesNotContainKeys(
                            "event_outbox_published", "event_outbox_unpublished_by_key", "event_outbox_event_id_key")
                    .containsEntry(
                            "event_outbox_due",
                            "CREATE INDEX event_outbox_due ON public.event_outbox USING btree"
                                    + " (next_attempt_at, id)")
                    .containsEntry(
                            "event_outbox_by_key",
                            "CREATE INDEX event_outbox_by_key ON public.event_outbox"
                                    + " USING btree (record_key, id)");

            // a repeatable migration runs again whenever its text changes
            sql.execute(resource(BY_KEY));
            assertThat(payloads(sql)).containsExactly("waiting");
            assertThat(indexes(sql)).containsKeys("event_outbox_due", "event_outbox_by_key");
        }
    }

    private static String resource(String path) throws IOException {
        try (InputStream in =
                OutboxMigrationIntegrationTests.class.getClassLoader().getResourceAsStream(path)) {
            assertThat(in).as(path).isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> payloads(Statement sql) throws SQLException {
        return strings(sql, "SELECT payload FROM event_outbox ORDER BY id");
    }

    private static List<String> columns(Statement sql) throws SQLException {
        return strings(sql, "SELECT column_name FROM information_schema.columns WHERE table_name = 'event_outbox'");
    }

    private static Map<String, String> indexes(Statement sql) throws SQLException {
        Map<String, String> definitions = new TreeMap<>();
        try (ResultSet rs =
                sql.executeQuery("SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'event_outbox'")) {
            while (rs.next()) {
                definitions.put(rs.getString(1), rs.getString(2));
            }
        }
        return definitions;
    }

    private static List<String> strings(Statement sql, String query) throws SQLException {
        List<String> values = new ArrayList<>();
        try (ResultSet rs = sql.executeQuery(query)) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values;
    }
}
