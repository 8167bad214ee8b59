-- Stream order: the live stream and its resume need an order in which rows become visible, the same on every
-- instance. Row ids do not give it: they are taken at insert, and transactions commit in another order. The id of the
-- inserting transaction does, read only below the oldest transaction still running (pg_snapshot_xmin): a row whose
-- transaction id is below that horizon is either visible now or never will be, so a reader that walks (tx, id)
-- up to the horizon never skips a row that commits later. Rows stored before this column existed get 0: they come
-- first, in id order.
ALTER TABLE member_activities ADD COLUMN tx xid8 NOT NULL DEFAULT '0'::xid8;
ALTER TABLE member_activities ALTER COLUMN tx SET DEFAULT pg_current_xact_id();
-- actor_id is included so that a resume ("what did my followees do after this place") filters in the index alone
CREATE INDEX member_activities_stream_order ON member_activities (tx, id) INCLUDE (actor_id);

-- Posts and comments that were deleted. Their text is withdrawn from every activity that quotes it, also from one
-- that arrives after the deletion (another member's like travels in another partition and may come later).
CREATE TABLE withdrawn_texts (
    kind         TEXT        NOT NULL CHECK (kind IN ('post', 'comment')),
    content_id   BIGINT      NOT NULL,
    withdrawn_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (kind, content_id)
);

-- "which activities quote this post / this comment": a post's text is quoted by the POST_* activities (no comment id),
-- a comment's by the COMMENT_* ones. Each row enters at most one of the two indexes.
CREATE INDEX member_activities_quoting_post ON member_activities (post_id) WHERE comment_id IS NULL AND post_id IS NOT NULL;
CREATE INDEX member_activities_quoting_comment ON member_activities (comment_id) WHERE comment_id IS NOT NULL;
