-- The unlikes and unfollows by actor and time: few among the activities, so a small index. A new like or follow is
-- looked up here first (Undos): only when its actor took something back that day is the rest of that day read.
CREATE INDEX member_activities_undos ON member_activities (actor_id, occurred_at)
    WHERE type IN ('POST_UNLIKED', 'COMMENT_UNLIKED', 'MEMBER_UNFOLLOWED');
