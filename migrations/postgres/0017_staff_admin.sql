-- Staff accounts administered at /staff/admin (postgres). Mirrors ../sqlite/0017_staff_admin.sql.
--
-- An account is active, suspended (`active` false, `ended_at` empty: it can be reinstated) or
-- ended (`ended_at` set: it never signs in again; the row stays for the audit trail).
ALTER TABLE staff ADD COLUMN ended_at TIMESTAMPTZ;
ALTER TABLE staff ADD COLUMN changed_at TIMESTAMPTZ;
ALTER TABLE staff ADD CONSTRAINT staff_ended_is_inactive CHECK (ended_at IS NULL OR NOT active);
