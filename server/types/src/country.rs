//! Countries (ISO 3166-1 alpha-3, plus `XKX` for Kosovo) and nationalities (a country, or one of
//! the ICAO 9303 codes for stateless people and refugees), named in every language from CLDR.
//!
//! Owns: parsing these codes (the same rules and errors as the domain had), their serde form
//! (the upper-case code) and their words. Must never: guess a code from a name, or accept a code
//! that is not on the list (`data/countries.txt`, generated into `names_data`).

use std::fmt;
use std::marker::PhantomData;

use portal_i18n::{Key, Locale};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

use crate::code_serde::CodeVisitor;
use crate::label::{column, Label};
pub use crate::names_data::Country;
use crate::names_data::{COUNTRIES, COUNTRY_NAMES};
use crate::{Field, Problem, ValidationError};

/// The form a country or nationality code must have.
const FORM: &str = "a three-letter ISO 3166 code like SYR";
/// A well-formed code that is on neither list.
const UNASSIGNED: &str = "an assigned ISO 3166 alpha-3 country code";

/// Trims `raw` and checks it has the form of a code: three ASCII letters, any case.
fn well_formed(field: Field, raw: &str) -> Result<&str, ValidationError> {
    let code = raw.trim();
    if code.is_empty() {
        return Err(ValidationError::new(field, Problem::Required));
    }
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_alphabetic()) {
        return Err(ValidationError::new(field, Problem::Format(FORM)));
    }
    Ok(code)
}

fn find_country(code: &str) -> Option<Country> {
    let index = COUNTRY_NAMES
        .iter()
        .position(|(c, _)| c.eq_ignore_ascii_case(code))?;
    COUNTRIES.get(index).copied()
}

impl Country {
    /// Every country, in the order of the ISO list (by English short name).
    pub const ALL: &'static [Country] = &COUNTRIES;

    /// The ISO 3166-1 alpha-3 code, upper case (`SYR`).
    pub const fn as_str(self) -> &'static str {
        COUNTRY_NAMES[self as usize].0
    }

    /// Parses a country code (case-insensitive, spaces around ignored). Errors are about
    /// `country_of_origin`: `Required`, `Format` for anything but three letters, and `Format`
    /// naming assigned codes for three letters that are not one (`XXA` is a nationality, not a
    /// country).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let field = Field::CountryOfOrigin;
        let code = well_formed(field, raw)?;
        find_country(code).ok_or(ValidationError::new(field, Problem::Format(UNASSIGNED)))
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Label for Country {
    /// The country's name in CLDR (Dari: `fa-AF`, else `fa`).
    fn label(&self, locale: Locale) -> &'static str {
        COUNTRY_NAMES[*self as usize].1[column(locale)]
    }
}

impl Serialize for Country {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CodeVisitor {
            parse: Country::parse,
            expecting: "an ISO 3166-1 alpha-3 country code",
            marker: PhantomData,
        })
    }
}

/// A nationality: a country, or an ICAO 9303 code for people without one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Nationality {
    /// A national of this country.
    Country(Country),
    /// `XXA`: stateless person.
    Stateless,
    /// `XXB`: refugee as defined in Article 1 of the 1951 Refugee Convention.
    Refugee,
    /// `XXC`: refugee other than under `XXB`.
    OtherRefugee,
    /// `XXX`: nationality unspecified.
    Unspecified,
}

impl Nationality {
    /// The nationalities that are not a country, in ICAO order.
    pub const SPECIAL: [Nationality; 4] = [
        Nationality::Stateless,
        Nationality::Refugee,
        Nationality::OtherRefugee,
        Nationality::Unspecified,
    ];

    /// Every nationality: the countries in [`Country::ALL`] order, then [`Nationality::SPECIAL`].
    pub fn all() -> impl Iterator<Item = Nationality> {
        Country::ALL
            .iter()
            .map(|c| Nationality::Country(*c))
            .chain(Nationality::SPECIAL)
    }

    /// The code, upper case (`SYR`, `XXA`).
    pub const fn as_str(self) -> &'static str {
        match self {
            Nationality::Country(country) => country.as_str(),
            Nationality::Stateless => "XXA",
            Nationality::Refugee => "XXB",
            Nationality::OtherRefugee => "XXC",
            Nationality::Unspecified => "XXX",
        }
    }

    /// Parses a nationality code (case-insensitive, spaces around ignored), with the same rules
    /// and errors as [`Country::parse`] but about `nationality`, and the ICAO codes allowed.
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        let field = Field::Nationality;
        let code = well_formed(field, raw)?;
        if let Some(country) = find_country(code) {
            return Ok(Nationality::Country(country));
        }
        Nationality::SPECIAL
            .into_iter()
            .find(|n| n.as_str().eq_ignore_ascii_case(code))
            .ok_or(ValidationError::new(field, Problem::Format(UNASSIGNED)))
    }

    /// Whether this records that the person has no nationality.
    pub const fn is_stateless(self) -> bool {
        matches!(self, Nationality::Stateless)
    }

    /// The country, when the nationality is one.
    pub const fn country(self) -> Option<Country> {
        match self {
            Nationality::Country(country) => Some(country),
            _ => None,
        }
    }
}

impl From<Country> for Nationality {
    fn from(country: Country) -> Self {
        Nationality::Country(country)
    }
}

impl fmt::Display for Nationality {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Label for Nationality {
    /// The country's name, or the catalogue's words for the ICAO codes.
    fn label(&self, locale: Locale) -> &'static str {
        let key = match self {
            Nationality::Country(country) => return country.label(locale),
            Nationality::Stateless => Key::NationalityStateless,
            Nationality::Refugee => Key::NationalityRefugee,
            Nationality::OtherRefugee => Key::NationalityOtherRefugee,
            Nationality::Unspecified => Key::NationalityUnspecified,
        };
        locale.text(key)
    }
}

impl Serialize for Nationality {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for Nationality {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(CodeVisitor {
            parse: Nationality::parse,
            expecting: "an ISO 3166-1 alpha-3 code or XXA, XXB, XXC, XXX",
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
    fn the_list_has_every_assigned_code_once_plus_kosovo() {
        // Arrange
        let mut codes: Vec<&str> = Country::ALL.iter().map(|c| c.as_str()).collect();

        // Act
        codes.sort_unstable();
        codes.dedup();

        // Assert
        assert_eq!(codes.len(), 250, "249 ISO codes plus XKX, none twice");
        assert!(codes.contains(&"XKX"));
        assert_eq!(Country::ALL.first(), Some(&Country::Afg));
        assert_eq!(Country::ALL.last(), Some(&Country::Xkx));
    }

    #[test]
    fn the_generated_tables_are_in_declaration_order() {
        for (index, country) in Country::ALL.iter().enumerate() {
            assert_eq!(*country as usize, index);
            assert_eq!(
                format!("{country:?}").to_ascii_uppercase(),
                country.as_str(),
                "variant named after its code"
            );
        }
    }

    #[test]
    fn the_list_is_the_one_in_data_countries_txt() {
        // Arrange
        let text = include_str!("../data/countries.txt");

        // Act
        let listed: Vec<&str> = text
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .collect();

        // Assert
        let generated: Vec<&str> = Country::ALL.iter().map(|c| c.as_str()).collect();
        assert_eq!(
            listed, generated,
            "build.rs reads the data file line by line, in order"
        );
    }

    #[test]
    fn every_code_parses_back_in_any_case() {
        for country in Country::ALL {
            assert_eq!(Country::parse(country.as_str()), Ok(*country));
            let lower = country.as_str().to_ascii_lowercase();
            assert_eq!(Country::parse(&format!(" {lower} ")), Ok(*country));
        }
        for nationality in Nationality::all() {
            assert_eq!(Nationality::parse(nationality.as_str()), Ok(nationality));
        }
    }

    #[test]
    fn every_country_and_nationality_has_a_name_in_every_language() {
        for country in Country::ALL {
            assert_labelled(country, country.as_str());
        }
        for nationality in Nationality::SPECIAL {
            assert_labelled(&nationality, nationality.as_str());
        }
    }

    #[test]
    fn names_come_from_cldr_with_dari_from_fa_af() {
        // Arrange
        let syria = Country::parse("SYR").unwrap();
        let spain = Country::parse("ESP").unwrap();

        // Act / Assert
        assert_eq!(syria.label(Locale::En), "Syria");
        assert_eq!(syria.label(Locale::Fr), "Syrie");
        assert_eq!(syria.label(Locale::Ar), "سوريا");
        assert_eq!(syria.label(Locale::Prs), "سوریه");
        assert_eq!(Country::Ssd.label(Locale::Fr), "Soudan du Sud");
        assert_eq!(Country::Afg.label(Locale::Prs), "افغانستان");
        assert_eq!(Country::Xkx.label(Locale::En), "Kosovo");
        // Dari (fa-AF) has its own word for Spain; Iranian Persian (fa) says اسپانیا.
        assert_eq!(spain.label(Locale::Prs), "هسپانیه");
    }

    #[test]
    fn codes_are_case_insensitive_and_must_be_assigned() {
        assert_eq!(Country::parse(" syr ").unwrap().as_str(), "SYR");
        assert_eq!(Country::parse("AFG").unwrap(), Country::Afg);
        assert_eq!(
            Country::parse("XYZ").unwrap_err(),
            ValidationError::new(Field::CountryOfOrigin, Problem::Format(UNASSIGNED))
        );
        assert_eq!(
            Country::parse("SY").unwrap_err(),
            ValidationError::new(Field::CountryOfOrigin, Problem::Format(FORM))
        );
        assert_eq!(
            Country::parse("S1R").unwrap_err().problem,
            Problem::Format(FORM)
        );
        assert_eq!(
            Country::parse("ÄFG").unwrap_err().problem,
            Problem::Format(FORM),
            "three letters means three ASCII letters"
        );
        assert_eq!(
            Country::parse("").unwrap_err(),
            ValidationError::new(Field::CountryOfOrigin, Problem::Required)
        );
    }

    #[test]
    fn stateless_is_a_nationality_but_not_a_country() {
        assert!(Nationality::parse("xxa").unwrap().is_stateless());
        assert_eq!(
            Country::parse("XXA").unwrap_err().problem,
            Problem::Format(UNASSIGNED)
        );
        let south_sudan = Nationality::parse("SSD").unwrap();
        assert!(!south_sudan.is_stateless());
        assert_eq!(south_sudan.country(), Some(Country::Ssd));
        assert_eq!(Nationality::from(Country::Ssd), south_sudan);
        assert_eq!(
            Nationality::parse("XXZ").unwrap_err(),
            ValidationError::new(Field::Nationality, Problem::Format(UNASSIGNED))
        );
        assert_eq!(
            Nationality::parse(" ").unwrap_err(),
            ValidationError::new(Field::Nationality, Problem::Required)
        );
        assert_eq!(
            Nationality::parse("stateless").unwrap_err(),
            ValidationError::new(Field::Nationality, Problem::Format(FORM))
        );
    }

    #[test]
    fn countries_and_nationalities_travel_as_the_upper_case_code() {
        // Arrange / Act / Assert
        assert_eq!(json(&Country::Syr), "\"SYR\"");
        assert_eq!(json(&Nationality::Country(Country::Afg)), "\"AFG\"");
        assert_eq!(json(&Nationality::Stateless), "\"XXA\"");
        assert_eq!(json(&Nationality::OtherRefugee), "\"XXC\"");
        for country in Country::ALL {
            let back: Country = serde_json::from_str(&json(country)).unwrap();
            assert_eq!(back, *country);
        }
        for nationality in Nationality::all() {
            let back: Nationality = serde_json::from_str(&json(&nationality)).unwrap();
            assert_eq!(back, nationality);
        }
    }

    #[test]
    fn reading_an_unknown_country_fails_and_says_why() {
        let err = serde_json::from_str::<Country>("\"XYZ\"").unwrap_err();
        assert!(
            err.to_string()
                .contains("must be an assigned ISO 3166 alpha-3 country code"),
            "{err}"
        );
        assert!(serde_json::from_str::<Country>("7").is_err());
    }

    #[test]
    fn every_country_and_nationality_of_the_demo_data_parses() {
        for row in demo_people() {
            let country = Country::parse(&row["country_of_origin"]);
            let nationality = Nationality::parse(&row["nationality"]);
            assert!(
                country.is_ok(),
                "{:?}: {country:?}",
                row["registration_number"]
            );
            assert!(
                nationality.is_ok(),
                "{:?}: {nationality:?}",
                row["registration_number"]
            );
        }
    }
}
