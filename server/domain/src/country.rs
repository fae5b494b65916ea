//! Country codes: ISO 3166-1 alpha-3, plus the ICAO 9303 codes for stateless people and
//! refugees, which are valid nationalities but not countries.
//!
//! Owns: the list and its lookup. Must never: guess a code from a name.

use super::{Field, Problem, ValidationError};

/// The 249 officially assigned ISO 3166-1 alpha-3 codes, plus `XKX` (Kosovo, user-assigned and
/// used by the EU and many registration systems).
const COUNTRIES: &str = "\
AFG ALA ALB DZA ASM AND AGO AIA ATA ATG ARG ARM ABW AUS AUT AZE BHS BHR BGD BRB BLR BEL BLZ BEN \
BMU BTN BOL BES BIH BWA BVT BRA IOT BRN BGR BFA BDI CPV KHM CMR CAN CYM CAF TCD CHL CHN CXR CCK \
COL COM COG COD COK CRI CIV HRV CUB CUW CYP CZE DNK DJI DMA DOM ECU EGY SLV GNQ ERI EST SWZ ETH \
FLK FRO FJI FIN FRA GUF PYF ATF GAB GMB GEO DEU GHA GIB GRC GRL GRD GLP GUM GTM GGY GIN GNB GUY \
HTI HMD VAT HND HKG HUN ISL IND IDN IRN IRQ IRL IMN ISR ITA JAM JPN JEY JOR KAZ KEN KIR PRK KOR \
KWT KGZ LAO LVA LBN LSO LBR LBY LIE LTU LUX MAC MDG MWI MYS MDV MLI MLT MHL MTQ MRT MUS MYT MEX \
FSM MDA MCO MNG MNE MSR MAR MOZ MMR NAM NRU NPL NLD NCL NZL NIC NER NGA NIU NFK MKD MNP NOR OMN \
PAK PLW PSE PAN PNG PRY PER PHL PCN POL PRT PRI QAT REU ROU RUS RWA BLM SHN KNA LCA MAF SPM VCT \
WSM SMR STP SAU SEN SRB SYC SLE SGP SXM SVK SVN SLB SOM ZAF SGS SSD ESP LKA SDN SUR SJM SWE CHE \
SYR TWN TJK TZA THA TLS TGO TKL TON TTO TUN TUR TKM TCA TUV UGA UKR ARE GBR USA UMI URY UZB VUT \
VEN VNM VGB VIR WLF ESH YEM ZMB ZWE XKX";

/// ICAO 9303 nationality codes: stateless person, refugee (1951 Convention), other refugee,
/// unspecified nationality.
const SPECIAL_NATIONALITIES: &str = "XXA XXB XXC XXX";

fn normalise(field: Field, raw: &str, list: &[&str]) -> Result<String, ValidationError> {
    let code = raw.trim().to_ascii_uppercase();
    if code.is_empty() {
        return Err(ValidationError::new(field, Problem::Required));
    }
    if code.len() != 3 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
        return Err(ValidationError::new(
            field,
            Problem::Format("a three-letter ISO 3166 code like SYR"),
        ));
    }
    if list.iter().any(|list| list.split(' ').any(|c| c == code)) {
        Ok(code)
    } else {
        Err(ValidationError::new(
            field,
            Problem::Format("an assigned ISO 3166 alpha-3 country code"),
        ))
    }
}

/// A country, as ISO 3166-1 alpha-3.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct CountryCode(String);

impl CountryCode {
    /// Parses a country code (case-insensitive).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        normalise(Field::CountryOfOrigin, raw, &[COUNTRIES]).map(Self)
    }

    /// The code, upper case.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A nationality: a country code, or an ICAO code for stateless people and refugees.
#[derive(Clone, Debug, PartialEq, Eq, Hash, serde::Serialize)]
pub struct Nationality(String);

impl Nationality {
    /// Parses a nationality code (case-insensitive).
    pub fn parse(raw: &str) -> Result<Self, ValidationError> {
        normalise(Field::Nationality, raw, &[COUNTRIES, SPECIAL_NATIONALITIES]).map(Self)
    }

    /// The code, upper case.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this records that the person has no nationality.
    pub fn is_stateless(&self) -> bool {
        self.0 == "XXA"
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_has_every_assigned_code_once() {
        let mut codes: Vec<&str> = COUNTRIES.split(' ').collect();
        assert_eq!(codes.len(), 250, "249 ISO codes plus XKX");
        codes.sort_unstable();
        codes.dedup();
        assert_eq!(codes.len(), 250, "no code twice");
    }

    #[test]
    fn codes_are_case_insensitive_and_must_be_assigned() {
        assert_eq!(CountryCode::parse(" syr ").unwrap().as_str(), "SYR");
        assert_eq!(CountryCode::parse("AFG").unwrap().as_str(), "AFG");
        assert!(CountryCode::parse("XYZ").is_err());
        assert!(CountryCode::parse("SY").is_err());
        assert!(CountryCode::parse("").is_err());
    }

    #[test]
    fn stateless_is_a_nationality_but_not_a_country() {
        assert!(Nationality::parse("XXA").unwrap().is_stateless());
        assert!(CountryCode::parse("XXA").is_err());
        assert!(!Nationality::parse("SSD").unwrap().is_stateless());
    }
}
