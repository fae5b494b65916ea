//! The portal over real HTTP: the real server on a random port against a fresh database,
//! each scenario on SQLite and on PostgreSQL, plus the `portal` command line (one test binary
//! for the app).
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

mod admin;
mod appointments;
mod attacks;
mod cli;
mod crash;
mod credentials;
mod help;
mod http;
mod messages;
mod mydata;
mod requests;
mod scale;
mod staff;
mod trusted;
mod wallet;
