-- Offers of a credential to a wallet app (PostgreSQL). Mirrors ../sqlite/0018_wallet_offers.sql.
--
-- OpenID4VCI pre-authorized code flow: the pre-authorized code, the transaction code and the
-- access token are kept as hashes only. An offer is redeemed once (redeemed_at), is spent
-- after too many wrong transaction codes (failed_attempts), and its token buys each offered
-- format once (issued: the configuration ids, comma-separated). Rows go after a day; the
-- audit trail keeps the events.
CREATE TABLE wallet_offers (
    id               UUID PRIMARY KEY,
    person_id        UUID NOT NULL REFERENCES people (id),
    credential_id    UUID NOT NULL REFERENCES credentials (id),
    code_hash        TEXT NOT NULL UNIQUE,
    tx_hash          TEXT NOT NULL,
    created_at       TIMESTAMPTZ NOT NULL,
    expires_at       TIMESTAMPTZ NOT NULL,
    failed_attempts  BIGINT NOT NULL DEFAULT 0,
    redeemed_at      TIMESTAMPTZ,
    token_hash       TEXT UNIQUE,
    token_expires_at TIMESTAMPTZ,
    issued           TEXT NOT NULL DEFAULT ''
);
CREATE INDEX wallet_offers_person ON wallet_offers (person_id, created_at);
CREATE INDEX wallet_offers_created ON wallet_offers (created_at);
