package dailyfeed.outbox;

import static org.assertj.core.api.Assertions.assertThat;

import dailyfeed.events.ActivityEvent;
import dailyfeed.events.Actor;
import dailyfeed.events.EventType;
import dailyfeed.testsupport.EmbeddedPostgresInitializer;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.ContextConfiguration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An event's insert and its delete read a few pages of the outbox, however the table grew since they last ran while it
 * was empty — the queue's usual state between a vacuum and the next burst or broker outage.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.NONE,
        properties = {
            "spring.application.name=outbox-plans", // a database of its own: the test vacuums and alters the table
            "spring.datasource.hikari.maximum-pool-size=2" // few connections, each running the statements many times
        })
@ContextConfiguration(initializers = EmbeddedPostgresInitializer.class)
class OutboxPlanIntegrationTests {

    private static final int BACKLOG = 20_000;

    @Configuration
    @EnableAutoConfiguration
    @Import({OutboxForTests.RelayByHand.class, OutboxForTests.NoSendAfterCommit.class})
    static class TestApplication {}

    @Autowired
    EventOutbox outbox;

    @Autowired
    OutboxRows rows;

    @Autowired
    TransactionTemplate transactions;

    @Autowired
    JdbcClient jdbc;

    @Test
    void anEventsInsertAndDeleteReadAFewPagesOfAnOutboxThatGrewFromEmpty() {
        jdbc.sql("DELETE FROM event_outbox").update();
        // what the planner knows of the table stays what the vacuum below saw: no autovacuum, no analyze meanwhile
        jdbc.sql("ALTER TABLE event_outbox SET (autovacuum_enabled = false)").update();
        jdbc.sql("VACUUM event_outbox").update(); // the table is empty: the vacuum truncates it to no pages

        // a quiet spell: the member's events are inserted and deleted while the table holds at most one row
        for (int i = 0; i < 20; i++) {
            transactions.executeWithoutResult(status -> outbox.record(anEvent()));
            rows.deletePublished(List.of(newestId()));
        }
        // then the broker is away: a backlog of other members' events
        jdbc.sql("""
                INSERT INTO event_outbox (event_id, topic, record_key, payload, next_attempt_at)
                SELECT gen_random_uuid(), 'activity', 'member-' || (n % 500), repeat('x', 300), now()
                  FROM generate_series(1, :rows) AS n""").param("rows", BACKLOG).update();
        long pages = jdbc.sql("SELECT pg_relation_size('event_outbox') / 8192")
                .query(Long.class)
                .single();
        assertThat(pages).as("pages of the outbox").isGreaterThan(500);

        Reads insert = transactions.execute(status -> {
            Reads before = reads();
            outbox.record(anEvent());
            return reads().since(before);
        });
        long inserted = newestId();
        Reads delete = transactions.execute(status -> {
            Reads before = reads();
            rows.deletePublished(List.of(inserted));
            return reads().since(before);
        });

        assertThat(insert.sequentialScans())
                .as("sequential scans of the insert")
                .isZero();
        assertThat(insert.pages()).as("pages the insert read").isLessThan(50);
        assertThat(delete.sequentialScans())
                .as("sequential scans of the delete")
                .isZero();
        assertThat(delete.pages()).as("pages the delete read").isLessThan(50);
    }

    /**
     * What this connection has read of the outbox's table (its indexes not counted) since it last reported its counts
     * to the statistics; within a transaction it reports none, so the difference of two readings in one transaction is
     * what the statements between them read.
     */
    private Reads reads() {
        return jdbc.sql("""
                SELECT pg_stat_get_xact_numscans('event_outbox'::regclass) AS sequential_scans,
                       pg_stat_get_xact_blocks_fetched('event_outbox'::regclass) AS pages""")
                .query((rs, n) -> new Reads(rs.getLong("sequential_scans"), rs.getLong("pages")))
                .single();
    }

    private record Reads(long sequentialScans, long pages) {

        Reads since(Reads before) {
            return new Reads(sequentialScans - before.sequentialScans, pages - before.pages);
        }
    }

    private long newestId() {
        return jdbc.sql("SELECT id FROM event_outbox WHERE record_key = '7' ORDER BY id DESC LIMIT 1")
                .query(Long.class)
                .single();
    }

    private static ActivityEvent anEvent() {
        return ActivityEvent.of(
                EventType.POST_CREATED,
                new Actor(7, "member7", "Member 7"),
                ActivityEvent.Targets.post(107, 7),
                "a post by 7");
    }
}
