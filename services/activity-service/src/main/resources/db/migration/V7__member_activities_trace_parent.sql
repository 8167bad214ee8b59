-- The trace of the write an activity comes from (the W3C traceparent of its ingest span), so that its delivery to
-- the live streams, by whichever instance tails the stream order, joins that trace. Null for activities stored before,
-- registered over HTTP, or sent without a trace.
ALTER TABLE member_activities ADD COLUMN trace_parent text;
