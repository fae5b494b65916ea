-- Trusted helpers (sqlite). Mirrors ../postgres/0013_trusted_helpers.sql.
--
-- A person lets a helper act for them within limits, until a date. It starts as an invitation:
-- the helper enters a one-time code (kept here as its hash only) while signed in with their
-- own passkey, which fills helper_id. Either side or the office ends it (ended_at, ended_by).
CREATE TABLE delegations (
    id               BLOB PRIMARY KEY,
    person_id        BLOB NOT NULL REFERENCES people (id),
    helper_id        BLOB REFERENCES people (id),
    helper_label     TEXT NOT NULL,
    may_book         INTEGER NOT NULL CHECK (may_book IN (0, 1)),
    may_request      INTEGER NOT NULL CHECK (may_request IN (0, 1)),
    code_hash        TEXT UNIQUE,
    code_expires_at  TEXT,
    created_at       TEXT NOT NULL,
    accepted_at      TEXT,
    expires_at       TEXT NOT NULL,
    ended_at         TEXT,
    ended_by         TEXT CHECK (ended_by IN ('person', 'helper', 'staff')),
    CHECK (helper_id IS NULL OR helper_id <> person_id)
) STRICT;
CREATE INDEX delegations_person ON delegations (person_id, created_at);
CREATE INDEX delegations_helper ON delegations (helper_id, created_at);

-- A helper's session acting for someone: the delegation it acts under (checked at every
-- request; cleared when the delegation is no longer live).
ALTER TABLE sessions ADD COLUMN acting_for BLOB REFERENCES delegations (id);
