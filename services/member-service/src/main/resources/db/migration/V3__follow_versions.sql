-- How often each (follower, followee) pair changed. A follow or unfollow raises its pair's version in the transaction
-- of the change, and its event carries it, so activity-service orders a pair's changes by this database rather than by
-- the clock of whichever instance handled them. Kept when the follow itself is deleted.
CREATE TABLE follow_versions (
    follower_id bigint NOT NULL REFERENCES members (id),
    followee_id bigint NOT NULL REFERENCES members (id),
    version     bigint NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);
