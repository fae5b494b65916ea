//! Dates, times and counts in the page's language. Server functions send ISO strings
//! (`YYYY-MM-DD`, `YYYY-MM-DD HH:MM`, optionally followed by ` UTC`) and plain integers, which
//! stay stable for API clients and tests; the views write them out here, reactively, so a
//! language switch rewrites them with the rest of the page (`14 March 2026`, `١٤ مارس ٢٠٢٦`).
//!
//! Owns: turning those values into text in a view. Must never: touch identifiers —
//! registration, case, reference and phone numbers keep their Latin digits.

use leptos::prelude::*;

use crate::i18n::{use_locale, Key};

/// An ISO date or date-time in a `<time>` element, written out in the page's language; the
/// ISO value stays in `datetime` for machines (` UTC` becomes `Z`).
#[component]
pub fn When(iso: String) -> impl IntoView {
    let locale = use_locale();
    let machine = match iso.strip_suffix(" UTC") {
        Some(time) => format!("{time}Z"),
        None => iso.clone(),
    };
    view! { <time datetime=machine>{move || locale.get().iso_date_time(&iso)}</time> }
}

/// An ISO date or date-time as reactive plain text (for `<option>`, attributes).
pub fn when(iso: String) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = use_locale();
    move || locale.get().iso_date_time(&iso)
}

/// Reactive text for `key` whose `{name}` is the ISO date or date-time `iso`, written out.
pub fn t_when(
    key: Key,
    name: &'static str,
    iso: String,
) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = use_locale();
    move || {
        let locale = locale.get();
        locale.format(key, &[(name, &locale.iso_date_time(&iso))])
    }
}

/// Reactive text for `key` whose `{name}` is the count `n`, in the page's digits and grouping.
pub fn t_count(
    key: Key,
    name: &'static str,
    n: i64,
) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = use_locale();
    move || {
        let locale = locale.get();
        locale.format(key, &[(name, &locale.number(n))])
    }
}

/// A count on its own, in the page's digits and grouping.
pub fn count(n: i64) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = use_locale();
    move || locale.get().number(n)
}
