-- Data-quality findings (postgres). Mirrors ../sqlite/0015_quality.sql.
--
-- One row per rule and set of records (subject: their registration numbers). fingerprint is
-- the hash of those records' versions and households when the finding was made: a finding
-- staff closed (resolved, false_positive) is not reopened while it stays the same. Open
-- findings that a later run no longer makes are deleted; decided ones stay as the record of
-- the decision (also in the audit trail). No value of a record is stored here.
CREATE TABLE quality_findings (
    id           UUID PRIMARY KEY,
    rule         TEXT NOT NULL CHECK (rule IN ('missing-field', 'born-in-future', 'too-old', 'child-older-than-parent', 'household-principal', 'shared-contact', 'likely-duplicate')),
    subject      TEXT NOT NULL,
    office_code  TEXT NOT NULL REFERENCES offices (code),
    fingerprint  TEXT NOT NULL,
    score        BIGINT CHECK (score IS NULL OR score BETWEEN 0 AND 100),
    status       TEXT NOT NULL CHECK (status IN ('open', 'resolved', 'false_positive', 'escalated')),
    found_at     TIMESTAMPTZ NOT NULL,
    decided_at   TIMESTAMPTZ,
    decided_by   UUID REFERENCES staff (id),
    UNIQUE (rule, subject)
);
CREATE INDEX quality_findings_office ON quality_findings (office_code, status, rule);
