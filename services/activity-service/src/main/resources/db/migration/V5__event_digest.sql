-- One event id, one event: what each event carried when it was received, as the SHA-256 of its canonical JSON
-- (ActivityEventJson of the event as parsed). A copy with the same id is compared against it, not against the row,
-- because the row changes after storage (a deleted post's text is withdrawn from the summaries quoting it). Rows
-- stored before this column existed have NULL: nothing to compare, so any copy of them is taken as the same event.
ALTER TABLE member_activities ADD COLUMN event_digest BYTEA;
