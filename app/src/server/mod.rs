//! The server side of the app (feature `ssr`): state, router, serving, and the command line.
//!
//! Owns: wiring the Leptos app and the JSON APIs into one axum router, process start-up.
//! Must never: contain domain rules (ask `portal-server`).

pub mod cli;
pub mod error_page;
pub mod locale;
pub mod request;
pub mod router;
pub mod security;
pub mod serve;
pub mod state;
pub mod verify_cli;
