-- Trusted helpers (postgres). Mirrors ../sqlite/0013_trusted_helpers.sql.
--
-- A person lets a helper act for them within limits, until a date. It starts as an invitation:
-- the helper enters a one-time code (kept here as its hash only) while signed in with their
-- own passkey, which fills helper_id. Either side or the office ends it (ended_at, ended_by).
CREATE TABLE delegations (
    id               UUID PRIMARY KEY,
    person_id        UUID NOT NULL REFERENCES people (id),
    helper_id        UUID REFERENCES people (id),
    helper_label     TEXT NOT NULL,
    may_book         BOOLEAN NOT NULL,
    may_request      BOOLEAN NOT NULL,
    code_hash        TEXT UNIQUE,
    code_expires_at  TIMESTAMPTZ,
    created_at       TIMESTAMPTZ NOT NULL,
    accepted_at      TIMESTAMPTZ,
    expires_at       TIMESTAMPTZ NOT NULL,
    ended_at         TIMESTAMPTZ,
    ended_by         TEXT CHECK (ended_by IN ('person', 'helper', 'staff')),
    CHECK (helper_id IS NULL OR helper_id <> person_id)
);
CREATE INDEX delegations_person ON delegations (person_id, created_at);
CREATE INDEX delegations_helper ON delegations (helper_id, created_at);

-- A helper's session acting for someone: the delegation it acts under (checked at every
-- request; cleared when the delegation is no longer live).
ALTER TABLE sessions ADD COLUMN acting_for UUID REFERENCES delegations (id);
