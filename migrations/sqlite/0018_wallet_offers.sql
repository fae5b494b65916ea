-- Offers of a credential to a wallet app (sqlite). Mirrors ../postgres/0018_wallet_offers.sql.
--
-- OpenID4VCI pre-authorized code flow: the pre-authorized code, the transaction code and the
-- access token are kept as hashes only. An offer is redeemed once (redeemed_at), is spent
-- after too many wrong transaction codes (failed_attempts), and its token buys each offered
-- format once (issued: the configuration ids, comma-separated). Rows go after a day; the
-- audit trail keeps the events.
CREATE TABLE wallet_offers (
    id               BLOB PRIMARY KEY,
    person_id        BLOB NOT NULL REFERENCES people (id),
    credential_id    BLOB NOT NULL REFERENCES credentials (id),
    code_hash        TEXT NOT NULL UNIQUE,
    tx_hash          TEXT NOT NULL,
    created_at       TEXT NOT NULL,
    expires_at       TEXT NOT NULL,
    failed_attempts  INTEGER NOT NULL DEFAULT 0,
    redeemed_at      TEXT,
    token_hash       TEXT UNIQUE,
    token_expires_at TEXT,
    issued           TEXT NOT NULL DEFAULT ''
) STRICT;
CREATE INDEX wallet_offers_person ON wallet_offers (person_id, created_at);
CREATE INDEX wallet_offers_created ON wallet_offers (created_at);
