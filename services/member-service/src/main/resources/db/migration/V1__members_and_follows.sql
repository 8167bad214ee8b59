CREATE TABLE members (
    id            bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    handle        text        NOT NULL UNIQUE,
    display_name  text        NOT NULL,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL
);

-- One row per current follow. The surrogate id orders a member's lists (newest first) and is the keyset cursor,
-- so pages never skip or repeat rows while follows come and go.
CREATE TABLE follows (
    id          bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    follower_id bigint      NOT NULL REFERENCES members (id),
    followee_id bigint      NOT NULL REFERENCES members (id),
    created_at  timestamptz NOT NULL,
    CONSTRAINT follows_once UNIQUE (follower_id, followee_id),
    CONSTRAINT follows_not_self CHECK (follower_id <> followee_id)
);

CREATE INDEX follows_by_follower ON follows (follower_id, id);
CREATE INDEX follows_by_followee ON follows (followee_id, id);

-- RSA key pairs that sign tokens; generated on first start. Retired keys are no longer published or trusted.
CREATE TABLE signing_keys (
    kid         text        PRIMARY KEY,
    private_key bytea       NOT NULL,
    public_key  bytea       NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now(),
    retired_at  timestamptz
);
