-- Failed logins per handle in the current window: past the limit, logins for that handle are refused (429)
-- until the window ends. Kept for unknown handles too, so the answer does not tell which handles exist.
CREATE TABLE login_failures (
    handle       text        PRIMARY KEY,
    window_start timestamptz NOT NULL,
    failures     integer     NOT NULL
);
