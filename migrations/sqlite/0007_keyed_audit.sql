-- The keyed audit chain (SQLite). Mirrors ../postgres/0007_keyed_audit.sql.

-- The office a staff member acted from, a column of its own so the row's hash covers it.
ALTER TABLE audit_events ADD COLUMN office TEXT;

-- Rows from keyed_from on are linked by an HMAC under the key in the data directory; rows
-- written before this migration keep their unkeyed SHA-256 links. Signed checkpoints record
-- the value, so moving it is detected. (SQLite has no TRUNCATE; the delete trigger holds.)
ALTER TABLE audit_head ADD COLUMN keyed_from INTEGER NOT NULL DEFAULT 1;
UPDATE audit_head SET keyed_from = last_seq + 1;
