-- Comments (a reply is a comment with a parent), likes, and the counters a post shows.
-- Counters are kept in the row and changed in the transaction of the change that moves them
-- (like_count = like_count + 1), so concurrent likes serialize on the row and never lose an update.
ALTER TABLE posts
    ADD COLUMN like_count    BIGINT NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    ADD COLUMN comment_count BIGINT NOT NULL DEFAULT 0 CHECK (comment_count >= 0);

-- "newest first" is the identity order: keyset on id alone, which never ties
DROP INDEX posts_author_newest;
CREATE INDEX posts_author_newest ON posts (author_id, id DESC) WHERE deleted_at IS NULL;

CREATE TABLE comments (
    id                BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    post_id           BIGINT      NOT NULL REFERENCES posts (id),
    author_id         BIGINT      NOT NULL,
    parent_comment_id BIGINT REFERENCES comments (id),
    -- 0 a comment, 1 a reply, 2 a reply to a reply; nothing deeper
    depth             SMALLINT    NOT NULL CHECK (depth BETWEEN 0 AND 2),
    content           TEXT        NOT NULL CHECK (char_length(content) BETWEEN 1 AND 1000),
    like_count        BIGINT      NOT NULL DEFAULT 0 CHECK (like_count >= 0),
    created_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at        TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- soft delete, as for posts: gone from reads, still referable by past activity
    deleted_at        TIMESTAMPTZ,
    CHECK ((depth = 0) = (parent_comment_id IS NULL))
);

-- a post's comments, oldest first: keyset on id
CREATE INDEX comments_of_post ON comments (post_id, id) WHERE deleted_at IS NULL;

-- one row per liker: the primary key makes a like idempotent (INSERT ... ON CONFLICT DO NOTHING)
CREATE TABLE post_likes (
    post_id    BIGINT      NOT NULL REFERENCES posts (id),
    member_id  BIGINT      NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (post_id, member_id)
);

CREATE TABLE comment_likes (
    comment_id BIGINT      NOT NULL REFERENCES comments (id),
    member_id  BIGINT      NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (comment_id, member_id)
);
