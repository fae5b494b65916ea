//! Generates the closed lists of countries and languages with their names in English, French,
//! Arabic and Dari (`$OUT_DIR/names_data.rs`, included by `src/names_data.rs`): nothing generated
//! is committed.
//!
//! Inputs: `data/countries.txt` (ISO 3166-1 alpha-3) and `data/languages.txt` (ISO 639-3, the
//! CLDR code of each, and hand-written names only where CLDR has none). Names come from ICU4X's
//! compiled CLDR data (`icu_experimental_data`, pinned in Cargo.toml): `en`, `fr`, `ar`, and for
//! Dari `fa-AF`, falling back to `fa` where `fa-AF` has no name of its own. French language
//! names are capitalised as CLDR's `contextTransforms` ask for stand-alone use.
//!
//! The build fails, naming the entry, on a code that is not ISO, a CLDR code that is not what
//! CLDR canonicalises the ISO code to, a missing name, a hand-written name where CLDR has one,
//! and two entries with the same name in one language. Cost: ICU4X as a build dependency adds
//! about half a minute to a cold build of this crate with one job.
//!
//! Owns: the step from the data files and CLDR to Rust. Must never: read anything but the data
//! files and ICU4X's compiled data (no network, no system files: builds are reproducible).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use icu_experimental::displaynames::provider::{
    LocaleNamesLanguageV0, LocaleNamesLocaleV0, LocaleNamesRegionV0,
};
use icu_experimental::provider::Baked;
use icu_locale::LocaleCanonicalizer;
use icu_locale_core::subtags::{Language, Region};
use icu_locale_core::Locale;
use icu_provider::prelude::*;

/// The CLDR version of the pinned `icu_experimental_data` (see its README).
const CLDR_VERSION: &str = "49.0.0";
const ICU4X_DATA: &str = "icu_experimental_data 0.7.0";

/// The portal's locales, in `portal_i18n::Locale::ALL` order, with the CLDR locales to read,
/// most specific first.
const LOCALES: [(&str, &[&str]); 4] = [
    ("en", &["en"]),
    ("fr", &["fr"]),
    ("ar", &["ar"]),
    ("prs", &["fa-AF", "fa"]),
];

fn main() {
    if let Err(message) = run() {
        eprintln!("portal-types names: {message}");
        std::process::exit(1);
    }
}

fn run() -> Result<(), String> {
    let crate_dir = PathBuf::from(std::env::var("CARGO_MANIFEST_DIR").unwrap_or_default());
    let out_dir = PathBuf::from(std::env::var("OUT_DIR").unwrap_or_default());
    let countries_file = crate_dir.join("data/countries.txt");
    let languages_file = crate_dir.join("data/languages.txt");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed={}", countries_file.display());
    println!("cargo:rerun-if-changed={}", languages_file.display());

    let cldr = Cldr::load()?;
    let countries = country_rows(&cldr, &read(&countries_file)?)?;
    let languages = language_rows(&cldr, &read(&languages_file)?)?;
    unique_names("country", &countries)?;
    unique_names("language", &languages)?;

    let out = out_dir.join("names_data.rs");
    std::fs::write(&out, generate(&countries, &languages))
        .map_err(|e| format!("cannot write {}: {e}", out.display()))
}

/// One country or language: its code, the Rust variant name and its names per portal locale.
struct Row {
    code: String,
    variant: String,
    /// Where the names come from, for the variant's doc comment.
    source: String,
    names: [String; 4],
}

fn read(path: &Path) -> Result<String, String> {
    std::fs::read_to_string(path).map_err(|e| format!("cannot read {}: {e}", path.display()))
}

/// The lines of a data file without comments and blank lines.
fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

fn variant(code: &str) -> String {
    let lower = code.to_ascii_lowercase();
    let mut chars = lower.chars();
    chars
        .next()
        .map(|c| c.to_ascii_uppercase().to_string() + chars.as_str())
        .unwrap_or_default()
}

/// CLDR's display names for the four locales, as ICU4X compiled them.
struct Cldr {
    /// Per portal locale, per CLDR locale (most specific first): region, language and locale
    /// names.
    tables: Vec<Vec<Names>>,
    canonicalizer: LocaleCanonicalizer,
}

struct Names {
    regions: BTreeMap<String, String>,
    languages: BTreeMap<String, String>,
    locales: BTreeMap<String, String>,
}

impl Cldr {
    fn load() -> Result<Self, String> {
        let mut tables = Vec::new();
        for (_, cldr_locales) in LOCALES {
            let mut per_locale = Vec::new();
            for tag in cldr_locales {
                per_locale.push(names(tag)?);
            }
            tables.push(per_locale);
        }
        Ok(Self {
            tables,
            canonicalizer: LocaleCanonicalizer::new_extended(),
        })
    }

    /// The name of `key` in portal locale `index`: from the most specific CLDR locale that has
    /// one.
    fn name(
        &self,
        index: usize,
        pick: impl Fn(&Names) -> &BTreeMap<String, String>,
        key: &str,
    ) -> Option<String> {
        self.tables
            .get(index)?
            .iter()
            .find_map(|names| pick(names).get(key).cloned())
    }
}

fn names(tag: &str) -> Result<Names, String> {
    let locale: Locale = tag.parse().map_err(|e| format!("{tag}: {e:?}"))?;
    let id = DataLocale::from(&locale);
    let request = || DataRequest {
        id: DataIdentifierBorrowed::for_locale(&id),
        ..Default::default()
    };
    let missing = |e: DataError| format!("CLDR data for {tag}: {e}");
    let regions: DataResponse<LocaleNamesRegionV0> = Baked.load(request()).map_err(missing)?;
    let languages: DataResponse<LocaleNamesLanguageV0> = Baked.load(request()).map_err(missing)?;
    let locales: DataResponse<LocaleNamesLocaleV0> = Baked.load(request()).map_err(missing)?;
    let text = |bytes: &[u8]| String::from_utf8_lossy(bytes).into_owned();
    Ok(Names {
        regions: regions
            .payload
            .get()
            .names
            .iter()
            .filter_map(|(k, v)| Some((k.try_into_tinystr().ok()?.to_string(), v.to_owned())))
            .collect(),
        languages: languages
            .payload
            .get()
            .names
            .iter()
            .filter_map(|(k, v)| Some((k.try_into_tinystr().ok()?.to_string(), v.to_owned())))
            .collect(),
        locales: locales
            .payload
            .get()
            .names
            .iter()
            .map(|(k, v)| (text(k.as_bytes()), v.to_owned()))
            .collect(),
    })
}

fn country_rows(cldr: &Cldr, text: &str) -> Result<Vec<Row>, String> {
    let mut rows = Vec::new();
    for code in lines(text).flat_map(str::split_whitespace) {
        // Kosovo's user-assigned codes: XKX in the portal, XK in CLDR.
        let alpha2 = if code == "XKX" {
            "XK"
        } else {
            isocountry::CountryCode::for_alpha3(code)
                .map_err(|_| format!("{code} is not an ISO 3166-1 alpha-3 code"))?
                .alpha2()
        };
        Region::try_from_str(alpha2).map_err(|_| format!("{code}: bad region {alpha2}"))?;
        let mut names: [String; 4] = Default::default();
        for (index, (tag, _)) in LOCALES.iter().enumerate() {
            names[index] = cldr
                .name(index, |n| &n.regions, alpha2)
                .ok_or_else(|| format!("CLDR has no {tag} name for {code} ({alpha2})"))?;
        }
        rows.push(Row {
            code: code.to_owned(),
            variant: variant(code),
            source: format!("CLDR region `{alpha2}`"),
            names,
        });
    }
    let mut codes: Vec<&str> = rows.iter().map(|r| r.code.as_str()).collect();
    codes.sort_unstable();
    codes.dedup();
    if codes.len() != rows.len() {
        return Err("data/countries.txt lists a code twice".into());
    }
    Ok(rows)
}

fn language_rows(cldr: &Cldr, text: &str) -> Result<Vec<Row>, String> {
    let mut rows: Vec<Row> = Vec::new();
    for line in lines(text) {
        let (head, hand) = match line.split_once('|') {
            Some((head, hand)) => (head, Some(hand)),
            None => (line, None),
        };
        let mut head = head.split_whitespace();
        let (Some(code), Some(cldr_code), None) = (head.next(), head.next(), head.next()) else {
            return Err(format!("languages.txt: cannot read `{line}`"));
        };
        if isolang::Language::from_639_3(code).is_none() {
            return Err(format!("{code} is not an ISO 639-3 code"));
        }
        if rows.iter().any(|r| r.code == code) {
            return Err(format!("languages.txt lists {code} twice"));
        }
        let mut canonical: Locale = code.parse().map_err(|e| format!("{code}: {e:?}"))?;
        cldr.canonicalizer.canonicalize(&mut canonical);
        let canonical = canonical.to_string();
        if cldr_code != "-" && cldr_code != canonical {
            return Err(format!(
                "{code}: CLDR canonicalises it to {canonical}, not {cldr_code}"
            ));
        }
        let hand: Vec<&str> = match hand {
            Some(hand) => hand.split('|').map(str::trim).collect(),
            None => vec![""; 4],
        };
        if hand.len() != 4 {
            return Err(format!("{code}: give four names (en | fr | ar | prs)"));
        }
        let mut names: [String; 4] = Default::default();
        let mut from_cldr = 0;
        for (index, (tag, _)) in LOCALES.iter().enumerate() {
            let found = if cldr_code == "-" {
                None
            } else if cldr_code.contains('-') {
                cldr.name(index, |n| &n.locales, cldr_code)
            } else {
                Language::try_from_str(cldr_code)
                    .map_err(|_| format!("{code}: bad language {cldr_code}"))?;
                cldr.name(index, |n| &n.languages, cldr_code)
            };
            let written = hand.get(index).copied().unwrap_or_default();
            names[index] = match (found, written) {
                (Some(name), "") => {
                    from_cldr += 1;
                    if *tag == "fr" {
                        capitalise_first(&name)
                    } else {
                        name
                    }
                }
                (Some(name), _) => {
                    return Err(format!(
                        "{code}: CLDR has the {tag} name `{name}`; remove the hand-written one"
                    ))
                }
                (None, "") => return Err(format!("{code}: no {tag} name in CLDR; write one")),
                (None, written) => written.to_owned(),
            };
        }
        let source = match (from_cldr, cldr_code) {
            (0, _) => "not in CLDR: names written by hand in data/languages.txt".to_owned(),
            (4, c) => format!("CLDR `{c}`"),
            (_, c) => format!("CLDR `{c}`, with hand-written names where CLDR has none"),
        };
        rows.push(Row {
            code: code.to_owned(),
            variant: variant(code),
            source,
            names,
        });
    }
    Ok(rows)
}

fn capitalise_first(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().collect::<String>() + chars.as_str())
        .unwrap_or_default()
}

fn unique_names(what: &str, rows: &[Row]) -> Result<(), String> {
    for (index, (tag, _)) in LOCALES.iter().enumerate() {
        let mut seen: BTreeMap<&str, &str> = BTreeMap::new();
        for row in rows {
            let name = row.names[index].as_str();
            if name.trim().is_empty() {
                return Err(format!("{what} {}: empty {tag} name", row.code));
            }
            if let Some(other) = seen.insert(name, &row.code) {
                return Err(format!(
                    "{what}s {other} and {} have the same {tag} name `{name}`",
                    row.code
                ));
            }
        }
    }
    Ok(())
}

fn generate(countries: &[Row], languages: &[Row]) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "// @generated by server/types/build.rs from data/countries.txt, data/languages.txt and\n\
         // CLDR {CLDR_VERSION} ({ICU4X_DATA}). Do not edit.\n"
    );
    table(
        &mut out,
        "Country",
        "\
/// A country or territory: one of the 249 officially assigned ISO 3166-1 alpha-3 codes, or
/// `XKX` (Kosovo, user-assigned, used by the EU and many registration systems). Variants are
/// named after the code; a value of this type is always on the list.",
        "COUNTRIES",
        "COUNTRY_NAMES",
        "The ISO 3166-1 alpha-3 code (upper case)",
        countries,
    );
    table(
        &mut out,
        "Language",
        "\
/// A language the portal knows, as an ISO 639-3 code: the languages spoken by refugees,
/// displaced people and the staff who serve them (see `data/languages.txt`). Variants are named
/// after the code; a value of this type is always on the list.",
        "LANGUAGES",
        "LANGUAGE_NAMES",
        "The ISO 639-3 code (lower case)",
        languages,
    );
    out
}

fn table(
    out: &mut String,
    name: &str,
    doc: &str,
    all: &str,
    names: &str,
    code_doc: &str,
    rows: &[Row],
) {
    let n = rows.len();
    let _ = writeln!(out, "{doc}");
    let _ = writeln!(
        out,
        "#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]\npub enum {name} {{"
    );
    for row in rows {
        let _ = writeln!(
            out,
            "    /// {} (`{}`; {}).\n    {},",
            row.names[0], row.code, row.source, row.variant
        );
    }
    let _ = writeln!(out, "}}\n");
    let _ = writeln!(
        out,
        "/// Every value of [`{name}`], in declaration order.\npub(crate) const {all}: [{name}; {n}] = ["
    );
    for row in rows {
        let _ = writeln!(out, "    {name}::{},", row.variant);
    }
    let _ = writeln!(out, "];\n");
    let _ = writeln!(
        out,
        "/// {code_doc} and the names in English, French, Arabic and Dari of each [`{name}`],\n\
         /// indexed by `{name} as usize`.\n\
         pub(crate) static {names}: [(&str, [&str; 4]); {n}] = ["
    );
    for row in rows {
        let _ = writeln!(
            out,
            "    ({:?}, [{:?}, {:?}, {:?}, {:?}]),",
            row.code, row.names[0], row.names[1], row.names[2], row.names[3]
        );
    }
    let _ = writeln!(out, "];\n");
}
