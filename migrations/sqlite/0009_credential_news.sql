-- News about a person's credentials (issued, suspended, reinstated, revoked) in "My messages"
-- (SQLite). Mirrors ../postgres/0009_credential_news.sql.

-- The credential a notification is about (NULL: it is about a request or an appointment).
ALTER TABLE notifications ADD COLUMN credential_id BLOB REFERENCES credentials (id);

-- The header counts a person's unread messages on every page.
CREATE INDEX notifications_unread ON notifications (person_id) WHERE read_at IS NULL;
