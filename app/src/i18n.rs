//! Translations in the UI: the current locale as a signal and reactive text. (The language
//! switch is `components::language`.)
//!
//! The locale is chosen on the server (cookie, then `Accept-Language`), written into
//! `<html lang dir>`, and read back from there when the page hydrates, so both sides agree.
//! Switching language updates every text and the layout direction at once, with no reload,
//! and remembers the choice in a cookie (and, for a signed-in person, in their profile, which
//! brings it back at their next sign-in on any phone); without JavaScript the same form posts
//! and reloads.
//!
//! Owns: locale state in the UI. Must never: contain translated text (see `i18n/locales`).

use leptos::prelude::*;
pub use portal_i18n::{Direction, Key, Locale, LOCALE_COOKIE};
pub use portal_types::{Keyed, Label};

/// The locale signal shared by every component of one page.
#[derive(Clone, Copy)]
struct LocaleContext(RwSignal<Locale>);

/// Makes `initial` the page's locale.
pub fn provide_locale(initial: Locale) -> RwSignal<Locale> {
    let signal = RwSignal::new(initial);
    provide_context(LocaleContext(signal));
    signal
}

/// The page's locale, providing one when missing (on the client it is read from `<html lang>`).
pub fn use_locale() -> RwSignal<Locale> {
    match use_context::<LocaleContext>() {
        Some(LocaleContext(signal)) => signal,
        None => provide_locale(document_locale()),
    }
}

/// The locale written into the server-rendered `<html lang>`.
fn document_locale() -> Locale {
    #[cfg(feature = "hydrate")]
    {
        let lang = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.document_element())
            .and_then(|e| e.get_attribute("lang"));
        if let Some(locale) = lang.and_then(|l| l.parse().ok()) {
            return locale;
        }
    }
    Locale::En
}

/// Reactive text for `key` in the page's locale.
pub fn t(key: Key) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static {
    let locale = use_locale();
    move || locale.get().text(key)
}

/// Reactive words for a code (a country, a language, a status…): never the code itself.
pub fn l<T>(value: T) -> impl Fn() -> &'static str + Copy + Send + Sync + 'static
where
    T: Label + Copy + Send + Sync + 'static,
{
    let locale = use_locale();
    move || value.label(locale.get())
}

/// Reactive words for a list of codes, joined the way the locale joins a list.
pub fn l_list<T>(values: Vec<T>) -> impl Fn() -> String + Send + Sync + 'static
where
    T: Label + Send + Sync + 'static,
{
    let locale = use_locale();
    move || {
        let locale = locale.get();
        let separator = if locale.direction() == Direction::Rtl {
            "، "
        } else {
            ", "
        };
        values
            .iter()
            .map(|v| v.label(locale))
            .collect::<Vec<_>>()
            .join(separator)
    }
}

/// Reactive text for `key` with variables filled in.
pub fn t_with(
    key: Key,
    args: Vec<(&'static str, String)>,
) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = use_locale();
    move || {
        let args: Vec<(&str, &str)> = args.iter().map(|(k, v)| (*k, v.as_str())).collect();
        locale.get().format(key, &args)
    }
}

/// Keeps `<html lang dir>` in step with the locale after hydration.
pub fn sync_document_language(locale: RwSignal<Locale>) {
    Effect::new(move |_| {
        let locale = locale.get();
        if let Some(root) = document().document_element() {
            let _ = root.set_attribute("lang", locale.tag());
            let _ = root.set_attribute("dir", locale.direction().as_str());
        }
    });
}
