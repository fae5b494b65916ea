-- Passkeys, enrollment invitations and server-side sessions (PostgreSQL).
-- Mirrors ../sqlite/0002_passkeys_sessions.sql.

ALTER TABLE people ADD COLUMN webauthn_user_id UUID;
ALTER TABLE staff ADD COLUMN webauthn_user_id UUID;
CREATE UNIQUE INDEX people_webauthn_user_id ON people (webauthn_user_id);
CREATE UNIQUE INDEX staff_webauthn_user_id ON staff (webauthn_user_id);

CREATE TABLE passkeys (
    id             UUID PRIMARY KEY,
    credential_id  BYTEA NOT NULL UNIQUE,
    person_id      UUID REFERENCES people (id),
    staff_id       UUID REFERENCES staff (id),
    name           TEXT NOT NULL,
    credential     TEXT NOT NULL,
    created_at     TIMESTAMPTZ NOT NULL,
    last_used_at   TIMESTAMPTZ,
    CHECK ((person_id IS NULL) <> (staff_id IS NULL))
);
CREATE INDEX passkeys_person ON passkeys (person_id);
CREATE INDEX passkeys_staff ON passkeys (staff_id);

CREATE TABLE enrollment_invitations (
    id               UUID PRIMARY KEY,
    token_hash       TEXT NOT NULL UNIQUE,
    code_hash        TEXT NOT NULL UNIQUE,
    person_id        UUID REFERENCES people (id),
    staff_id         UUID REFERENCES staff (id),
    created_at       TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    consumed_at      TIMESTAMPTZ,
    failed_attempts  BIGINT NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    CHECK ((person_id IS NULL) <> (staff_id IS NULL))
);

CREATE TABLE sessions (
    id_hash             TEXT PRIMARY KEY,
    person_id           UUID REFERENCES people (id),
    staff_id            UUID REFERENCES staff (id),
    created_at          TIMESTAMPTZ NOT NULL,
    last_seen_at        TIMESTAMPTZ NOT NULL,
    expires_at          TIMESTAMPTZ NOT NULL,
    authenticated_at    TIMESTAMPTZ,
    ceremony            TEXT,
    ceremony_expires_at TIMESTAMPTZ,
    invitation_id       UUID REFERENCES enrollment_invitations (id),
    CHECK (person_id IS NULL OR staff_id IS NULL)
);
CREATE INDEX sessions_person ON sessions (person_id);
CREATE INDEX sessions_staff ON sessions (staff_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
