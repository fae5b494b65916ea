//! What every integration test of the portal shares, so adding a test is a few lines: a fresh
//! database per test on SQLite or PostgreSQL ([`db`]), the demo world with its cast of people
//! and staff at a fixed instant ([`world`]), a real SMTP server ([`smtp`]) and a phone holding
//! a passkey ([`passkey`]).
//!
//! Owns: test isolation and the shared fixtures. Must never: be a dependency of the portal
//! itself (only `[dev-dependencies]` name it).

pub mod db;
pub mod flow;
pub mod passkey;
pub mod sms;
pub mod smtp;
pub mod world;

pub use db::{postgres_admin_url, Backend, TestDatabase};
pub use passkey::Phone;
pub use sms::SmsSink;
pub use smtp::SmtpSink;
pub use world::{config_for, instant, Cast, World, TEST_REQUEST, WORLD_START};
