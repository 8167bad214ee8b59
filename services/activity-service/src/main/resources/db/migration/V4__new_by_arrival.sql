-- "New" in the banner goes by arrival, not by occurrence: an activity is new for a reader when it was stored after
-- their seen marker (recorded_at, the storing transaction's start on the database's clock), however long ago it
-- occurred. The unread count asks "how many activities of each followee were stored at or after the marker".
CREATE INDEX member_activities_actor_arrivals ON member_activities (actor_id, recorded_at);
