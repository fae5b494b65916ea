-- Counters that tell a portal instance, in one small query, whether what it keeps in memory
-- is still current (SQLite). Mirrors ../postgres/0021_change_counters.sql.
--
-- credential_status: goes up whenever a credential's status changes or a credential is
-- deleted, so the status lists an instance decoded for verifying are rebuilt only then.
-- issuer_keys: goes up whenever an issuer key is added, retired or removed (also by
-- `portal keys …` in another process), so the issuer is reloaded only then.
--
-- Triggers keep them, so no code path that writes these tables can forget to.
CREATE TABLE change_counters (
    name  TEXT PRIMARY KEY CHECK (name IN ('credential_status', 'issuer_keys')),
    value INTEGER NOT NULL
) STRICT;
INSERT INTO change_counters (name, value) VALUES ('credential_status', 0), ('issuer_keys', 0);

CREATE TRIGGER credential_status_changed AFTER UPDATE OF status ON credentials
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'credential_status';
END;
CREATE TRIGGER credential_deleted AFTER DELETE ON credentials
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'credential_status';
END;
CREATE TRIGGER issuer_key_added AFTER INSERT ON issuer_keys
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'issuer_keys';
END;
CREATE TRIGGER issuer_key_changed AFTER UPDATE ON issuer_keys
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'issuer_keys';
END;
CREATE TRIGGER issuer_key_removed AFTER DELETE ON issuer_keys
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = 'issuer_keys';
END;
