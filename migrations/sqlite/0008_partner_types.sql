-- What a partner's API token may issue, and which token issued what (SQLite).
-- Mirrors ../postgres/0008_partner_types.sql.

-- The credential types (besides VerifiableCredential) a token may issue, separated by spaces.
-- Tokens made before this migration may issue none until an operator makes a new token with
-- `portal api-token create --scope issue --types …`: least privilege, not a silent grant.
ALTER TABLE api_tokens ADD COLUMN credential_types TEXT NOT NULL DEFAULT '';

-- The partner token a credential was issued through (NULL: the portal's own flows), so the
-- verifier can say who vouched for it.
ALTER TABLE credentials ADD COLUMN issued_through BLOB REFERENCES api_tokens (id);
