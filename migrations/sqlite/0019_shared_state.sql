-- State that several portal instances share (SQLite). Mirrors ../postgres/0019_shared_state.sql.
--
-- rate_hits: attempts per client and minute, for the budgets of sign-in, enrollment and the
-- open verify routes. The client is a keyed pseudonym of its address (never the address), and
-- rows go after two minutes.
--
-- verify_results: the verifier page's results for the few minutes between the form post and
-- the page that shows them. Only a hash of the result's token and the result sealed under a
-- key derived from that token are kept, so a row says nothing without the link the browser
-- holds.
CREATE TABLE rate_hits (
    scope   TEXT NOT NULL,
    client  TEXT NOT NULL,
    minute  INTEGER NOT NULL,
    hits    INTEGER NOT NULL,
    PRIMARY KEY (scope, client, minute)
) STRICT;
CREATE INDEX rate_hits_minute ON rate_hits (minute);

CREATE TABLE verify_results (
    id_hash    TEXT PRIMARY KEY,
    client     TEXT NOT NULL,
    sealed     BLOB NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX verify_results_client ON verify_results (client, expires_at);
CREATE INDEX verify_results_expires ON verify_results (expires_at);
