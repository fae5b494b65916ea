-- Staff accounts administered at /staff/admin (SQLite). Mirrors ../postgres/0017_staff_admin.sql.
--
-- An account is active, suspended (`active` 0, `ended_at` empty: it can be reinstated) or
-- ended (`ended_at` set: it never signs in again; the row stays for the audit trail).
ALTER TABLE staff ADD COLUMN ended_at TEXT;
ALTER TABLE staff ADD COLUMN changed_at TEXT;
