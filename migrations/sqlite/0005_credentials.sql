-- Verifiable credentials: the issuer's keys, issued credentials with their status, and API
-- tokens of partner systems (SQLite). Mirrors ../postgres/0005_credentials.sql.

-- The public half and lifecycle of each issuer key. The private half is a 0600 file in the keys
-- folder, never in the database. The newest key that is not retired signs new credentials.
CREATE TABLE issuer_keys (
    kid         TEXT PRIMARY KEY CHECK (length(kid) BETWEEN 1 AND 64),
    public_key  TEXT NOT NULL UNIQUE,
    created_at  TEXT NOT NULL,
    retired_at  TEXT
) STRICT;

-- Every credential the portal signed. status_index is the credential's position in the
-- revocation and the suspension status lists (list = index / 131072); chosen at random so the
-- position tells nothing about the order of issue.
CREATE TABLE credentials (
    id                 BLOB PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('registration', 'household', 'external')),
    person_id          BLOB REFERENCES people (id),
    household_id       BLOB REFERENCES households (id),
    record_version     INTEGER,
    status_index       INTEGER NOT NULL UNIQUE CHECK (status_index >= 0),
    issuer             TEXT NOT NULL,
    kid                TEXT NOT NULL REFERENCES issuer_keys (kid),
    issued_at          TEXT NOT NULL,
    valid_until        TEXT,
    status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
    status_reason      TEXT,
    status_changed_at  TEXT,
    document_rdfc      TEXT,
    document_jcs       TEXT,
    document_jwt       TEXT,
    row_version        INTEGER NOT NULL DEFAULT 1,
    CHECK ((kind = 'external') = (person_id IS NULL))
) STRICT;
CREATE INDEX credentials_person ON credentials (person_id, kind, status);
CREATE INDEX credentials_household ON credentials (household_id, kind, status);
CREATE INDEX credentials_status ON credentials (status) WHERE status <> 'active';

-- Tokens of partner systems for the VC-API (issue, change status). Only a SHA-256 of the token
-- is kept; the token is shown once, when an admin creates it.
CREATE TABLE api_tokens (
    id          BLOB PRIMARY KEY,
    token_hash  TEXT NOT NULL UNIQUE,
    scopes      TEXT NOT NULL,
    label       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at  TEXT
) STRICT;
