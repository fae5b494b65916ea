//! The refugee portal's use cases: configuration, enrollment and passkeys, update requests,
//! appointments, credentials, the verifier, CSV import, demo data and background jobs.
//!
//! Owns: everything the portal knows and decides, independent of how it is shown.
//! Must never: render UI, depend on the `app` crate, read the clock deep inside (a [`Clock`] is
//! passed in), or write personal data to logs.

pub mod access;
pub mod admin;
pub mod auth;
pub mod backup;
pub mod booking;
pub mod config;
pub mod context;
pub mod credentials;
pub mod drafts;
pub mod error;
pub mod export;
pub mod help;
pub mod import;
pub mod jobs;
pub mod mydata;
pub mod news;
pub mod people;
pub mod quality;
pub mod reports;
pub mod requests;
pub mod seed;
pub mod stop;
pub mod telemetry;
pub mod trusted;
pub mod work;

pub use config::Config;
pub use context::Ctx;
pub use error::{CoreError, CoreResult, Refusal};
pub use work::WorkPool;
