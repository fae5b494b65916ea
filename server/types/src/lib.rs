//! The codes that cross the wire between the portal's server and the browser, each matched
//! exhaustively and each with its words in every language, so the interface never shows a raw
//! code: sex, relationship, statuses, request kinds, rejection and status reasons, staff roles,
//! countries, nationalities, languages, and the fields and problems of validation errors.
//!
//! Every code type has `as_str` (the code), `parse` (case-insensitive, errors as
//! [`ValidationError`]s), serde (the form stored in databases: do not change it) and
//! [`Label::label`] (its words in a [`Locale`](portal_i18n::Locale)). Code enums come from
//! [`code_enum!`]; countries and languages are closed lists (`data/*.txt`) that `build.rs` turns
//! into types with their names from CLDR.
//!
//! Owns: the codes, their serde form and their words. Must never: do I/O, depend on more than
//! `portal-i18n` and `serde` (it is compiled into the browser's wasm), or hold rules that need
//! records, staff or the clock (those stay in the domain crate).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod appointments;
mod code_serde;
pub mod country;
pub mod credential;
pub mod label;
pub mod language;
mod names_data;
pub mod person;
pub mod requests;
pub mod staff;
pub mod validation;

pub use appointments::AppointmentStatus;
pub use country::{Country, Nationality};
pub use credential::{
    CredentialKind, CredentialNews, CredentialStatus, StatusAction, StatusReason,
};
pub use label::{Keyed, Label};
pub use language::Language;
pub use person::{RegistrationStatus, Relationship, Sex, SpecificNeed};
pub use requests::{RejectionReason, RequestKind, RequestStatus};
pub use staff::StaffRole;
pub use validation::{Field, Problem, ValidationError};

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::HashMap;
    use std::fmt::Debug;

    use serde::de::DeserializeOwned;
    use serde::Serialize;

    use crate::label::tests::assert_labelled;
    use crate::{Label, ValidationError};

    /// The JSON text of `value`.
    pub(crate) fn json<T: Serialize + ?Sized>(value: &T) -> String {
        serde_json::to_string(value).unwrap()
    }

    /// `SeriousMedical` → `serious_medical`: serde's `rename_all = "snake_case"`.
    fn snake_case(name: &str) -> String {
        let mut out = String::new();
        for (i, c) in name.chars().enumerate() {
            if c.is_ascii_uppercase() && i > 0 {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        }
        out
    }

    /// For every value of a code enum: its code parses back (also in upper and lower case, with
    /// spaces around), its JSON is the snake_case variant name and reads back, and it has words
    /// in every locale that are not its code.
    pub(crate) fn assert_code_enum<T>(
        all: &[T],
        parse: impl Fn(&str) -> Result<T, ValidationError>,
        as_str: impl Fn(T) -> &'static str,
    ) where
        T: Copy + Debug + PartialEq + Serialize + DeserializeOwned + Label,
    {
        assert!(!all.is_empty());
        for value in all {
            let code = as_str(*value);
            assert_eq!(parse(code), Ok(*value), "{value:?}");
            assert_eq!(parse(&code.to_ascii_uppercase()), Ok(*value), "{value:?}");
            assert_eq!(
                parse(&format!(" {} ", code.to_ascii_lowercase())),
                Ok(*value)
            );
            let stored = json(value);
            assert_eq!(stored, format!("\"{}\"", snake_case(&format!("{value:?}"))));
            assert_eq!(serde_json::from_str::<T>(&stored).unwrap(), *value);
            assert_labelled(value, code);
        }
    }

    /// The rows of the demo data (`server/core/src/seed/demo-people.csv`), by column name.
    pub(crate) fn demo_people() -> Vec<HashMap<String, String>> {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/../core/src/seed/demo-people.csv"
        );
        let mut reader = csv::Reader::from_path(path)
            .unwrap_or_else(|e| panic!("the demo data moved? cannot read {path}: {e}"));
        let rows: Vec<HashMap<String, String>> =
            reader.deserialize().map(|row| row.unwrap()).collect();
        assert!(rows.len() > 10, "demo data has rows");
        rows
    }

    #[test]
    fn snake_case_is_serdes() {
        assert_eq!(snake_case("SeriousMedical"), "serious_medical");
        assert_eq!(snake_case("Other"), "other");
    }
}
