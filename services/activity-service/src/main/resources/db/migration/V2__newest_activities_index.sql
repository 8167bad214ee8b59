-- The followings feed first looks at the newest activities of anyone (before the cursor) and keeps its followees':
-- for a reader who follows many active members, a page is found among a few hundred index entries, whatever the
-- number of followees. actor_id and type are included so that this scan never touches the table.
CREATE INDEX member_activities_newest ON member_activities (occurred_at DESC, id DESC) INCLUDE (actor_id, type);
