-- Whom an activity is about, as its event names them (targetOwnerId, postOwnerId; null in events produced before the
-- fields existed), and, for a like or follow undone by its unlike or unfollow within the same UTC day (and for that
-- undo), the id of the first activity that undid it: the grouped feed and "about me" leave such pairs out, and a page
-- of the grouped feed pinned to the activities up to some id counts only undos among them.
ALTER TABLE member_activities
    ADD COLUMN target_owner_id BIGINT,
    ADD COLUMN post_owner_id   BIGINT,
    ADD COLUMN undone_by       BIGINT;

-- The members of a group are found by their target, within a day: a post's own activities and likes through
-- member_activities_quoting_post (post_id), a comment's through member_activities_quoting_comment (comment_id), new
-- comments and replies on a post through this index, follows of a member through the next.
CREATE INDEX member_activities_new_comments ON member_activities (post_id, occurred_at) WHERE type = 'COMMENT_CREATED';
CREATE INDEX member_activities_member_groups
    ON member_activities (target_member_id, type, occurred_at) WHERE target_member_id IS NOT NULL;

-- "About me": for each member, the activities of others on their posts and comments and follows of them, newest
-- first. Written with the activity, in its transaction.
CREATE TABLE about_me (
    member_id   BIGINT      NOT NULL,
    occurred_at TIMESTAMPTZ NOT NULL,
    activity_id BIGINT      NOT NULL,
    PRIMARY KEY (member_id, occurred_at, activity_id)
);

-- What was stored before: the same rules as AboutMeRecipients and Undos apply at ingest; here the owners come from the
-- stored POST_CREATED and COMMENT_CREATED activities (the events of that time did not name them).
INSERT INTO about_me (member_id, occurred_at, activity_id)
SELECT r.member_id, a.occurred_at, a.id
  FROM member_activities a
 CROSS JOIN LATERAL (
       SELECT CASE
                  WHEN a.type = 'MEMBER_FOLLOWED' THEN a.target_member_id
                  WHEN a.type = 'COMMENT_LIKED' OR a.parent_comment_id IS NOT NULL THEN
                      (SELECT c.actor_id FROM member_activities c
                        WHERE c.comment_id = coalesce(CASE WHEN a.type = 'COMMENT_LIKED' THEN a.comment_id END,
                                                      a.parent_comment_id)
                          AND c.type = 'COMMENT_CREATED' LIMIT 1)
                  ELSE (SELECT p.actor_id FROM member_activities p
                         WHERE p.post_id = a.post_id AND p.comment_id IS NULL AND p.type = 'POST_CREATED' LIMIT 1)
              END AS target_owner,
              CASE
                  WHEN a.type = 'COMMENT_CREATED' THEN
                      (SELECT p.actor_id FROM member_activities p
                        WHERE p.post_id = a.post_id AND p.comment_id IS NULL AND p.type = 'POST_CREATED' LIMIT 1)
              END AS post_owner) o
 CROSS JOIN LATERAL (VALUES (o.target_owner), (o.post_owner)) r(member_id)
 WHERE a.type IN ('COMMENT_CREATED', 'POST_LIKED', 'COMMENT_LIKED', 'MEMBER_FOLLOWED')
   AND r.member_id IS NOT NULL
   AND r.member_id <> a.actor_id
ON CONFLICT DO NOTHING;

UPDATE member_activities a
   SET undone_by = u.by
  FROM (SELECT d.id, min(c.id) AS by
          FROM member_activities d
          JOIN (VALUES ('POST_LIKED', 'POST_UNLIKED', true), ('POST_UNLIKED', 'POST_LIKED', false),
                       ('COMMENT_LIKED', 'COMMENT_UNLIKED', true), ('COMMENT_UNLIKED', 'COMMENT_LIKED', false),
                       ('MEMBER_FOLLOWED', 'MEMBER_UNFOLLOWED', true), ('MEMBER_UNFOLLOWED', 'MEMBER_FOLLOWED', false))
               AS p(type, counterpart, is_do) ON p.type = d.type
          JOIN member_activities c
            ON c.actor_id = d.actor_id
           AND c.type = p.counterpart
           AND c.post_id IS NOT DISTINCT FROM d.post_id
           AND c.comment_id IS NOT DISTINCT FROM d.comment_id
           AND c.target_member_id IS NOT DISTINCT FROM d.target_member_id
           AND date_trunc('day', c.occurred_at, 'UTC') = date_trunc('day', d.occurred_at, 'UTC')
           AND CASE WHEN p.is_do THEN (c.occurred_at, c.id) > (d.occurred_at, d.id)
                    ELSE (c.occurred_at, c.id) < (d.occurred_at, d.id) END
         GROUP BY d.id) u
 WHERE a.id = u.id;
