-- The outbox holds only what Kafka does not have yet: a row is deleted once the broker acknowledged it, so every row is
-- unpublished and the table stays as small as the backlog. Rows published before that (marked with published_at and
-- kept for a week) go now, with the column and the partial indexes that told published rows apart.
-- Repeatable rather than versioned: an outbox migration numbered 0.2 would sort below the versions a service's
-- existing database has already applied, and Flyway refuses such a migration unless out-of-order is allowed. Each
-- statement is harmless to run again.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM information_schema.columns
                WHERE table_schema = current_schema() AND table_name = 'event_outbox'
                  AND column_name = 'published_at') THEN
        DELETE FROM event_outbox WHERE published_at IS NOT NULL;
    END IF;
END $$;
DROP INDEX IF EXISTS event_outbox_published;
DROP INDEX IF EXISTS event_outbox_due;
DROP INDEX IF EXISTS event_outbox_unpublished_by_key;
ALTER TABLE event_outbox DROP COLUMN IF EXISTS published_at;
-- An event id is a random UUID made where the event is recorded, and nothing looks a row up by it: its unique index
-- only cost each insert an entry at a random place (and each delete a dead one). Consumers, not the outbox, make an
-- event count once.
ALTER TABLE event_outbox DROP CONSTRAINT IF EXISTS event_outbox_event_id_key;

-- Finds the rows the relay may send now.
CREATE INDEX IF NOT EXISTS event_outbox_due ON event_outbox (next_attempt_at, id);
-- Finds the rows of one key, oldest first: a row is sent only when no older row of its key is unsent.
CREATE INDEX IF NOT EXISTS event_outbox_by_key ON event_outbox (record_key, id);
