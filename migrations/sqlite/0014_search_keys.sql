-- Search keys (sqlite). Mirrors ../postgres/0014_search_keys.sql.
--
-- Each person is findable under keys made by portal_domain::search::keys: name skeletons
-- (one per spelling family, across scripts), names as spelt (to rank), registration and case
-- numbers from their start and (reversed) their end, phone digits reversed. Every lookup is a
-- range or equality on the primary key: no scan of people. keys_version says which version of
-- the key rules made a person's keys; the portal recomputes older ones when it starts.
CREATE TABLE person_keys (
    key        TEXT NOT NULL,
    person_id  BLOB NOT NULL REFERENCES people (id),
    PRIMARY KEY (key, person_id)
) STRICT, WITHOUT ROWID;
CREATE INDEX person_keys_person ON person_keys (person_id);

ALTER TABLE people ADD COLUMN keys_version INTEGER NOT NULL DEFAULT 0;
CREATE INDEX people_keys_version ON people (keys_version);
CREATE INDEX people_date_of_birth ON people (date_of_birth);
