//! Languages: ISO 639-3 codes from a closed, curated list (`data/languages.txt`), named in every
//! language from CLDR.
//!
//! Owns: parsing language codes (the domain's format rule, plus refusing codes off the list),
//! their serde form (the lower-case code) and their words. Must never: accept any three letters
//! (a code the portal cannot name would reach a person raw), or guess a code from a name.

use std::fmt;
use std::marker::PhantomData;

use portal_i18n::Locale;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::code_serde::CodeVisitor;
use crate::label::{column, Label};
pub use crate::names_data::Language;
use crate::names_data::{LANGUAGES, LANGUAGE_NAMES};
use crate::{Field, Problem, ValidationError};

/// The form a language code must have (the text the domain used, listing form included).
const FORM: &str = "ISO 639-3 codes like ara;prs";

impl Language {
    /// Every language, in the order of `data/languages.txt` (grouped by region).
    pub const ALL: &'static [Language] = &LANGUAGES;

    /// The ISO 639-3 code, lower case (`ara`).
    pub const fn as_str(self) -> &'static str {
        LANGUAGE_NAMES[self as usize].0
    }

    /// Parses a language code (case-insensitive, spaces around ignored). Errors are about
    /// `languages`: `Format` for anything but three ASCII letters (an empty code included, as
    /// before), and `UnknownCode` for three letters that are not on the portal's list.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let code = raw.trim();
        if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
            return Err(ValidationError::new(
                Field::Languages,
                Problem::Format(FORM),
            ));
        }
        LANGUAGE_NAMES
            .iter()
            .position(|(c, _)| c.eq_ignore_ascii_case(code))
            .and_then(|index| LANGUAGES.get(index).copied())
            .ok_or(ValidationError::new(Field::Languages, Problem::UnknownCode))
    }
}

impl fmt::Display for Language {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Label for Language {
    /// The language's name in CLDR (Dari: `fa-AF`, else `fa`), or written by hand where CLDR
    /// has none (see `data/languages.txt`).
    fn label(&self, locale: Locale) -> &'static str {
        LANGUAGE_NAMES[*self as usize].1[column(locale)]
    }
}

impl Serialize for Language {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Language {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CodeVisitor {
            parse: Language::parse,
            expecting: "an ISO 639-3 language code",
            marker: PhantomData,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::label::tests::assert_labelled;
    use crate::tests::{demo_people, json};

    #[test]
    fn the_list_is_the_one_in_data_languages_txt_in_declaration_order() {
        // Arrange
        let text = include_str!("../data/languages.txt");

        // Act
        let listed: Vec<&str> = text
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
            .filter_map(|l| l.split_whitespace().next())
            .collect();

        // Assert
        let generated: Vec<&str> = Language::ALL.iter().map(|l| l.as_str()).collect();
        assert_eq!(
            listed, generated,
            "build.rs reads the data file line by line, in order"
        );
        for (index, language) in Language::ALL.iter().enumerate() {
            assert_eq!(*language as usize, index);
            assert_eq!(
                format!("{language:?}").to_ascii_lowercase(),
                language.as_str()
            );
        }
    }

    #[test]
    fn the_list_is_curated_not_exhaustive() {
        assert!(
            (80..=150).contains(&Language::ALL.len()),
            "{}",
            Language::ALL.len()
        );
        for code in [
            "ara", "prs", "pus", "fas", "kmr", "ckb", "kur", "tir", "som", "amh",
        ] {
            assert!(Language::parse(code).is_ok(), "{code}");
        }
        for code in [
            "orm", "swa", "kin", "run", "lin", "fra", "eng", "spa", "por", "ukr",
        ] {
            assert!(Language::parse(code).is_ok(), "{code}");
        }
        for code in [
            "rus", "urd", "ben", "mya", "rhg", "hau", "ful", "tur", "sag", "nus",
        ] {
            assert!(Language::parse(code).is_ok(), "{code}");
        }
        for code in ["din", "zne", "bfa", "pga"] {
            assert!(Language::parse(code).is_ok(), "{code}");
        }
    }

    #[test]
    fn every_code_parses_back_in_any_case_and_travels_as_lower_case() {
        for language in Language::ALL {
            assert_eq!(Language::parse(language.as_str()), Ok(*language));
            let upper = language.as_str().to_ascii_uppercase();
            assert_eq!(Language::parse(&format!(" {upper} ")), Ok(*language));
            let back: Language = serde_json::from_str(&json(language)).unwrap();
            assert_eq!(back, *language);
        }
        assert_eq!(json(&Language::Ara), "\"ara\"");
        assert_eq!(json(&Language::Prs), "\"prs\"");
        assert_eq!(
            serde_json::from_str::<Language>("\"TIR\"").unwrap(),
            Language::Tir
        );
    }

    #[test]
    fn every_language_has_a_distinct_name_in_every_language() {
        for language in Language::ALL {
            assert_labelled(language, language.as_str());
        }
        for locale in Locale::ALL {
            let mut names: Vec<&str> = Language::ALL.iter().map(|l| l.label(locale)).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), Language::ALL.len(), "{locale:?}: a name twice");
        }
    }

    #[test]
    fn names_come_from_cldr_with_dari_from_fa_af() {
        assert_eq!(Language::Ara.label(Locale::En), "Arabic");
        assert_eq!(Language::Ara.label(Locale::Prs), "عربی");
        assert_eq!(Language::Prs.label(Locale::En), "Dari");
        assert_eq!(Language::Prs.label(Locale::Prs), "دری");
        assert_eq!(Language::Tir.label(Locale::Fr), "Tigrigna");
        assert_eq!(Language::Rhg.label(Locale::Ar), "الروهينغية");
        // Written by hand: CLDR folds Kurmanji into Kurdish (`ku`, which is `kur` here).
        assert_ne!(
            Language::Kmr.label(Locale::En),
            Language::Kur.label(Locale::En)
        );
    }

    #[test]
    fn malformed_codes_are_a_format_problem_as_before() {
        for bad in ["arabic", "ar", "", "  ", "a1b", "ärb", "ara;prs"] {
            assert_eq!(
                Language::parse(bad).unwrap_err(),
                ValidationError::new(Field::Languages, Problem::Format(FORM)),
                "{bad:?}"
            );
        }
    }

    #[test]
    fn well_formed_codes_off_the_list_are_unknown() {
        // Arrange: Klingon (tlh) and an unassigned code are both three letters.
        let codes = ["tlh", "XYZ"];

        // Act
        let errors: Vec<ValidationError> = codes
            .iter()
            .map(|c| Language::parse(c).unwrap_err())
            .collect();

        // Assert
        for err in errors {
            assert_eq!(
                err,
                ValidationError::new(Field::Languages, Problem::UnknownCode)
            );
            assert_eq!(err.problem.code(), "unknown-code");
            assert_eq!(
                err.to_string(),
                "languages must be a code on the portal's list"
            );
        }
        assert!(serde_json::from_str::<Language>("\"tlh\"").is_err());
    }

    #[test]
    fn every_language_of_the_demo_data_parses() {
        for row in demo_people() {
            for code in row["languages"].split([';', ',']).map(str::trim) {
                if !code.is_empty() {
                    assert!(
                        Language::parse(code).is_ok(),
                        "{}: {code}",
                        row["registration_number"]
                    );
                }
            }
        }
    }
}
