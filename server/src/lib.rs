//! The refugee portal's server core: configuration, domain rules, storage, audit trail, CSV
//! import, demo data and the machine-facing HTTP endpoints.
//!
//! Owns: everything the portal knows and decides, independent of how it is shown.
//! Must never: render UI, depend on the `app` crate, read the clock deep inside (a [`Clock`] is
//! passed in), or write personal data to logs.

pub mod auth;
pub mod booking;
pub mod clock;
pub mod config;
pub mod documents;
pub mod domain;
pub mod http;
pub mod import;
pub mod issuance;
pub mod issuer;
pub mod mail;
pub mod qr_image;
pub mod seed;
pub mod storage;
pub mod telemetry;
#[cfg(feature = "testing")]
pub mod testing;
pub mod verifier;
pub mod workflow;

pub use clock::{Clock, FixedClock, SystemClock};
pub use config::Config;
pub use storage::Store;
