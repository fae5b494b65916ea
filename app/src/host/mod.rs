//! Hosting the app (feature `ssr`): one axum router for the Leptos pages and the JSON APIs,
//! process start-up with its background jobs, and the `portal` command line.
//!
//! Owns: wiring and start-up. Must never: contain domain rules (the use cases of
//! `portal-core` do).

pub mod cli;
pub mod connections;
pub mod router;
pub mod serve;
