-- Scheduled background work, run once per slot across every instance (SQLite). Mirrors
-- ../postgres/0020_job_runs.sql.
--
-- A run (the nightly data-quality checks of one date, say) is claimed by one instance with a
-- compare-and-set: state 'running' until claimed_until, then 'done', or 'failed' with a time to
-- try again (next_at), or 'dead' after its last attempt: the dead-letter list administrators
-- see, where they can send it back. last_error says what went wrong in words without personal
-- data.
CREATE TABLE job_runs (
    job           TEXT NOT NULL,
    slot          TEXT NOT NULL,
    state         TEXT NOT NULL CHECK (state IN ('running', 'done', 'failed', 'dead')),
    attempts      INTEGER NOT NULL,
    claimed_until TEXT NOT NULL,
    next_at       TEXT,
    finished_at   TEXT,
    last_error    TEXT,
    PRIMARY KEY (job, slot)
) STRICT;
CREATE INDEX job_runs_state ON job_runs (state);
