-- Passkeys, enrollment invitations and server-side sessions (SQLite).
-- Mirrors ../postgres/0002_passkeys_sessions.sql.

-- WebAuthn user handles: random per account, never derived from the registration number.
ALTER TABLE people ADD COLUMN webauthn_user_id BLOB;
ALTER TABLE staff ADD COLUMN webauthn_user_id BLOB;
CREATE UNIQUE INDEX people_webauthn_user_id ON people (webauthn_user_id);
CREATE UNIQUE INDEX staff_webauthn_user_id ON staff (webauthn_user_id);

CREATE TABLE passkeys (
    id             BLOB PRIMARY KEY,
    credential_id  BLOB NOT NULL UNIQUE,
    person_id      BLOB REFERENCES people (id),
    staff_id       BLOB REFERENCES staff (id),
    name           TEXT NOT NULL,
    -- webauthn-rs' credential: public key, signature counter, backup flags. No secret.
    credential     TEXT NOT NULL,
    created_at     TEXT NOT NULL,
    last_used_at   TEXT,
    CHECK ((person_id IS NULL) <> (staff_id IS NULL))
) STRICT;
CREATE INDEX passkeys_person ON passkeys (person_id);
CREATE INDEX passkeys_staff ON passkeys (staff_id);

CREATE TABLE enrollment_invitations (
    id               BLOB PRIMARY KEY,
    token_hash       TEXT NOT NULL UNIQUE,
    code_hash        TEXT NOT NULL UNIQUE,
    person_id        BLOB REFERENCES people (id),
    staff_id         BLOB REFERENCES staff (id),
    created_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    consumed_at      TEXT,
    failed_attempts  INTEGER NOT NULL DEFAULT 0 CHECK (failed_attempts >= 0),
    CHECK ((person_id IS NULL) <> (staff_id IS NULL))
) STRICT;

CREATE TABLE sessions (
    id_hash            TEXT PRIMARY KEY,
    person_id          BLOB REFERENCES people (id),
    staff_id           BLOB REFERENCES staff (id),
    created_at         TEXT NOT NULL,
    last_seen_at       TEXT NOT NULL,
    expires_at         TEXT NOT NULL,
    authenticated_at   TEXT,
    -- A WebAuthn ceremony in progress (JSON), single-use, with its own deadline.
    ceremony           TEXT,
    ceremony_expires_at TEXT,
    -- An invitation whose answers were checked, waiting for its passkey.
    invitation_id      BLOB REFERENCES enrollment_invitations (id),
    CHECK (person_id IS NULL OR staff_id IS NULL)
) STRICT;
CREATE INDEX sessions_person ON sessions (person_id);
CREATE INDEX sessions_staff ON sessions (staff_id);
CREATE INDEX sessions_expires ON sessions (expires_at);
