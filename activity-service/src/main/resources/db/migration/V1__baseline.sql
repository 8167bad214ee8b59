-- The member-activity read model (the seed's "collection"). One row per event: event_id is the dedup key,
-- so a redelivered event is absorbed by an upsert instead of stored twice.
CREATE TABLE member_activities (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    event_id           UUID         NOT NULL,
    type               VARCHAR(40)  NOT NULL,
    occurred_at        TIMESTAMPTZ  NOT NULL,
    actor_id           BIGINT       NOT NULL,
    actor_handle       VARCHAR(30)  NOT NULL,
    actor_display_name VARCHAR(50)  NOT NULL,
    post_id            BIGINT,
    comment_id         BIGINT,
    parent_comment_id  BIGINT,
    target_member_id   BIGINT,
    summary            VARCHAR(140) NOT NULL DEFAULT '',
    schema_version     INT          NOT NULL,
    recorded_at        TIMESTAMPTZ  NOT NULL DEFAULT now(),
    CONSTRAINT member_activities_event_id_unique UNIQUE (event_id)
);

-- "what did member X do, newest first" is a keyset scan over (occurred_at, id)
CREATE INDEX member_activities_actor_newest ON member_activities (actor_id, occurred_at DESC, id DESC);
