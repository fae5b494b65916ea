-- Verifiable credentials: the issuer's keys, issued credentials with their status, and API
-- tokens of partner systems (PostgreSQL). Mirrors ../sqlite/0005_credentials.sql.

CREATE TABLE issuer_keys (
    kid         TEXT PRIMARY KEY CHECK (length(kid) BETWEEN 1 AND 64),
    public_key  TEXT NOT NULL UNIQUE,
    created_at  TIMESTAMPTZ NOT NULL,
    retired_at  TIMESTAMPTZ
);

CREATE TABLE credentials (
    id                 UUID PRIMARY KEY,
    kind               TEXT NOT NULL CHECK (kind IN ('registration', 'household', 'external')),
    person_id          UUID REFERENCES people (id),
    household_id       UUID REFERENCES households (id),
    record_version     BIGINT,
    status_index       BIGINT NOT NULL UNIQUE CHECK (status_index >= 0),
    issuer             TEXT NOT NULL,
    kid                TEXT NOT NULL REFERENCES issuer_keys (kid),
    issued_at          TIMESTAMPTZ NOT NULL,
    valid_until        TIMESTAMPTZ,
    status             TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'suspended', 'revoked')),
    status_reason      TEXT,
    status_changed_at  TIMESTAMPTZ,
    document_rdfc      TEXT,
    document_jcs       TEXT,
    document_jwt       TEXT,
    row_version        BIGINT NOT NULL DEFAULT 1,
    CHECK ((kind = 'external') = (person_id IS NULL))
);
CREATE INDEX credentials_person ON credentials (person_id, kind, status);
CREATE INDEX credentials_household ON credentials (household_id, kind, status);
CREATE INDEX credentials_status ON credentials (status) WHERE status <> 'active';

CREATE TABLE api_tokens (
    id            UUID PRIMARY KEY,
    token_hash    TEXT NOT NULL UNIQUE,
    scopes        TEXT NOT NULL,
    label         TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    last_used_at  TIMESTAMPTZ,
    revoked_at    TIMESTAMPTZ
);
