-- Help for everyone: each location's public phone, and the complaints and feedback people send
-- from /help, signed in or not (sqlite). Mirrors ../postgres/0010_help.sql.

-- The number people may call about a location (shown on /help as a tel: link); '' when none.
ALTER TABLE locations ADD COLUMN phone TEXT NOT NULL DEFAULT '';

-- A complaint or a word of feedback. Anonymous unless the sender was signed in (person_id) or
-- left a way to reach them (contact). The reference is what the sender keeps.
CREATE TABLE feedback (
    id           BLOB PRIMARY KEY,
    reference    TEXT NOT NULL UNIQUE,
    kind         TEXT NOT NULL CHECK (kind IN ('complaint', 'feedback')),
    office_code  TEXT REFERENCES offices (code),
    body         TEXT NOT NULL,
    contact      TEXT,
    person_id    BLOB REFERENCES people (id),
    created_at   TEXT NOT NULL
) STRICT;
CREATE INDEX feedback_office ON feedback (office_code, created_at);
-- Every send counts the last 24 hours (the bound on anonymous senders).
CREATE INDEX feedback_created ON feedback (created_at);
