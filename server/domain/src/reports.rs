//! The operation in numbers: a report's period, counts by day and by week, the age of what
//! waits (median and 90th percentile), rates, and the small-cell rule of every export.
//!
//! Reports carry aggregates only. A count that leaves the portal (a CSV file) and is below
//! [`SUPPRESS_BELOW`] (but not zero) is written as `<5`, so that a file shared with a partner
//! cannot single out one family; a rate or an age made from fewer than that many is left out
//! the same way.
//!
//! Owns: the arithmetic of reports. Must never: hold a person's data (callers pass dates,
//! statuses and counts).

use chrono::{Datelike, Duration, NaiveDate};

use crate::{Field, Problem, ValidationError};

/// Longest period of a report, in days (a year, leap day included).
pub const MAX_DAYS: i64 = 366;

/// Days of the period a report shows when none is asked for: the last four weeks.
pub const DEFAULT_DAYS: i64 = 28;

/// Counts below this (but above zero) are suppressed in exports.
pub const SUPPRESS_BELOW: u64 = 5;

/// A report's days, both ends included.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    from: NaiveDate,
    to: NaiveDate,
}

impl Period {
    /// The days from `from` to `to`: not reversed, at most [`MAX_DAYS`] long.
    pub fn new(from: NaiveDate, to: NaiveDate) -> Result<Period, ValidationError> {
        if to < from {
            return Err(ValidationError::new(
                Field::PeriodTo,
                Problem::Format("a day on or after the first day"),
            ));
        }
        if (to - from).num_days() + 1 > MAX_DAYS {
            return Err(ValidationError::new(
                Field::PeriodTo,
                Problem::TooMany {
                    max: MAX_DAYS as usize,
                },
            ));
        }
        Ok(Period { from, to })
    }

    /// The [`DEFAULT_DAYS`] days ending on `today`.
    pub fn ending(today: NaiveDate) -> Period {
        Period {
            from: today - Duration::days(DEFAULT_DAYS - 1),
            to: today,
        }
    }

    /// The first day.
    pub fn from(&self) -> NaiveDate {
        self.from
    }

    /// The last day.
    pub fn to(&self) -> NaiveDate {
        self.to
    }

    /// How many days.
    pub fn len(&self) -> usize {
        usize::try_from((self.to - self.from).num_days() + 1).unwrap_or(0)
    }

    /// Never: a period has at least one day.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Whether `day` is in the period.
    pub fn contains(&self, day: NaiveDate) -> bool {
        self.from <= day && day <= self.to
    }

    /// Every day, in order.
    pub fn days(&self) -> impl Iterator<Item = NaiveDate> {
        let from = self.from;
        (0..self.len()).filter_map(move |i| {
            i64::try_from(i)
                .ok()
                .and_then(|i| from.checked_add_signed(Duration::days(i)))
        })
    }
}

/// The Monday of `day`'s ISO week.
pub fn week_of(day: NaiveDate) -> NaiveDate {
    day - Duration::days(i64::from(day.weekday().num_days_from_monday()))
}

/// A count for each day of a period (days without any are zero).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Daily {
    /// Each day of the period and its count, in order.
    pub days: Vec<(NaiveDate, u64)>,
}

impl Daily {
    /// Counts `days` (one entry per thing counted) over `period`; days outside it are left out.
    pub fn count(period: &Period, days: impl IntoIterator<Item = NaiveDate>) -> Daily {
        let mut counts = vec![0_u64; period.len()];
        for day in days {
            if period.contains(day) {
                let at = usize::try_from((day - period.from).num_days()).unwrap_or(usize::MAX);
                if let Some(slot) = counts.get_mut(at) {
                    *slot += 1;
                }
            }
        }
        Daily {
            days: period.days().zip(counts).collect(),
        }
    }

    /// The sum over the period.
    pub fn total(&self) -> u64 {
        self.days.iter().map(|(_, n)| n).sum()
    }

    /// The counts by ISO week (each week by its Monday, which may fall before the period).
    pub fn weekly(&self) -> Vec<(NaiveDate, u64)> {
        let mut weeks: Vec<(NaiveDate, u64)> = Vec::new();
        for (day, n) in &self.days {
            let week = week_of(*day);
            match weeks.last_mut() {
                Some((monday, total)) if *monday == week => *total += n,
                _ => weeks.push((week, *n)),
            }
        }
        weeks
    }
}

/// The value at percentile `p` (0–100) of `values` by the nearest-rank method: the smallest
/// value with at least `p` percent of the values at or below it. `None` when there are none.
pub fn percentile(values: &[i64], p: u8) -> Option<i64> {
    if values.is_empty() {
        return None;
    }
    let mut sorted = values.to_vec();
    sorted.sort_unstable();
    let n = sorted.len();
    // rank = ceil(p/100 × n), at least 1.
    let rank = (usize::from(p.min(100)) * n).div_ceil(100).max(1);
    sorted.get(rank - 1).copied()
}

/// The ages of what is waiting, in hours: how many, the median and the 90th percentile.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ages {
    /// How many are waiting.
    pub count: u64,
    /// Median age in hours (none when nothing waits).
    pub median_hours: Option<i64>,
    /// 90th percentile of the ages in hours.
    pub p90_hours: Option<i64>,
}

impl Ages {
    /// The ages of `hours` (one per thing waiting).
    pub fn of(hours: &[i64]) -> Ages {
        Ages {
            count: u64::try_from(hours.len()).unwrap_or(u64::MAX),
            median_hours: percentile(hours, 50),
            p90_hours: percentile(hours, 90),
        }
    }
}

/// `part` of `whole` in per cent, rounded to one decimal (per mille as an integer); `None`
/// when `whole` is zero.
pub fn per_mille(part: u64, whole: u64) -> Option<u64> {
    if whole == 0 {
        return None;
    }
    let part = u128::from(part.min(whole));
    let whole = u128::from(whole);
    u64::try_from((part * 1000 + whole / 2) / whole).ok()
}

/// A count as an export writes it: the number, or `<5` for one below [`SUPPRESS_BELOW`]
/// other than zero.
pub fn export_count(n: u64) -> String {
    if n > 0 && n < SUPPRESS_BELOW {
        format!("<{SUPPRESS_BELOW}")
    } else {
        n.to_string()
    }
}

/// A value computed from `basis` things (a rate, an age) as an export writes it: left empty
/// when the basis is below [`SUPPRESS_BELOW`], else `value`.
pub fn export_derived(basis: u64, value: Option<String>) -> String {
    if basis < SUPPRESS_BELOW {
        String::new()
    } else {
        value.unwrap_or_default()
    }
}

/// A CSV field: quoted when it holds a comma, quote or line break; a leading `=`, `+`, `-`
/// or `@` is prefixed with `'` so a spreadsheet never runs it as a formula.
pub fn csv_field(raw: &str) -> String {
    let guarded = if raw.starts_with(['=', '+', '-', '@']) {
        format!("'{raw}")
    } else {
        raw.to_owned()
    };
    if guarded.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", guarded.replace('"', "\"\""))
    } else {
        guarded
    }
}

/// A CSV line of `fields`, ending in CRLF (RFC 4180).
pub fn csv_line<S: AsRef<str>>(fields: &[S]) -> String {
    let mut line = fields
        .iter()
        .map(|f| csv_field(f.as_ref()))
        .collect::<Vec<_>>()
        .join(",");
    line.push_str("\r\n");
    line
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn a_period_is_in_order_and_at_most_a_year() {
        let p = Period::new(day("2026-11-01"), day("2026-11-30")).unwrap();
        assert_eq!(p.len(), 30);
        assert_eq!(p.days().count(), 30);
        assert_eq!(p.days().last(), Some(day("2026-11-30")));
        assert_eq!(
            Period::new(day("2026-11-01"), day("2026-11-01"))
                .unwrap()
                .len(),
            1
        );
        let reversed = Period::new(day("2026-11-02"), day("2026-11-01")).unwrap_err();
        assert_eq!(reversed.field, Field::PeriodTo);
        assert!(Period::new(day("2024-01-01"), day("2024-12-31")).is_ok()); // 366 days
        let long = Period::new(day("2024-01-01"), day("2025-01-01")).unwrap_err();
        assert_eq!(long.problem, Problem::TooMany { max: 366 });
        let default = Period::ending(day("2026-12-06"));
        assert_eq!((default.from(), default.len()), (day("2026-11-09"), 28));
    }

    #[test]
    fn days_are_counted_in_their_period_only() {
        let p = Period::new(day("2026-11-30"), day("2026-12-02")).unwrap();
        let daily = Daily::count(
            &p,
            [
                day("2026-11-29"),
                day("2026-11-30"),
                day("2026-12-02"),
                day("2026-12-02"),
                day("2026-12-03"),
            ],
        );
        assert_eq!(
            daily.days,
            vec![
                (day("2026-11-30"), 1),
                (day("2026-12-01"), 0),
                (day("2026-12-02"), 2)
            ]
        );
        assert_eq!(daily.total(), 3);
    }

    #[test]
    fn weeks_start_on_monday_and_sum_their_days() {
        // 2026-11-29 is a Sunday, 2026-11-30 a Monday.
        assert_eq!(week_of(day("2026-11-29")), day("2026-11-23"));
        assert_eq!(week_of(day("2026-11-30")), day("2026-11-30"));
        let p = Period::new(day("2026-11-28"), day("2026-12-08")).unwrap();
        let daily = Daily::count(
            &p,
            [
                day("2026-11-28"),
                day("2026-11-29"),
                day("2026-12-01"),
                day("2026-12-08"),
            ],
        );
        assert_eq!(
            daily.weekly(),
            vec![
                (day("2026-11-23"), 2),
                (day("2026-11-30"), 1),
                (day("2026-12-07"), 1)
            ]
        );
    }

    #[test]
    fn percentiles_by_nearest_rank() {
        assert_eq!(percentile(&[], 50), None);
        assert_eq!(percentile(&[7], 50), Some(7));
        assert_eq!(percentile(&[7], 90), Some(7));
        // 1..=10: the median is the 5th value, the 90th percentile the 9th.
        let ten: Vec<i64> = (1..=10).rev().collect();
        assert_eq!(percentile(&ten, 50), Some(5));
        assert_eq!(percentile(&ten, 90), Some(9));
        assert_eq!(percentile(&ten, 100), Some(10));
        assert_eq!(percentile(&ten, 0), Some(1));
        // Four values: the median is the 2nd, the 90th percentile the 4th.
        assert_eq!(percentile(&[10, 40, 20, 30], 50), Some(20));
        assert_eq!(percentile(&[10, 40, 20, 30], 90), Some(40));
        let ages = Ages::of(&[48, 2, 24, 300, 5]);
        assert_eq!(
            ages,
            Ages {
                count: 5,
                median_hours: Some(24),
                p90_hours: Some(300)
            }
        );
    }

    #[test]
    fn rates_round_to_a_tenth_of_a_per_cent() {
        assert_eq!(per_mille(1, 3), Some(333));
        assert_eq!(per_mille(2, 3), Some(667));
        assert_eq!(per_mille(0, 9), Some(0));
        assert_eq!(per_mille(5, 5), Some(1000));
        assert_eq!(per_mille(1, 0), None);
        assert_eq!(per_mille(u64::MAX, u64::MAX), Some(1000));
    }

    #[test]
    fn small_cells_are_suppressed_in_exports() {
        assert_eq!(export_count(0), "0");
        for n in 1..5 {
            assert_eq!(export_count(n), "<5", "{n}");
        }
        assert_eq!(export_count(5), "5");
        assert_eq!(export_count(1234), "1234");
        assert_eq!(export_derived(4, Some("25.0".into())), "");
        assert_eq!(export_derived(5, Some("20.0".into())), "20.0");
        assert_eq!(export_derived(9, None), "");
    }

    #[test]
    fn csv_fields_are_quoted_and_never_formulas() {
        assert_eq!(csv_field("AMM"), "AMM");
        assert_eq!(csv_field("a,b"), "\"a,b\"");
        assert_eq!(csv_field("say \"hi\""), "\"say \"\"hi\"\"\"");
        assert_eq!(csv_field("=1+1"), "'=1+1");
        assert_eq!(csv_field("-2"), "'-2");
        assert_eq!(csv_line(&["a", "b,c"]), "a,\"b,c\"\r\n");
    }
}
