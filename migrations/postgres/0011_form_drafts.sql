-- What a form held when it was sent back with an error, so the page can show it again instead of
-- wiping it (postgres). Mirrors ../sqlite/0011_form_drafts.sql.
--
-- A draft belongs to one browser (holder: the hash of its draft cookie) and to the account that
-- was signed in when it was kept (principal, '' when none); it lives an hour at most and goes as
-- soon as the form is sent successfully. One draft per browser and form.
CREATE TABLE form_drafts (
    holder      TEXT NOT NULL,
    form        TEXT NOT NULL,
    principal   TEXT NOT NULL,
    fields      TEXT NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (holder, form)
);
-- Housekeeping deletes the expired ones, and the number of live drafts is bounded.
CREATE INDEX form_drafts_expiry ON form_drafts (expires_at);

-- Files attached to a kept form that passed the document checks (type and size), in order.
CREATE TABLE form_draft_files (
    holder      TEXT NOT NULL,
    form        TEXT NOT NULL,
    position    BIGINT NOT NULL,
    media_type  TEXT NOT NULL,
    bytes       BYTEA NOT NULL,
    PRIMARY KEY (holder, form, position),
    FOREIGN KEY (holder, form) REFERENCES form_drafts (holder, form) ON DELETE CASCADE
);
