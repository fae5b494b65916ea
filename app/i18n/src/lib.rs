//! The portal's words in every supported language, and how a request picks its language.
//!
//! Owns: the `Locale` type, `Accept-Language` negotiation, and the catalogue compiled from
//! `locales/*.ftl` by `build.rs` (which refuses to build when any language lacks a key).
//! Must never: do I/O, allocate per lookup for plain messages, or hold user data.
#![forbid(unsafe_code)]

use std::fmt;
use std::str::FromStr;

include!(concat!(env!("OUT_DIR"), "/catalogue.rs"));

/// A language the portal is fully translated into.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Locale {
    /// English.
    #[default]
    En,
    /// French.
    Fr,
    /// Arabic (right to left).
    Ar,
    /// Dari, the Afghan variety of Persian (right to left).
    Prs,
}

/// Text direction of a locale, as used in the HTML `dir` attribute.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Direction {
    /// Left to right.
    Ltr,
    /// Right to left.
    Rtl,
}

impl Direction {
    /// The value of the HTML `dir` attribute.
    pub const fn as_str(self) -> &'static str {
        match self {
            Direction::Ltr => "ltr",
            Direction::Rtl => "rtl",
        }
    }
}

/// The name of the cookie that keeps a visitor's language choice.
pub const LOCALE_COOKIE: &str = "portal_lang";

impl Locale {
    /// Every supported locale, in the order the language switch shows them.
    pub const ALL: [Locale; 4] = [Locale::En, Locale::Fr, Locale::Ar, Locale::Prs];

    /// The BCP 47 tag, used in `<html lang>`, cookies and URLs.
    pub const fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Fr => "fr",
            Locale::Ar => "ar",
            Locale::Prs => "prs",
        }
    }

    /// The language's own name for itself (shown in the language switch).
    pub const fn native_name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Fr => "Français",
            Locale::Ar => "العربية",
            Locale::Prs => "دری",
        }
    }

    /// Writing direction.
    pub const fn direction(self) -> Direction {
        match self {
            Locale::En | Locale::Fr => Direction::Ltr,
            Locale::Ar | Locale::Prs => Direction::Rtl,
        }
    }

    /// Parses a tag as sent by browsers (`ar`, `ar-SY`, `fa-AF`, `PRS`); `None` when unsupported.
    ///
    /// Persian (`fa`) maps to Dari: the written languages are mutually intelligible and Dari is
    /// the variety spoken by the people this portal serves.
    pub fn from_tag(tag: &str) -> Option<Locale> {
        let primary = tag.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "fr" => Some(Locale::Fr),
            "ar" => Some(Locale::Ar),
            "prs" | "fa" => Some(Locale::Prs),
            _ => None,
        }
    }

    /// Picks the best supported locale from an `Accept-Language` header (RFC 9110 §12.5.4).
    ///
    /// Ranges are weighed by their `q` value (ties keep header order); `q=0` excludes a
    /// language; malformed entries are skipped. `None` when nothing supported is acceptable.
    pub fn negotiate(accept_language: &str) -> Option<Locale> {
        let mut best: Option<(u16, Locale)> = None;
        for range in accept_language.split(',') {
            let mut parts = range.split(';');
            let Some(tag) = parts.next().map(str::trim).filter(|t| !t.is_empty()) else {
                continue;
            };
            let mut quality = Some(1000);
            for param in parts {
                if let Some(q) = param.trim().strip_prefix("q=") {
                    quality = parse_quality(q);
                }
            }
            let (Some(quality), Some(locale)) = (quality, Locale::from_tag(tag)) else {
                continue;
            };
            if quality > 0 && best.is_none_or(|(q, _)| quality > q) {
                best = Some((quality, locale));
            }
        }
        best.map(|(_, locale)| locale)
    }

    /// The message for `key` in this locale, with `{variable}` markers left in place.
    pub fn text(self, key: Key) -> &'static str {
        let table: &[&str] = match self {
            Locale::En => &EN,
            Locale::Fr => &FR,
            Locale::Ar => &AR,
            Locale::Prs => &PRS,
        };
        table.get(key as usize).copied().unwrap_or("")
    }

    /// The message for `key` with its variables replaced.
    ///
    /// Each value is wrapped in Unicode first-strong isolates (U+2068 … U+2069), as Fluent does,
    /// so a Latin name or a phone number inside Arabic text keeps its own direction.
    pub fn format(self, key: Key, args: &[(&str, &str)]) -> String {
        self.fill(key, args, true)
    }

    /// The message for `key` with its variables replaced as they are, without isolation marks:
    /// for plain-text mail, where marks around a link would stop mail apps from recognising it.
    /// Put such values on a line of their own.
    pub fn format_plain(self, key: Key, args: &[(&str, &str)]) -> String {
        self.fill(key, args, false)
    }

    fn fill(self, key: Key, args: &[(&str, &str)], isolate: bool) -> String {
        let pattern = self.text(key);
        let mut out = String::with_capacity(pattern.len() + 16);
        let mut rest = pattern;
        while let Some(start) = rest.find('{') {
            let (before, after) = rest.split_at(start);
            out.push_str(before);
            let Some(end) = after.find('}') else {
                out.push_str(after);
                return out;
            };
            let name = after.get(1..end).unwrap_or_default();
            match args.iter().find(|(n, _)| *n == name) {
                Some((_, value)) if isolate => {
                    out.push('\u{2068}');
                    out.push_str(value);
                    out.push('\u{2069}');
                }
                Some((_, value)) => out.push_str(value),
                None => out.push_str(after.get(..=end).unwrap_or_default()),
            }
            rest = after.get(end + 1..).unwrap_or_default();
        }
        out.push_str(rest);
        out
    }
}

/// Parses an RFC 9110 qvalue into thousandths; `None` when malformed.
fn parse_quality(q: &str) -> Option<u16> {
    let q = q.trim();
    let (whole, fraction) = q.split_once('.').unwrap_or((q, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

impl fmt::Display for Locale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.tag())
    }
}

/// Error for a language tag the portal does not support.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsupportedLocale;

impl fmt::Display for UnsupportedLocale {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("unsupported language; use one of en, fr, ar, prs")
    }
}

impl std::error::Error for UnsupportedLocale {}

impl FromStr for Locale {
    type Err = UnsupportedLocale;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Locale::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(s.trim()))
            .ok_or(UnsupportedLocale)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn variables(pattern: &str) -> Vec<&str> {
        let mut names: Vec<&str> = pattern
            .split('{')
            .skip(1)
            .filter_map(|s| s.split_once('}').map(|(name, _)| name))
            .collect();
        names.sort_unstable();
        names
    }

    #[test]
    fn every_key_is_translated_in_every_locale_with_the_same_variables() {
        for key in Key::ALL {
            let reference = variables(Locale::En.text(key));
            for locale in Locale::ALL {
                let text = locale.text(key);
                assert!(!text.trim().is_empty(), "{} is empty in {locale}", key.id());
                assert_eq!(variables(text), reference, "{} in {locale}", key.id());
            }
        }
    }

    #[test]
    fn translations_differ_from_english_where_the_script_differs() {
        // A copy-pasted English string in Arabic or Dari is a missing translation in disguise.
        for key in Key::ALL {
            for locale in [Locale::Ar, Locale::Prs] {
                let text = locale.text(key);
                assert!(
                    text.chars().any(|c| ('\u{0600}'..='\u{06FF}').contains(&c)),
                    "{} in {locale} has no Arabic-script letter: {text:?}",
                    key.id()
                );
            }
        }
    }

    #[test]
    fn negotiation_prefers_the_highest_quality_supported_language() {
        assert_eq!(
            Locale::negotiate("de-DE,ar;q=0.8,en;q=0.5"),
            Some(Locale::Ar)
        );
        assert_eq!(Locale::negotiate("fa-AF, en;q=0.9"), Some(Locale::Prs));
        assert_eq!(Locale::negotiate("en;q=0.4, fr;q=0.9"), Some(Locale::Fr));
        assert_eq!(
            Locale::negotiate("fr-CA, ar"),
            Some(Locale::Fr),
            "ties keep header order"
        );
    }

    #[test]
    fn negotiation_ignores_excluded_malformed_and_unknown_ranges() {
        assert_eq!(Locale::negotiate("ar;q=0, en;q=0.1"), Some(Locale::En));
        assert_eq!(Locale::negotiate("ar;q=2, fr;q=abc, en;q=0.0001"), None);
        assert_eq!(Locale::negotiate("de, sw, *"), None);
        assert_eq!(Locale::negotiate(""), None);
        assert_eq!(Locale::negotiate(",,;;"), None);
    }

    #[test]
    fn right_to_left_locales_are_arabic_and_dari() {
        let rtl: Vec<Locale> = Locale::ALL
            .into_iter()
            .filter(|l| l.direction() == Direction::Rtl)
            .collect();
        assert_eq!(rtl, [Locale::Ar, Locale::Prs]);
    }

    #[test]
    fn tags_round_trip_and_unknown_tags_are_refused() {
        for locale in Locale::ALL {
            assert_eq!(locale.tag().parse::<Locale>(), Ok(locale));
        }
        assert_eq!("de".parse::<Locale>(), Err(UnsupportedLocale));
    }

    #[test]
    fn format_isolates_values_and_leaves_unknown_markers() {
        let key = Key::ErrorReference;
        let text = Locale::Ar.format(key, &[("reference", "ABC-26-000123")]);
        assert!(text.contains("\u{2068}ABC-26-000123\u{2069}"), "{text}");
        assert!(!text.contains('{'));
        assert_eq!(Locale::En.format(key, &[]), Locale::En.text(key));
        assert_eq!(
            Locale::En.format(Key::NotFoundTitle, &[("x", "y")]),
            "Page not found"
        );
    }
}
