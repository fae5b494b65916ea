//! The use cases of `portal-core` against a real database, each scenario on SQLite and on
//! PostgreSQL, from the demo world of `portal_testkit` (one test binary for the crate).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod admin;
mod appointments;
mod audit;
mod credentials;
mod drafts;
mod help;
mod jobs;
mod mail;
mod mydata;
mod quality;
mod reports;
mod requests;
mod search;
mod shared;
mod storage;
mod trusted;
