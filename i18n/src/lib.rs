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

    /// `s` with its ASCII digits written in the locale's default digits (CLDR): Arabic-Indic
    /// `٠`–`٩` in Arabic, Extended Arabic-Indic `۰`–`۹` in Dari (`fa-AF`, "arabext"), unchanged
    /// in English and French.
    ///
    /// Only for numbers meant to be read as quantities, dates or times: registration, case and
    /// phone numbers keep their Latin digits so they can be typed and compared.
    pub fn digits(self, s: &str) -> String {
        let zero = match self {
            Locale::En | Locale::Fr => return s.to_owned(),
            Locale::Ar => 0x0660,
            Locale::Prs => 0x06F0,
        };
        s.chars()
            .map(|c| {
                c.to_digit(10)
                    .and_then(|d| char::from_u32(zero + d))
                    .unwrap_or(c)
            })
            .collect()
    }

    /// An integer with the locale's digits, thousands separator and minus sign (CLDR):
    /// `12,345` in English, `12 345` (narrow no-break space) in French, `١٢٬٣٤٥` in Arabic,
    /// `۱۲٬۳۴۵` in Dari.
    pub fn number(self, n: i64) -> String {
        let (separator, minus) = match self {
            Locale::En => (",", "-"),
            Locale::Fr => ("\u{202F}", "-"),
            // The Arabic letter mark and the left-to-right mark keep the sign before the number
            // in right-to-left text, as CLDR writes them.
            Locale::Ar => ("\u{066C}", "\u{061C}-"),
            Locale::Prs => ("\u{066C}", "\u{200E}\u{2212}"),
        };
        let magnitude = n.unsigned_abs().to_string();
        let mut out = String::with_capacity(magnitude.len() * 3 + 6);
        if n < 0 {
            out.push_str(minus);
        }
        let len = magnitude.len();
        for (i, c) in magnitude.chars().enumerate() {
            if i > 0 && (len - i).is_multiple_of(3) {
                out.push_str(separator);
            }
            out.push(c);
        }
        self.digits(&out)
    }

    /// A non-negative quantity given in tenths, with one decimal in the locale's digits,
    /// grouping and decimal separator: `1,234.5` in English, `1 234,5` in French, `١٬٢٣٤٫٥` in
    /// Arabic, `۱٬۲۳۴٫۵` in Dari.
    pub fn tenths(self, tenths: u64) -> String {
        let separator = match self {
            Locale::En => ".",
            Locale::Fr => ",",
            Locale::Ar | Locale::Prs => "\u{066B}",
        };
        let whole = i64::try_from(tenths / 10).unwrap_or(i64::MAX);
        format!(
            "{}{separator}{}",
            self.number(whole),
            self.digits(&(tenths % 10).to_string())
        )
    }

    /// A date with the month's name, as the catalogue's `date-pattern` orders it (`14 March
    /// 2026`, `١٤ مارس ٢٠٢٦`). In Dari, the Solar Hijri date with Afghanistan's month names
    /// comes first, as Dari speakers date things, with the Gregorian date beside it
    /// (`۲۳ حوت ۱۴۰۴ (۱۴ مارچ ۲۰۲۶)`). A date that does not exist is written as `YYYY-MM-DD`
    /// in the locale's digits rather than refused.
    pub fn date(self, year: i32, month: u32, day: u32) -> String {
        let Some(month_name) = month_key(month)
            .filter(|_| (1..=days_in_month(year, month)).contains(&day))
            .map(|key| self.text(key))
        else {
            return self.digits(&format!("{year:04}-{month:02}-{day:02}"));
        };
        let gregorian = self.day_month_year(day, month_name, year);
        if self != Locale::Prs {
            return gregorian;
        }
        let (solar_year, solar_month, solar_day) = solar_hijri(year, month, day);
        match solar_month_key(solar_month) {
            Some(key) => {
                let solar = self.day_month_year(solar_day, self.text(key), solar_year);
                self.fill(
                    Key::DualDatePattern,
                    &[("solar", &solar), ("gregorian", &gregorian)],
                    false,
                )
            }
            None => gregorian,
        }
    }

    fn day_month_year(self, day: u32, month_name: &str, year: i32) -> String {
        let day = self.digits(&day.to_string());
        let year = self.digits(&year.to_string());
        self.fill(
            Key::DatePattern,
            &[("day", &day), ("month", month_name), ("year", &year)],
            false,
        )
    }

    /// A time of day on the 24-hour clock (`14:05`) in the locale's digits.
    pub fn time(self, hour: u32, minute: u32) -> String {
        self.digits(&format!("{hour:02}:{minute:02}"))
    }

    /// A moment: the weekday, the date and the time, joined as the catalogue's
    /// `date-time-pattern` says (`Saturday 14 March 2026 at 14:05`). The weekday is there
    /// because people plan by it ("Tuesday morning"), not by the date.
    pub fn date_time(self, year: i32, month: u32, day: u32, hour: u32, minute: u32) -> String {
        let date = self.weekday_date(year, month, day);
        let time = self.time(hour, minute);
        self.fill(
            Key::DateTimePattern,
            &[("date", &date), ("time", &time)],
            false,
        )
    }

    /// [`Locale::date`] of an ISO `YYYY-MM-DD` string, as server functions send dates.
    /// Anything else comes back as it is, with the locale's digits.
    pub fn iso_date(self, s: &str) -> String {
        match parse_iso_date(s) {
            Some((year, month, day)) => self.date(year, month, day),
            None => self.digits(s),
        }
    }

    /// An ISO `YYYY-MM-DD` with its weekday (`Monday 7 December 2026`), for choosing a day;
    /// anything else comes back as it is, with the locale's digits.
    pub fn iso_weekday_date(self, s: &str) -> String {
        match parse_iso_date(s) {
            Some((year, month, day)) => self.weekday_date(year, month, day),
            None => self.digits(s),
        }
    }

    /// A weekday's name, Monday being 1 as in ISO 8601 (`number_from_monday`); Sunday for 7
    /// and anything outside 1–7.
    pub fn weekday_name(self, number: u32) -> &'static str {
        let key = match number {
            1..=7 => usize::try_from(number - 1)
                .ok()
                .and_then(|index| WEEKDAYS.get(index).copied()),
            _ => None,
        };
        self.text(key.unwrap_or(Key::Weekday7))
    }

    /// [`Locale::date`] with its weekday in front, as `weekday-date-pattern` says.
    fn weekday_date(self, year: i32, month: u32, day: u32) -> String {
        let date = self.date(year, month, day);
        match weekday_key(year, month, day) {
            Some(weekday) => self.fill(
                Key::WeekdayDatePattern,
                &[("weekday", self.text(weekday)), ("date", &date)],
                false,
            ),
            None => date,
        }
    }

    /// [`Locale::date_time`] of `YYYY-MM-DD HH:MM`, optionally followed by ` UTC` (kept, in the
    /// locale's words); a bare `YYYY-MM-DD` is a date. Anything else comes back as it is, with
    /// the locale's digits.
    pub fn iso_date_time(self, s: &str) -> String {
        let (local, utc) = match s.strip_suffix(" UTC") {
            Some(local) => (local, true),
            None => (s, false),
        };
        let parsed = match local.split_once(' ') {
            Some((date, time)) => parse_iso_date(date).zip(parse_time(time)).map(
                |((year, month, day), (hour, minute))| {
                    self.date_time(year, month, day, hour, minute)
                },
            ),
            None => parse_iso_date(local).map(|(year, month, day)| self.date(year, month, day)),
        };
        match parsed {
            Some(text) if utc => format!("{text} {}", self.text(Key::TimeZoneUtc)),
            Some(text) => text,
            None => self.digits(s),
        }
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

/// The catalogue key of a month's name, January being 1.
fn month_key(month: u32) -> Option<Key> {
    const MONTHS: [Key; 12] = [
        Key::Month1,
        Key::Month2,
        Key::Month3,
        Key::Month4,
        Key::Month5,
        Key::Month6,
        Key::Month7,
        Key::Month8,
        Key::Month9,
        Key::Month10,
        Key::Month11,
        Key::Month12,
    ];
    let index = usize::try_from(month).ok()?.checked_sub(1)?;
    MONTHS.get(index).copied()
}

/// The catalogue key of a Solar Hijri month's name (Hamal, the first, is 1).
fn solar_month_key(month: u32) -> Option<Key> {
    const MONTHS: [Key; 12] = [
        Key::SolarMonth1,
        Key::SolarMonth2,
        Key::SolarMonth3,
        Key::SolarMonth4,
        Key::SolarMonth5,
        Key::SolarMonth6,
        Key::SolarMonth7,
        Key::SolarMonth8,
        Key::SolarMonth9,
        Key::SolarMonth10,
        Key::SolarMonth11,
        Key::SolarMonth12,
    ];
    let index = usize::try_from(month).ok()?.checked_sub(1)?;
    MONTHS.get(index).copied()
}

/// The Solar Hijri date (year, month, day) of an existing Gregorian date, by the arithmetic
/// 33-year cycle of leap years, which matches the calendar as observed for the years the
/// portal shows (1925–2090). The first six months have 31 days, the next five 30, the last 29
/// or 30.
fn solar_hijri(year: i32, month: u32, day: u32) -> (i32, u32, u32) {
    // Days before each Gregorian month in a common year.
    const BEFORE: [i64; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    let year = i64::from(year);
    // Leap days counted up to the end of February of the year that contains that February.
    let leap_year = if month > 2 { year + 1 } else { year };
    let month_index = usize::try_from(month.saturating_sub(1))
        .unwrap_or(0)
        .min(11);
    let mut days = 355_666 + 365 * year + (leap_year + 3).div_euclid(4)
        - (leap_year + 99).div_euclid(100)
        + (leap_year + 399).div_euclid(400)
        + i64::from(day)
        + BEFORE.get(month_index).copied().unwrap_or(0);
    let mut solar_year = -1_595 + 33 * days.div_euclid(12_053);
    days = days.rem_euclid(12_053);
    solar_year += 4 * days.div_euclid(1_461);
    days = days.rem_euclid(1_461);
    if days > 365 {
        solar_year += (days - 1).div_euclid(365);
        days = (days - 1).rem_euclid(365);
    }
    let (solar_month, solar_day) = if days < 186 {
        (1 + days.div_euclid(31), 1 + days.rem_euclid(31))
    } else {
        (
            7 + (days - 186).div_euclid(30),
            1 + (days - 186).rem_euclid(30),
        )
    };
    (
        i32::try_from(solar_year).unwrap_or(i32::MAX),
        u32::try_from(solar_month).unwrap_or(1),
        u32::try_from(solar_day).unwrap_or(1),
    )
}

/// The weekdays' catalogue keys, Monday first (ISO 8601).
const WEEKDAYS: [Key; 7] = [
    Key::Weekday1,
    Key::Weekday2,
    Key::Weekday3,
    Key::Weekday4,
    Key::Weekday5,
    Key::Weekday6,
    Key::Weekday7,
];

/// The catalogue key of the weekday of a date that exists (proleptic Gregorian calendar).
fn weekday_key(year: i32, month: u32, day: u32) -> Option<Key> {
    if !(1..=days_in_month(year, month)).contains(&day) {
        return None;
    }
    // Days since 1970-01-01 (a Thursday), by the civil-from-days method: years begin in March
    // so that the leap day is the last day of the year.
    let (y, m) = if month <= 2 {
        (i64::from(year) - 1, i64::from(month) + 9)
    } else {
        (i64::from(year), i64::from(month) - 3)
    };
    let era = y.div_euclid(400);
    let year_of_era = y.rem_euclid(400);
    let day_of_year = (153 * m + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    let days = era * 146_097 + day_of_era - 719_468;
    // 1970-01-01 was a Thursday: index 3 with Monday at 0.
    let index = usize::try_from((days + 3).rem_euclid(7)).ok()?;
    WEEKDAYS.get(index).copied()
}

/// Days in a month of the proleptic Gregorian calendar; 0 for a month that does not exist.
fn days_in_month(year: i32, month: u32) -> u32 {
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => 0,
    }
}

/// `digits` ASCII digits as a number; `None` for any other length or character.
fn fixed_digits(s: &str, digits: usize) -> Option<u32> {
    if s.len() != digits || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    s.parse().ok()
}

/// `YYYY-MM-DD` of a date that exists; `None` otherwise.
fn parse_iso_date(s: &str) -> Option<(i32, u32, u32)> {
    let mut parts = s.split('-');
    let year = i32::try_from(fixed_digits(parts.next()?, 4)?).ok()?;
    let month = fixed_digits(parts.next()?, 2)?;
    let day = fixed_digits(parts.next()?, 2)?;
    let exists = parts.next().is_none()
        && month_key(month).is_some()
        && (1..=days_in_month(year, month)).contains(&day);
    exists.then_some((year, month, day))
}

/// `HH:MM` on the 24-hour clock; `None` otherwise.
fn parse_time(s: &str) -> Option<(u32, u32)> {
    let (hour, minute) = s.split_once(':')?;
    let hour = fixed_digits(hour, 2).filter(|h| *h < 24)?;
    let minute = fixed_digits(minute, 2).filter(|m| *m < 60)?;
    Some((hour, minute))
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

    /// Whether `pattern` has any letter outside its `{variable}` markers.
    fn has_words(pattern: &str) -> bool {
        pattern
            .split('{')
            .enumerate()
            .map(|(i, part)| match part.split_once('}') {
                Some((_, text)) if i > 0 => text,
                _ => part,
            })
            .any(|text| text.chars().any(char::is_alphabetic))
    }

    #[test]
    fn translations_differ_from_english_where_the_script_differs() {
        // A copy-pasted English string in Arabic or Dari is a missing translation in disguise.
        for key in Key::ALL {
            for locale in [Locale::Ar, Locale::Prs] {
                let text = locale.text(key);
                if !has_words(text) {
                    // A pure arrangement such as `{day} {month} {year}` has nothing to translate.
                    continue;
                }
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

    const LRM: &str = "\u{200E}";
    const ALM: &str = "\u{061C}";

    #[test]
    fn digits_follow_each_locales_default_numbering_system() {
        let s = "0123456789 AMM-x";
        assert_eq!(Locale::En.digits(s), s);
        assert_eq!(Locale::Fr.digits(s), s);
        assert_eq!(Locale::Ar.digits(s), "٠١٢٣٤٥٦٧٨٩ AMM-x");
        assert_eq!(Locale::Prs.digits(s), "۰۱۲۳۴۵۶۷۸۹ AMM-x");
        assert_eq!(Locale::Ar.digits(""), "");
        assert_eq!(
            Locale::Prs.digits("٣ ½ ³"),
            "٣ ½ ³",
            "only ASCII digits change"
        );
    }

    #[test]
    fn numbers_are_grouped_by_thousands_in_each_locale() {
        assert_eq!(Locale::En.number(12_345), "12,345");
        assert_eq!(Locale::Fr.number(12_345), "12\u{202F}345");
        assert_eq!(Locale::Ar.number(12_345), "١٢٬٣٤٥");
        assert_eq!(Locale::Prs.number(12_345), "۱۲٬۳۴۵");
        assert_eq!(Locale::En.number(1_234_567), "1,234,567");
        assert_eq!(Locale::En.number(999), "999");
        assert_eq!(Locale::En.number(1_000), "1,000");
        assert_eq!(Locale::Fr.number(100_000), "100\u{202F}000");
    }

    #[test]
    fn tenths_have_one_decimal_in_each_locale() {
        assert_eq!(Locale::En.tenths(12_345), "1,234.5");
        assert_eq!(Locale::Fr.tenths(12_345), "1\u{202F}234,5");
        assert_eq!(Locale::Ar.tenths(125), "١٢٫٥");
        assert_eq!(Locale::Prs.tenths(3), "۰٫۳");
        assert_eq!(Locale::En.tenths(0), "0.0");
    }

    #[test]
    fn zero_and_negative_numbers_have_a_sign_only_when_negative() {
        assert_eq!(Locale::En.number(0), "0");
        assert_eq!(Locale::Fr.number(0), "0");
        assert_eq!(Locale::Ar.number(0), "٠");
        assert_eq!(Locale::Prs.number(0), "۰");
        assert_eq!(Locale::En.number(-1_234), "-1,234");
        assert_eq!(Locale::Fr.number(-7), "-7");
        assert_eq!(Locale::Ar.number(-1_234), format!("{ALM}-١٬٢٣٤"));
        assert_eq!(Locale::Prs.number(-5), format!("{LRM}\u{2212}۵"));
        assert_eq!(Locale::En.number(i64::MIN), "-9,223,372,036,854,775,808");
        assert_eq!(Locale::En.number(i64::MAX), "9,223,372,036,854,775,807");
    }

    #[test]
    fn dates_name_the_month_in_every_locale() {
        assert_eq!(Locale::En.date(2026, 3, 14), "14 March 2026");
        assert_eq!(Locale::Fr.date(2026, 3, 14), "14 mars 2026");
        assert_eq!(Locale::Ar.date(2026, 3, 14), "١٤ مارس ٢٠٢٦");
        assert_eq!(Locale::Prs.date(2026, 3, 14), "۲۳ حوت ۱۴۰۴ (۱۴ مارچ ۲۰۲۶)");
        for locale in Locale::ALL {
            let text = locale.date(2026, 3, 4);
            assert!(!text.contains(['{', '\u{2068}', '\u{2069}']), "{text:?}");
        }
    }

    #[test]
    fn every_month_has_its_own_name_from_january_to_december() {
        assert_eq!(Locale::En.date(2026, 1, 1), "1 January 2026");
        assert_eq!(Locale::En.date(2025, 12, 31), "31 December 2025");
        assert_eq!(Locale::Fr.date(2026, 8, 1), "1 août 2026");
        assert_eq!(Locale::Ar.date(2026, 1, 1), "١ يناير ٢٠٢٦");
        assert_eq!(Locale::Ar.date(2026, 12, 31), "٣١ ديسمبر ٢٠٢٦");
        assert_eq!(Locale::Prs.date(2026, 1, 1), "۱۱ جدی ۱۴۰۴ (۱ جنوری ۲۰۲۶)");
        assert_eq!(
            Locale::Prs.date(2026, 12, 31),
            "۱۰ جدی ۱۴۰۵ (۳۱ دسمبر ۲۰۲۶)"
        );
        for locale in Locale::ALL {
            let names: std::collections::BTreeSet<String> =
                (1..=12).map(|m| locale.date(2026, m, 1)).collect();
            assert_eq!(names.len(), 12, "{locale}");
        }
    }

    #[test]
    fn month_ends_follow_the_gregorian_calendar() {
        assert_eq!(Locale::En.date(2024, 2, 29), "29 February 2024");
        assert_eq!(Locale::En.date(2000, 2, 29), "29 February 2000");
        assert_eq!(Locale::En.date(2026, 4, 30), "30 April 2026");
        assert_eq!(
            Locale::En.date(2026, 2, 29),
            "2026-02-29",
            "not a leap year"
        );
        assert_eq!(
            Locale::En.date(1900, 2, 29),
            "1900-02-29",
            "not a leap year"
        );
        assert_eq!(Locale::En.date(2026, 4, 31), "2026-04-31");
        assert_eq!(Locale::Ar.date(2026, 13, 1), "٢٠٢٦-١٣-٠١");
        assert_eq!(Locale::Prs.date(2026, 0, 1), "۲۰۲۶-۰۰-۰۱");
        assert_eq!(Locale::Fr.date(2026, 1, 0), "2026-01-00");
    }

    #[test]
    fn times_are_on_the_24_hour_clock_in_the_locales_digits() {
        assert_eq!(Locale::En.time(14, 5), "14:05");
        assert_eq!(Locale::Fr.time(0, 0), "00:00");
        assert_eq!(Locale::Ar.time(14, 5), "١٤:٠٥");
        assert_eq!(Locale::Prs.time(23, 59), "۲۳:۵۹");
    }

    #[test]
    fn date_times_join_date_and_time_as_the_catalogue_says() {
        assert_eq!(
            Locale::En.date_time(2026, 3, 14, 9, 30),
            "Saturday 14 March 2026 at 09:30"
        );
        assert_eq!(
            Locale::Fr.date_time(2026, 3, 14, 9, 30),
            "samedi 14 mars 2026 à 09:30"
        );
        assert_eq!(
            Locale::Ar.date_time(2026, 3, 14, 9, 30),
            "السبت ١٤ مارس ٢٠٢٦، الساعة ٠٩:٣٠"
        );
        assert_eq!(
            Locale::Prs.date_time(2026, 3, 14, 9, 30),
            "شنبه ۲۳ حوت ۱۴۰۴ (۱۴ مارچ ۲۰۲۶)، ساعت ۰۹:۳۰"
        );
    }

    #[test]
    fn solar_hijri_dates_start_the_year_at_nowruz_and_follow_the_leap_years() {
        // Nowruz, the first of Hamal, as it fell.
        for (gregorian, solar) in [
            ((2023, 3, 21), (1402, 1, 1)),
            ((2024, 3, 20), (1403, 1, 1)),
            ((2025, 3, 21), (1404, 1, 1)),
            ((2026, 3, 21), (1405, 1, 1)),
            ((1979, 3, 21), (1358, 1, 1)),
            ((2001, 9, 11), (1380, 6, 20)),
            ((2021, 8, 15), (1400, 5, 24)),
        ] {
            assert_eq!(
                solar_hijri(gregorian.0, gregorian.1, gregorian.2),
                solar,
                "{gregorian:?}"
            );
        }
        // The last day of a leap year (1403 has a 30th of Hoot), then the new year.
        assert_eq!(solar_hijri(2025, 3, 20), (1403, 12, 30));
        assert_eq!(solar_hijri(2024, 3, 19), (1402, 12, 29));
        // Every day from 1925 to 2090 maps to a real date, one day after the day before.
        let mut previous = solar_hijri(1925, 1, 1);
        for year in 1925..=2090 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    if (year, month, day) == (1925, 1, 1) {
                        continue;
                    }
                    let next = solar_hijri(year, month, day);
                    let (y, m, d) = previous;
                    let last_day = match m {
                        1..=6 => d == 31,
                        7..=11 => d == 30,
                        // Hoot: 29 days, 30 in a leap year.
                        _ => d >= 29,
                    };
                    let expected = if !last_day {
                        (y, m, d + 1)
                    } else if m == 12 {
                        (y + 1, 1, 1)
                    } else {
                        (y, m + 1, 1)
                    };
                    // The 30th of Hoot exists only in leap years: after the 29th either follows.
                    let leap_day = m == 12 && d == 29 && next == (y, 12, 30);
                    assert!(
                        next == expected || leap_day,
                        "{year}-{month}-{day}: {previous:?} then {next:?}"
                    );
                    previous = next;
                }
            }
        }
    }

    #[test]
    fn weekdays_are_named_by_their_iso_number() {
        assert_eq!(Locale::En.weekday_name(1), "Monday");
        assert_eq!(Locale::Ar.weekday_name(7), "الأحد");
        assert_eq!(Locale::En.weekday_name(0), "Sunday");
    }

    #[test]
    fn days_to_choose_from_carry_their_weekday() {
        assert_eq!(
            Locale::En.iso_weekday_date("2026-12-07"),
            "Monday 7 December 2026"
        );
        assert_eq!(
            Locale::Ar.iso_weekday_date("2026-12-07"),
            "الاثنين ٧ ديسمبر ٢٠٢٦"
        );
        assert_eq!(Locale::Prs.iso_weekday_date("x-1"), "x-۱");
    }

    #[test]
    fn weekdays_follow_the_calendar_across_leap_years_and_centuries() {
        // (date, Monday = 0): the epoch, leap days, a century that is not a leap year, 2000.
        for (year, month, day, index) in [
            (1970, 1, 1, 3),
            (2024, 2, 29, 3),
            (2026, 12, 9, 2),
            (1900, 3, 1, 3),
            (2000, 2, 29, 1),
            (1969, 12, 31, 2),
            (2100, 1, 1, 4),
        ] {
            let key = weekday_key(year, month, day);
            assert_eq!(
                key.map(|k| Locale::En.text(k)),
                Some(Locale::En.text(
                    [
                        Key::Weekday1,
                        Key::Weekday2,
                        Key::Weekday3,
                        Key::Weekday4,
                        Key::Weekday5,
                        Key::Weekday6,
                        Key::Weekday7
                    ][index]
                )),
                "{year}-{month}-{day}"
            );
        }
        assert_eq!(weekday_key(2026, 2, 29), None);
        assert_eq!(weekday_key(2026, 13, 1), None);
    }

    #[test]
    fn iso_dates_from_server_functions_are_written_out() {
        assert_eq!(Locale::En.iso_date("1992-03-14"), "14 March 1992");
        assert_eq!(Locale::Fr.iso_date("2026-12-01"), "1 décembre 2026");
        assert_eq!(Locale::Ar.iso_date("2026-01-31"), "٣١ يناير ٢٠٢٦");
        assert_eq!(
            Locale::Prs.iso_date("2024-02-29"),
            "۱۰ حوت ۱۴۰۲ (۲۹ فبروری ۲۰۲۴)"
        );
    }

    #[test]
    fn unreadable_iso_dates_come_back_as_they_are_in_the_locales_digits() {
        for bad in [
            "",
            "unknown",
            "2026-02-30",
            "2026-13-01",
            "2026-3-14",
            "26-03-14",
            "2026-03-14-01",
            "2026-03-14 10:00",
            "٢٠٢٦-٠٣-١٤",
            "+202-03-14",
        ] {
            assert_eq!(Locale::En.iso_date(bad), bad);
            assert_eq!(Locale::Ar.iso_date(bad), Locale::Ar.digits(bad));
        }
        assert_eq!(Locale::Prs.iso_date("2026-02-30"), "۲۰۲۶-۰۲-۳۰");
    }

    #[test]
    fn iso_date_times_keep_the_utc_label_in_the_locales_words() {
        assert_eq!(
            Locale::En.iso_date_time("2026-03-14 14:05 UTC"),
            "Saturday 14 March 2026 at 14:05 UTC"
        );
        assert_eq!(
            Locale::En.iso_date_time("2026-03-14 14:05"),
            "Saturday 14 March 2026 at 14:05"
        );
        assert_eq!(
            Locale::Fr.iso_date_time("2026-03-14 00:00 UTC"),
            "samedi 14 mars 2026 à 00:00 UTC"
        );
        assert_eq!(
            Locale::Ar.iso_date_time("2026-03-14 14:05 UTC"),
            "السبت ١٤ مارس ٢٠٢٦، الساعة ١٤:٠٥ بالتوقيت العالمي"
        );
        assert_eq!(
            Locale::Prs.iso_date_time("2025-12-31 23:59"),
            "چهارشنبه ۱۰ جدی ۱۴۰۴ (۳۱ دسمبر ۲۰۲۵)، ساعت ۲۳:۵۹"
        );
        assert_eq!(Locale::En.iso_date_time("2026-03-14"), "14 March 2026");
    }

    #[test]
    fn unreadable_iso_date_times_come_back_as_they_are_in_the_locales_digits() {
        for bad in [
            "",
            "UTC",
            " UTC",
            "2026-03-14 24:00",
            "2026-03-14 12:60",
            "2026-03-14 9:30",
            "2026-03-14T09:30",
            "2026-03-14 09:30:00",
            "2026-02-29 09:30 UTC",
            "2026-03-14 09:30 CET",
            "2026-03-14  09:30",
        ] {
            assert_eq!(Locale::En.iso_date_time(bad), bad);
            assert_eq!(Locale::Prs.iso_date_time(bad), Locale::Prs.digits(bad));
        }
        assert_eq!(
            Locale::Ar.iso_date_time("2026-03-14 24:00 UTC"),
            "٢٠٢٦-٠٣-١٤ ٢٤:٠٠ UTC"
        );
    }
}
