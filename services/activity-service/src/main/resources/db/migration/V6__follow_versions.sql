-- The follow pair's version in member-service's database, carried by follow events since it exists: it, not
-- occurred_at (the clock of whichever member-service instance handled the change), decides which change of a pair
-- is newer. NULL where an event without a version decided the pair. (V4 is taken by another change.)
ALTER TABLE follows ADD COLUMN version BIGINT;
