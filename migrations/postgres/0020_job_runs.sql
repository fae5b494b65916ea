-- Scheduled background work, run once per slot across every instance (PostgreSQL). Mirrors
-- ../sqlite/0020_job_runs.sql.
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
    attempts      BIGINT NOT NULL,
    claimed_until TIMESTAMPTZ NOT NULL,
    next_at       TIMESTAMPTZ,
    finished_at   TIMESTAMPTZ,
    last_error    TEXT,
    PRIMARY KEY (job, slot)
);
CREATE INDEX job_runs_state ON job_runs (state);
