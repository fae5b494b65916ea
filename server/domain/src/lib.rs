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
pub mod delegation;
pub mod document;
pub mod household;
pub mod ics;
pub mod invitation;
pub mod office;
pub mod person;
pub mod policy;
pub mod quality;
pub mod reports;
pub mod requests;
pub mod search;
pub mod session;
pub mod staff;
pub mod tokens;
pub mod wallet;

pub use portal_types::{code_enum, Field, Problem, ValidationError};

/// Whether `c` reorders or hides text without being seen: a bidirectional embedding, override
/// or isolate (U+202A–202E, U+2066–2069), or a zero-width character other than ZWNJ and ZWJ
/// (U+200C, U+200D: Persian, Dari and Indic scripts need them; they stay legal).
pub fn is_hidden(c: char) -> bool {
    matches!(
        c,
        '\u{202A}'..='\u{202E}'
            | '\u{2066}'..='\u{2069}'
            | '\u{200B}'
            | '\u{2060}'..='\u{2064}'
            | '\u{FEFF}'
            | '\u{180E}'
    )
}

/// Trims `raw` and checks it is non-empty, short enough and free of control characters and
/// of invisible characters that reorder or hide text ([`is_hidden`]).
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
    if text.chars().any(is_hidden) {
        return Err(ValidationError::new(field, Problem::HiddenCharacters));
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
    fn clean_text_refuses_direction_overrides_and_zero_width_characters_but_keeps_joiners() {
        for hidden in [
            "Amina\u{202E}nasaH",
            "\u{2066}Omar\u{2069}",
            "Ka\u{200B}bul",
            "\u{FEFF}Lina",
        ] {
            assert_eq!(
                clean_text(Field::GivenName, hidden, 40, false)
                    .unwrap_err()
                    .problem,
                Problem::HiddenCharacters,
                "{hidden:?}"
            );
        }
        // Dari with a zero-width non-joiner (می‌خواهم), and a zero-width joiner.
        assert!(clean_text(Field::GivenName, "می\u{200C}خواهم", 40, false).is_ok());
        assert!(clean_text(Field::GivenName, "क्\u{200D}ष", 40, false).is_ok());
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
