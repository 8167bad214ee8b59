-- The outbox ("dead-letter store" in the seed): an event is written here in the same transaction as the change
-- that caused it, published to Kafka right after commit, and re-published by the relay until Kafka accepts it.
-- Versioned 0.1 so that it runs before every service's own V1 migration.
CREATE TABLE event_outbox (
    id              bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id        uuid        NOT NULL UNIQUE,
    topic           text        NOT NULL,
    record_key      text        NOT NULL,
    payload         text        NOT NULL,
    created_at      timestamptz NOT NULL DEFAULT now(),
    -- the relay leaves a row alone until then: a grace period for the after-commit send, a lease while the relay
    -- sends it, a backoff after a failure
    next_attempt_at timestamptz NOT NULL,
    attempts        integer     NOT NULL DEFAULT 0,
    last_error      text,
    last_error_at   timestamptz,
    published_at    timestamptz
);

CREATE INDEX event_outbox_due ON event_outbox (next_attempt_at, id) WHERE published_at IS NULL;
CREATE INDEX event_outbox_published ON event_outbox (published_at) WHERE published_at IS NOT NULL;
