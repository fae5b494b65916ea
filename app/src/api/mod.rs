//! The server functions the pages call, with the data shapes they return. Each one: who is
//! asking, one use case of `portal-core`, and the answer shaped as the page shows it (codes
//! travel as codes; the page translates them). The bodies run on the server only (feature
//! `ssr`); the browser gets typed calls.
//!
//! Owns: the data shapes of the pages. Must never: return a field the page does not show,
//! decide who may see what (the use cases do), or touch storage.

pub mod account;
pub mod admin;
pub mod appointments;
pub mod credentials;
pub mod drafts;
pub mod help;
pub mod messages;
pub mod mydata;
pub mod people;
pub mod quality;
pub mod reports;
pub mod requests;
pub mod trusted;
