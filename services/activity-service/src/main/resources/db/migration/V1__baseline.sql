-- The member-activity read model (the seed's "collection"). One row per event: event_id is the dedup key,
-- so a redelivered or re-published event is absorbed by INSERT ... ON CONFLICT DO NOTHING instead of stored twice.
-- Text columns have no length limit on purpose: a value the producer considered valid must never make an insert
-- fail forever and stall its partition.
CREATE TABLE member_activities (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id           UUID        NOT NULL,
    type               TEXT        NOT NULL,
    occurred_at        TIMESTAMPTZ NOT NULL,
    actor_id           BIGINT      NOT NULL,
    actor_handle       TEXT        NOT NULL,
    actor_display_name TEXT        NOT NULL,
    post_id            BIGINT,
    comment_id         BIGINT,
    parent_comment_id  BIGINT,
    target_member_id   BIGINT,
    summary            TEXT        NOT NULL DEFAULT '',
    schema_version     INT         NOT NULL,
    recorded_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT member_activities_event_id_unique UNIQUE (event_id)
);

-- Every read is "one actor's activities, newest first, after a cursor": the followings feed runs it once per
-- followee (LATERAL ... LIMIT), a member's page and the unread count once. The key is the keyset order; `type` is
-- included so that a types filter and the unread count are answered from the index alone.
CREATE INDEX member_activities_actor_newest ON member_activities (actor_id, occurred_at DESC, id DESC) INCLUDE (type);

-- The follow graph, kept from MEMBER_FOLLOWED / MEMBER_UNFOLLOWED events. A pair keeps its row after an unfollow
-- (following = false): the row remembers which event decided the state, so that an older event arriving late or
-- twice cannot undo a newer one (last writer wins by occurred_at, then event_id).
CREATE TABLE follows (
    follower_id BIGINT      NOT NULL,
    followee_id BIGINT      NOT NULL,
    following   BOOLEAN     NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    event_id    UUID        NOT NULL,
    PRIMARY KEY (follower_id, followee_id)
);

-- "whom does this member follow now": the outer side of every feed query, answered from the index alone
CREATE INDEX follows_followings ON follows (follower_id, followee_id) WHERE following;
-- "which connected members follow this actor", for the live stream
CREATE INDEX follows_followers ON follows (followee_id, follower_id) WHERE following;

-- How far each member has seen their followings' activity; it only moves forward.
CREATE TABLE seen_markers (
    member_id  BIGINT      PRIMARY KEY,
    seen_until TIMESTAMPTZ NOT NULL
);
