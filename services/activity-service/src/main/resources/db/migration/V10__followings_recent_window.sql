-- The followings feed's first try, as a function so that PostgreSQL plans it once per connection, not per read.
--
-- Of the newest `window_size` activities of anyone before the cursor (read from the index member_activities_newest
-- alone), the newest `page_size` by the reader's followees. If the window holds `page_size` of them, they are exactly
-- the page: any activity outside the window is older than every one in it. Its cost is fixed by the window, not by
-- how many members are followed; a reader whose followees are rare among the newest activities gets fewer rows, and
-- the per-followee query (ActivityPages.FOLLOWINGS_SQL) answers instead.
--
-- Why a function: as a prepared statement PostgreSQL planned it for every read (about as long as running it),
-- because its estimate of the plan for unknown values (the window's LIMIT taken as a tenth of the table) was far
-- above the plan for the values at hand — though both are the same plan: an index-only scan of the newest entries
-- from the cursor on, each one's actor looked up among the reader's follows. The generic plan is right for every
-- reader and cursor, so this statement alone is told to use it (PL/pgSQL keeps it per connection); a setting for
-- the whole connection would also fix the per-followee query's plan, which does depend on the reader.
CREATE FUNCTION followings_recent_window(reader_id    bigint,
                                         before_time  timestamptz,
                                         before_id    bigint,
                                         up_to        bigint,
                                         any_type     boolean,
                                         wanted_types text[],
                                         page_size    integer,
                                         window_size  integer)
    RETURNS SETOF member_activities
    LANGUAGE plpgsql STABLE
    SET plan_cache_mode = force_generic_plan
AS $$
BEGIN
    RETURN QUERY
    WITH recent AS (
        SELECT a.id, a.occurred_at, a.actor_id, a.type
          FROM member_activities a
         WHERE (a.occurred_at, a.id) < (before_time, before_id)
           AND a.id <= up_to
         ORDER BY a.occurred_at DESC, a.id DESC
         LIMIT window_size),
    page AS (
        SELECT r.id, r.occurred_at
          FROM recent r
         WHERE r.actor_id IN (SELECT f.followee_id FROM follows f WHERE f.follower_id = reader_id AND f.following)
           AND (any_type OR r.type = ANY (wanted_types))
         ORDER BY r.occurred_at DESC, r.id DESC
         LIMIT page_size)
    SELECT a.*
      FROM page JOIN member_activities a ON a.id = page.id
     ORDER BY page.occurred_at DESC, page.id DESC;
END
$$;
