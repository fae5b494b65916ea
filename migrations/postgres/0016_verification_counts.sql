-- Checks of credentials by the verifier, counted (postgres). Mirrors ../sqlite/0016_verification_counts.sql.
--
-- One row per UTC day and outcome (genuine, revoked, forged, …) with how many checks had it:
-- the reports' "credentials verified". Nothing about a check is kept but its outcome and day
-- (no credential, person, address or time of day).
CREATE TABLE verification_counts (
    day      DATE NOT NULL,
    outcome  TEXT NOT NULL,
    checks   BIGINT NOT NULL CHECK (checks >= 0),
    PRIMARY KEY (day, outcome)
);

-- Reports count by day over a period.
CREATE INDEX people_created ON people (created_at);
CREATE INDEX update_requests_decided ON update_requests (decided_at) WHERE decided_at IS NOT NULL;
CREATE INDEX credentials_issued ON credentials (issued_at);
CREATE INDEX slots_starts ON slots (starts_at);
