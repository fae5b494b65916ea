//! Domain types and rules: what a valid registration record is, who staff are, what an audit
//! event records. Values are parsed once at the edge into types that cannot hold invalid data.
//!
//! Owns: validation rules and their error codes. Must never: touch the database, HTTP or the
//! clock (dates that depend on "today" take it as an argument).

pub mod appointments;
pub mod audit;
pub mod clock;
pub mod country;
pub mod credential;
pub mod document;
pub mod household;
pub mod ics;
pub mod invitation;
pub mod office;
pub mod person;
pub mod policy;
pub mod requests;
pub mod session;
pub mod staff;
pub mod tokens;

pub use portal_types::{code_enum, Field, Problem, ValidationError};

/// Trims `raw` and checks it is non-empty, short enough and free of control characters.
pub fn clean_text(
    field: Field,
    raw: &str,
    max: usize,
    allow_newlines: bool,
) -> Result<String, ValidationError> {
    let text = raw.trim();
    if text.is_empty() {
        return Err(ValidationError::new(field, Problem::Required));
    }
    if text.chars().count() > max {
        return Err(ValidationError::new(field, Problem::TooLong { max }));
    }
    if text
        .chars()
        .any(|c| c.is_control() && !(allow_newlines && c == '\n'))
    {
        return Err(ValidationError::new(field, Problem::ControlCharacters));
    }
    Ok(text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clean_text_trims_and_refuses_empty_long_and_control_text() {
        assert_eq!(
            clean_text(Field::Address, "  Camp 4  ", 10, false).unwrap(),
            "Camp 4"
        );
        assert_eq!(
            clean_text(Field::Address, "   ", 10, false)
                .unwrap_err()
                .problem,
            Problem::Required
        );
        assert_eq!(
            clean_text(Field::Address, "abcdefghijk", 10, false)
                .unwrap_err()
                .problem,
            Problem::TooLong { max: 10 }
        );
        assert_eq!(
            clean_text(Field::Address, "a\u{7}b", 10, false)
                .unwrap_err()
                .problem,
            Problem::ControlCharacters
        );
        assert!(clean_text(Field::Address, "line 1\nline 2", 20, true).is_ok());
    }

    #[test]
    fn errors_never_echo_the_value() {
        let err = ValidationError::new(
            Field::Phone,
            Problem::Format("an international number like +962791234567"),
        );
        assert_eq!(
            err.to_string(),
            "phone must be an international number like +962791234567"
        );
    }
}
