-- Counters that tell a portal instance, in one small query, whether what it keeps in memory
-- is still current (PostgreSQL). Mirrors ../sqlite/0021_change_counters.sql.
--
-- credential_status: goes up whenever a credential's status changes or a credential is
-- deleted, so the status lists an instance decoded for verifying are rebuilt only then.
-- issuer_keys: goes up whenever an issuer key is added, retired or removed (also by
-- `portal keys …` in another process or by another instance), so the issuer is reloaded
-- only then.
--
-- Triggers keep them, so no code path that writes these tables can forget to. They run once
-- per statement: a statement that revokes many credentials counts one change.
CREATE TABLE change_counters (
    name  TEXT PRIMARY KEY CHECK (name IN ('credential_status', 'issuer_keys')),
    value BIGINT NOT NULL
);
INSERT INTO change_counters (name, value) VALUES ('credential_status', 0), ('issuer_keys', 0);

CREATE FUNCTION count_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE change_counters SET value = value + 1 WHERE name = TG_ARGV[0];
    RETURN NULL;
END;
$$;

CREATE TRIGGER credential_status_changed AFTER UPDATE OF status ON credentials
    FOR EACH STATEMENT EXECUTE FUNCTION count_change('credential_status');
CREATE TRIGGER credential_deleted AFTER DELETE ON credentials
    FOR EACH STATEMENT EXECUTE FUNCTION count_change('credential_status');
CREATE TRIGGER issuer_keys_changed AFTER INSERT OR UPDATE OR DELETE ON issuer_keys
    FOR EACH STATEMENT EXECUTE FUNCTION count_change('issuer_keys');

-- The attempt budgets and the verifier page's few-minute results are worth nothing after a
-- crash (a budget that starts full again, a result the visitor asks for again): they skip
-- the write-ahead log, so an open verify request no longer waits for a disk flush.
ALTER TABLE rate_budgets SET UNLOGGED;
ALTER TABLE verify_results SET UNLOGGED;
