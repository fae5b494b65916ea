//! What the app's server side runs on (feature `ssr`): the state every server function can
//! reach, who is asking and when, the request's language, the content security policy, and
//! the last-resort error page.
//!
//! Owns: the bridge from a Leptos server function to the web adapter (`portal-web`). Must
//! never: render pages or hold domain rules.

pub mod error_page;
pub mod locale;
pub mod request;
pub mod security;
pub mod state;
