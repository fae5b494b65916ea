-- State that several portal instances share (SQLite). Mirrors ../postgres/0019_shared_state.sql.
--
-- rate_budgets: the attempt budgets of sign-in, enrollment, issuing and the open verify routes,
-- one row per scope and client: the time (microseconds since the epoch) its budget is next
-- full again, as the generic cell rate algorithm keeps it (a token bucket in one number). The
-- client is a keyed pseudonym of its address (never the address); a row whose time has passed
-- says nothing and goes at the next housekeeping.
--
-- verify_results: the verifier page's results for the few minutes between the form post and
-- the page that shows them. Only a hash of the result's token and the result sealed under a
-- key derived from that token are kept, so a row says nothing without the link the browser
-- holds.
CREATE TABLE rate_budgets (
    scope   TEXT NOT NULL,
    client  TEXT NOT NULL,
    full_at INTEGER NOT NULL,
    PRIMARY KEY (scope, client)
) STRICT;
CREATE INDEX rate_budgets_full_at ON rate_budgets (full_at);

CREATE TABLE verify_results (
    id_hash    TEXT PRIMARY KEY,
    client     TEXT NOT NULL,
    sealed     BLOB NOT NULL,
    expires_at TEXT NOT NULL
) STRICT;
CREATE INDEX verify_results_client ON verify_results (client, expires_at);
CREATE INDEX verify_results_expires ON verify_results (expires_at);
