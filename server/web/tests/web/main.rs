//! The HTTP adapter of `portal-web` served on a random port over a real database, each
//! scenario on SQLite and on PostgreSQL (one test binary for the crate).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod passkeys;
