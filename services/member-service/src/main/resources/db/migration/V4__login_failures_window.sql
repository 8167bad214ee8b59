-- Ended windows are deleted every minute (LoginThrottle.forgetExpiredFailures); this keeps that from scanning the table.
CREATE INDEX login_failures_window_start ON login_failures (window_start);
