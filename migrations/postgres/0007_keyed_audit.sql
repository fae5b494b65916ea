-- The keyed audit chain (PostgreSQL). Mirrors ../sqlite/0007_keyed_audit.sql.

-- The office a staff member acted from, a column of its own so the row's hash covers it.
ALTER TABLE audit_events ADD COLUMN office TEXT;

-- Rows from keyed_from on are linked by an HMAC under the key in the data directory; rows
-- written before this migration keep their unkeyed SHA-256 links. Signed checkpoints record
-- the value, so moving it is detected.
ALTER TABLE audit_head ADD COLUMN keyed_from BIGINT NOT NULL DEFAULT 1;
UPDATE audit_head SET keyed_from = last_seq + 1;

-- TRUNCATE skips row triggers: a statement trigger refuses it.
CREATE TRIGGER audit_events_no_truncate BEFORE TRUNCATE ON audit_events
FOR EACH STATEMENT EXECUTE FUNCTION audit_events_append_only();

-- Nobody, the application's own role included, is granted changes to written rows. (The owner
-- of a table could grant them back, and a superuser ignores grants: run the portal as a role
-- that owns nothing, as the README says; the triggers hold for every role.)
REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM PUBLIC;
DO $$
BEGIN
    EXECUTE format('REVOKE UPDATE, DELETE, TRUNCATE ON audit_events FROM %I', current_user);
END;
$$;
