-- The trace an event belongs to, as the W3C `traceparent` of the span that recorded it: the Kafka record carries it
-- on, whether the event is sent right after commit or by the relay hours later. Null when nothing was traced.
-- Repeatable, like the index beside it: a versioned outbox migration would sort below the versions a service's
-- database has already applied. ADD COLUMN IF NOT EXISTS makes a re-run harmless.
ALTER TABLE event_outbox ADD COLUMN IF NOT EXISTS trace_parent text;
