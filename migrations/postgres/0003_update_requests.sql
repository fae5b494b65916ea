-- Update requests, supporting documents, record history and notifications (PostgreSQL).
-- Mirrors ../sqlite/0003_update_requests.sql.

-- A staff member who is registered themselves (community workers often are): they may never
-- decide a request about their own household.
ALTER TABLE staff ADD COLUMN person_id UUID REFERENCES people (id);

CREATE TABLE update_requests (
    id                UUID PRIMARY KEY,
    household_id      UUID NOT NULL REFERENCES households (id),
    person_id         UUID NOT NULL REFERENCES people (id),
    office_code       TEXT NOT NULL REFERENCES offices (code),
    kind              TEXT NOT NULL CHECK (kind IN ('contact', 'correction', 'birth', 'marriage', 'death', 'departure')),
    sensitive         BOOLEAN NOT NULL,
    status            TEXT NOT NULL CHECK (status IN ('submitted', 'under_review', 'needs_info', 'approved', 'partly_approved', 'rejected', 'cancelled')),
    changes           JSONB NOT NULL,
    base_versions     JSONB NOT NULL,
    reason            TEXT,
    maker_kind        TEXT NOT NULL CHECK (maker_kind IN ('person', 'staff')),
    maker_id          UUID NOT NULL,
    recommendation    JSONB,
    decision          JSONB,
    question          TEXT,
    answer            TEXT,
    -- Bumped by every state change: two reviewers acting at once cannot both win.
    row_version       BIGINT NOT NULL DEFAULT 1,
    created_at        TIMESTAMPTZ NOT NULL,
    updated_at        TIMESTAMPTZ NOT NULL,
    decided_at        TIMESTAMPTZ
);
CREATE INDEX update_requests_queue ON update_requests (status, created_at);
CREATE INDEX update_requests_household ON update_requests (household_id, created_at);

-- What happened to a request, in order, as the person and staff see it (roles, never names).
CREATE TABLE request_events (
    request_id   UUID NOT NULL REFERENCES update_requests (id),
    seq          BIGINT NOT NULL,
    occurred_at  TIMESTAMPTZ NOT NULL,
    actor_kind   TEXT NOT NULL CHECK (actor_kind IN ('person', 'staff')),
    actor_role   TEXT,
    action       TEXT NOT NULL,
    status       TEXT NOT NULL,
    note         TEXT,
    PRIMARY KEY (request_id, seq)
);

-- Documents are stored as files named by their SHA-256 (see server/src/documents.rs).
CREATE TABLE documents (
    sha256      TEXT PRIMARY KEY CHECK (length(sha256) = 64),
    media_type  TEXT NOT NULL CHECK (media_type IN ('image/jpeg', 'image/png', 'image/webp', 'application/pdf')),
    size_bytes  BIGINT NOT NULL CHECK (size_bytes > 0),
    created_at  TIMESTAMPTZ NOT NULL
);

CREATE TABLE request_documents (
    request_id  UUID NOT NULL REFERENCES update_requests (id),
    sha256      TEXT NOT NULL REFERENCES documents (sha256),
    added_at    TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (request_id, sha256)
);
CREATE INDEX request_documents_sha256 ON request_documents (sha256);

-- Every version of every record that a request changed, as it was after the change.
CREATE TABLE person_versions (
    person_id    UUID NOT NULL REFERENCES people (id),
    version      BIGINT NOT NULL,
    record       JSONB NOT NULL,
    request_id   UUID REFERENCES update_requests (id),
    recorded_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (person_id, version)
);

-- What the person is told in the portal; mail delivery is tracked on the same row so a mail
-- that failed is retried and never lost.
CREATE TABLE notifications (
    id             UUID PRIMARY KEY,
    person_id      UUID NOT NULL REFERENCES people (id),
    request_id     UUID REFERENCES update_requests (id),
    kind           TEXT NOT NULL,
    status         TEXT,
    created_at     TIMESTAMPTZ NOT NULL,
    read_at        TIMESTAMPTZ,
    mail_state     TEXT NOT NULL CHECK (mail_state IN ('pending', 'sent', 'no_address', 'failed')),
    mail_attempts  BIGINT NOT NULL DEFAULT 0,
    mail_next_at   TIMESTAMPTZ
);
CREATE INDEX notifications_person ON notifications (person_id, created_at);
CREATE INDEX notifications_mail ON notifications (mail_state, mail_next_at);
