-- Whom an activity is about, as its event names them (targetOwnerId, postOwnerId; null in events produced before the
-- fields existed), and whether a like or follow was undone by its unlike or unfollow within the same UTC day (and that
-- undo with it): the grouped feed and "about me" leave such pairs out.
ALTER TABLE member_activities
    ADD COLUMN target_owner_id BIGINT,
    ADD COLUMN post_owner_id   BIGINT,
    ADD COLUMN undone          BOOLEAN NOT NULL DEFAULT false;

-- The likes, unlikes, follows and unfollows of one actor on one target (a comment, else a post, else a member): what
-- finds the counterpart that undoes an activity.
CREATE INDEX member_activities_toggles
    ON member_activities (actor_id, type, (coalesce(comment_id, post_id, target_member_id)), occurred_at)
    WHERE type IN ('POST_LIKED', 'POST_UNLIKED', 'COMMENT_LIKED', 'COMMENT_UNLIKED', 'MEMBER_FOLLOWED',
                   'MEMBER_UNFOLLOWED');

-- The members of a group: activities of one type on one post (or a comment of it), or on one member, in a day.
CREATE INDEX member_activities_post_groups ON member_activities (post_id, type, occurred_at) WHERE post_id IS NOT NULL;
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
   SET undone = true
  FROM (VALUES ('POST_LIKED', 'POST_UNLIKED', true), ('POST_UNLIKED', 'POST_LIKED', false),
               ('COMMENT_LIKED', 'COMMENT_UNLIKED', true), ('COMMENT_UNLIKED', 'COMMENT_LIKED', false),
               ('MEMBER_FOLLOWED', 'MEMBER_UNFOLLOWED', true), ('MEMBER_UNFOLLOWED', 'MEMBER_FOLLOWED', false))
       AS t(type, counterpart, is_do)
 WHERE a.type = t.type
   AND EXISTS (
       SELECT 1 FROM member_activities c
        WHERE c.actor_id = a.actor_id
          AND c.type = t.counterpart
          AND coalesce(c.comment_id, c.post_id, c.target_member_id) = coalesce(a.comment_id, a.post_id, a.target_member_id)
          AND c.occurred_at >= date_trunc('day', a.occurred_at, 'UTC')
          AND c.occurred_at < date_trunc('day', a.occurred_at, 'UTC') + interval '1 day'
          AND CASE WHEN t.is_do THEN (c.occurred_at, c.id) > (a.occurred_at, a.id)
                   ELSE (c.occurred_at, c.id) < (a.occurred_at, a.id) END);
