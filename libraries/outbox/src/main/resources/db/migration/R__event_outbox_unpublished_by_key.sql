-- Finds the unpublished rows of one key, oldest first: a row is sent only when no older row of its key is unsent.
-- Repeatable rather than versioned: an outbox migration numbered 0.2 would sort below the versions a service's
-- existing database has already applied, and Flyway refuses such a migration unless out-of-order is allowed.
CREATE INDEX IF NOT EXISTS event_outbox_unpublished_by_key ON event_outbox (record_key, id) WHERE published_at IS NULL;
