//! Country and nationality codes: ISO 3166-1 alpha-3, plus the ICAO 9303 codes for stateless
//! people and refugees, which are valid nationalities but not countries. The closed lists and
//! their names in every language live in `portal-types` (shared with the browser).
//!
//! Owns: nothing of its own; the domain's name for these codes. Must never: guess a code from a
//! name.

pub use portal_types::country::{Country, Nationality};
