-- Writes one outbox row in one round trip (OutboxRows.insert): takes the key's lock, held until the transaction ends,
-- inserts the row, and says whether an earlier row of the key is still unpublished. It is a PL/pgSQL function, not
-- one SQL statement, because each statement of a volatile function takes a snapshot of its own under read committed:
-- the insert and the question after the lock see every row committed by the key's earlier lock holders, which a
-- single statement taking the lock would not (its snapshot would predate the lock).
-- Repeatable, and named to sort after the migration that adds trace_parent, which it writes.
CREATE OR REPLACE FUNCTION event_outbox_write(
    new_event_id uuid, new_topic text, new_key text, new_payload text, new_trace_parent text, grace_seconds float8,
    OUT row_id bigint, OUT behind_unpublished boolean)
LANGUAGE plpgsql VOLATILE AS $$
BEGIN
    PERFORM pg_advisory_xact_lock(hashtext('dailyfeed.event_outbox'), hashtext(new_key));
    INSERT INTO event_outbox (event_id, topic, record_key, payload, trace_parent, next_attempt_at)
    VALUES (new_event_id, new_topic, new_key, new_payload, new_trace_parent,
            now() + make_interval(secs => grace_seconds))
    RETURNING id INTO row_id;
    -- in any other isolation the transaction's snapshot may predate the lock: the answer is then always "behind"
    behind_unpublished := current_setting('transaction_isolation') <> 'read committed'
        OR EXISTS (SELECT 1 FROM event_outbox earlier
                    WHERE earlier.record_key = new_key AND earlier.published_at IS NULL AND earlier.id < row_id);
END
$$;
