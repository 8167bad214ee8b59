-- The first content table. Comments, likes and counters arrive with the content-service issue.
CREATE TABLE posts (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    author_id  BIGINT       NOT NULL,
    title      VARCHAR(200),
    content    TEXT         NOT NULL CHECK (char_length(content) BETWEEN 1 AND 5000),
    created_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ  NOT NULL DEFAULT now(),
    -- soft delete: a deleted post answers 404 but its id stays reserved for events that refer to it
    deleted_at TIMESTAMPTZ
);

-- "posts of an author, newest first" is a keyset scan over (created_at, id)
CREATE INDEX posts_author_newest ON posts (author_id, created_at DESC, id DESC) WHERE deleted_at IS NULL;
