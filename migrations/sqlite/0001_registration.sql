-- Registration records, staff and the append-only audit trail (SQLite).
-- Mirrors ../postgres/0001_registration.sql; types differ, meaning does not.
-- Ids are UUIDs stored as 16-byte blobs; times are RFC 3339 text in UTC; dates are YYYY-MM-DD.

CREATE TABLE offices (
    code        TEXT PRIMARY KEY CHECK (length(code) = 3 AND code = upper(code)),
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    created_at  TEXT NOT NULL
) STRICT;

CREATE TABLE households (
    id           BLOB PRIMARY KEY,
    case_number  TEXT NOT NULL UNIQUE,
    office_code  TEXT NOT NULL REFERENCES offices (code),
    created_at   TEXT NOT NULL
) STRICT;

CREATE TABLE people (
    id                       BLOB PRIMARY KEY,
    registration_number      TEXT NOT NULL UNIQUE,
    household_id             BLOB NOT NULL REFERENCES households (id),
    relationship             TEXT NOT NULL CHECK (relationship IN ('principal', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'grandparent', 'other_relative', 'non_relative')),
    given_name               TEXT NOT NULL,
    family_name              TEXT NOT NULL,
    given_name_original      TEXT,
    family_name_original     TEXT,
    sex                      TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    date_of_birth            TEXT NOT NULL,
    date_of_birth_estimated  INTEGER NOT NULL CHECK (date_of_birth_estimated IN (0, 1)),
    country_of_origin        TEXT NOT NULL,
    nationality              TEXT NOT NULL,
    languages                TEXT NOT NULL DEFAULT '[]',
    phone                    TEXT,
    email                    TEXT,
    address                  TEXT,
    registration_status      TEXT NOT NULL CHECK (registration_status IN ('active', 'inactive', 'closed')),
    specific_needs           TEXT NOT NULL DEFAULT '[]',
    photo_sha256             TEXT,
    record_version           INTEGER NOT NULL DEFAULT 1 CHECK (record_version >= 1),
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL
) STRICT;

-- Only one principal applicant per household.
CREATE UNIQUE INDEX people_one_principal ON people (household_id) WHERE relationship = 'principal';
CREATE INDEX people_household ON people (household_id);
-- Name search (Latin and original script) without a full scan of the registration number index.
CREATE INDEX people_family_name ON people (family_name COLLATE NOCASE, given_name COLLATE NOCASE);
CREATE INDEX people_family_name_original ON people (family_name_original);

CREATE TABLE staff (
    id            BLOB PRIMARY KEY,
    email         TEXT NOT NULL UNIQUE COLLATE NOCASE,
    display_name  TEXT NOT NULL,
    office_code   TEXT REFERENCES offices (code),
    active        INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at    TEXT NOT NULL
) STRICT;

CREATE TABLE staff_roles (
    staff_id  BLOB NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('clerk', 'approver', 'admin')),
    PRIMARY KEY (staff_id, role)
) STRICT;

-- One row per imported file; re-importing the same bytes is a no-op.
CREATE TABLE import_batches (
    id           BLOB PRIMARY KEY,
    file_sha256  TEXT NOT NULL UNIQUE,
    row_count    INTEGER NOT NULL,
    imported_at  TEXT NOT NULL
) STRICT;

-- The audit trail: append-only, hash-chained (see server/src/domain/audit.rs).
CREATE TABLE audit_events (
    seq           INTEGER PRIMARY KEY,
    occurred_at   TEXT NOT NULL,
    actor_kind    TEXT NOT NULL CHECK (actor_kind IN ('staff', 'person', 'api_client', 'system')),
    actor_id      TEXT,
    actor_role    TEXT,
    action        TEXT NOT NULL,
    subject_kind  TEXT,
    subject_id    TEXT,
    request_id    TEXT,
    source        TEXT,
    details       TEXT NOT NULL DEFAULT '{}',
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
) STRICT;
CREATE INDEX audit_events_subject ON audit_events (subject_kind, subject_id, seq);

-- The head of the chain: updating it first serialises appends, so the chain never forks.
CREATE TABLE audit_head (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq   INTEGER NOT NULL,
    last_hash  TEXT NOT NULL
) STRICT;
INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END;
