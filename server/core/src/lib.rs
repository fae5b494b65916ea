//! The refugee portal's use cases: configuration, enrollment and passkeys, update requests,
//! appointments, credentials, the verifier, CSV import, demo data and background jobs.
//!
//! Owns: everything the portal knows and decides, independent of how it is shown.
//! Must never: render UI, depend on the `app` crate, read the clock deep inside (a [`Clock`] is
//! passed in), or write personal data to logs.

pub mod auth;
pub mod booking;
pub mod config;
pub mod import;
pub mod issuance;
pub mod issuer;
pub mod jobs;
pub mod people;
pub mod qr_image;
pub mod seed;
pub mod telemetry;
pub mod verifier;
pub mod workflow;

pub use config::Config;
