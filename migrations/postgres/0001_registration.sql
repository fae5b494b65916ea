-- Registration records, staff and the append-only audit trail (PostgreSQL).
-- Mirrors ../sqlite/0001_registration.sql; types differ, meaning does not.

CREATE TABLE offices (
    code        TEXT PRIMARY KEY CHECK (length(code) = 3 AND code = upper(code)),
    name        TEXT NOT NULL,
    time_zone   TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE households (
    id           UUID PRIMARY KEY,
    case_number  TEXT NOT NULL UNIQUE,
    office_code  TEXT NOT NULL REFERENCES offices (code),
    created_at   TIMESTAMPTZ NOT NULL
);

CREATE TABLE people (
    id                       UUID PRIMARY KEY,
    registration_number      TEXT NOT NULL UNIQUE,
    household_id             UUID NOT NULL REFERENCES households (id),
    relationship             TEXT NOT NULL CHECK (relationship IN ('principal', 'spouse', 'child', 'parent', 'sibling', 'grandchild', 'grandparent', 'other_relative', 'non_relative')),
    given_name               TEXT NOT NULL,
    family_name              TEXT NOT NULL,
    given_name_original      TEXT,
    family_name_original     TEXT,
    sex                      TEXT NOT NULL CHECK (sex IN ('female', 'male', 'other', 'unknown')),
    date_of_birth            DATE NOT NULL,
    date_of_birth_estimated  BOOLEAN NOT NULL,
    country_of_origin        TEXT NOT NULL,
    nationality              TEXT NOT NULL,
    languages                JSONB NOT NULL DEFAULT '[]',
    phone                    TEXT,
    email                    TEXT,
    address                  TEXT,
    registration_status      TEXT NOT NULL CHECK (registration_status IN ('active', 'inactive', 'closed')),
    specific_needs           JSONB NOT NULL DEFAULT '[]',
    photo_sha256             TEXT,
    record_version           BIGINT NOT NULL DEFAULT 1 CHECK (record_version >= 1),
    created_at               TIMESTAMPTZ NOT NULL,
    updated_at               TIMESTAMPTZ NOT NULL
);

CREATE UNIQUE INDEX people_one_principal ON people (household_id) WHERE relationship = 'principal';
CREATE INDEX people_household ON people (household_id);
CREATE INDEX people_family_name ON people (lower(family_name), lower(given_name));
CREATE INDEX people_family_name_original ON people (family_name_original);

CREATE TABLE staff (
    id            UUID PRIMARY KEY,
    email         TEXT NOT NULL,
    display_name  TEXT NOT NULL,
    office_code   TEXT REFERENCES offices (code),
    active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at    TIMESTAMPTZ NOT NULL
);
CREATE UNIQUE INDEX staff_email ON staff (lower(email));

CREATE TABLE staff_roles (
    staff_id  UUID NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    role      TEXT NOT NULL CHECK (role IN ('clerk', 'approver', 'admin')),
    PRIMARY KEY (staff_id, role)
);

CREATE TABLE import_batches (
    id           UUID PRIMARY KEY,
    file_sha256  TEXT NOT NULL UNIQUE,
    row_count    BIGINT NOT NULL,
    imported_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE audit_events (
    seq           BIGINT PRIMARY KEY,
    occurred_at   TIMESTAMPTZ NOT NULL,
    actor_kind    TEXT NOT NULL CHECK (actor_kind IN ('staff', 'person', 'api_client', 'system')),
    actor_id      TEXT,
    actor_role    TEXT,
    action        TEXT NOT NULL,
    subject_kind  TEXT,
    subject_id    TEXT,
    request_id    TEXT,
    source        TEXT,
    details       JSONB NOT NULL DEFAULT '{}',
    prev_hash     TEXT NOT NULL,
    hash          TEXT NOT NULL
);
CREATE INDEX audit_events_subject ON audit_events (subject_kind, subject_id, seq);

CREATE TABLE audit_head (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    last_seq   BIGINT NOT NULL,
    last_hash  TEXT NOT NULL
);
INSERT INTO audit_head (id, last_seq, last_hash)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000');

CREATE FUNCTION audit_events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit_events is append-only';
END;
$$;
CREATE TRIGGER audit_events_no_update BEFORE UPDATE OR DELETE ON audit_events
FOR EACH ROW EXECUTE FUNCTION audit_events_append_only();
