-- The language a person chose for the portal with the language switch (PostgreSQL).
-- Mirrors ../sqlite/0006_portal_language.sql.

-- A preference, not registration data: it is not part of the record version, and changing it
-- needs no review. NULL until the person chooses (mails then follow the languages they speak).
ALTER TABLE people ADD COLUMN portal_language TEXT CHECK (portal_language IN ('en', 'fr', 'ar', 'prs'));
