//! Translations in the UI: the current locale as a signal, reactive text, the language switch.
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

/// Remembers the chosen language in a cookie (a year, whole site) and, when a person is signed
/// in, in their profile, so it follows them to another phone and into their mails. Staff and
/// visitors: the cookie only.
#[server(prefix = "/api", endpoint = "locale")]
pub async fn set_locale(locale: String) -> Result<(), ServerFnError> {
    use crate::server::request::{principal, refuse};
    use http::header::SET_COOKIE;
    use portal_domain::session::Principal;
    use portal_web::language;

    let locale: Locale = locale
        .parse()
        .map_err(|_| ServerFnError::new("unsupported language"))?;
    let https = expect_context::<crate::server::state::AppState>()
        .config
        .is_https();
    let response = expect_context::<leptos_axum::ResponseOptions>();
    response.append_header(SET_COOKIE, language::set_cookie(locale, https));
    let (state, principal) = principal().await?;
    if let Some(Principal::Person(person)) = principal {
        let request_id = crate::server::request::request_id();
        portal_core::people::remember_language(
            &state.store,
            person,
            locale,
            state.clock.now(),
            request_id.as_deref(),
        )
        .await
        .map_err(|error| {
            tracing::warn!(error = %error, "the portal language could not be saved");
            refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable")
        })?;
    }
    Ok(())
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

/// The language switch: one button per language, each labelled in its own language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let persist = ServerAction::<SetLocale>::new();
    let on_submit = move |event: leptos::ev::SubmitEvent| {
        let chosen = event
            .submitter()
            .and_then(|button| button.get_attribute("value"))
            .and_then(|tag| tag.parse::<Locale>().ok());
        if let Some(chosen) = chosen {
            event.prevent_default();
            locale.set(chosen);
            persist.dispatch(SetLocale {
                locale: chosen.tag().to_owned(),
            });
        }
    };
    let action_url = <SetLocale as leptos::server_fn::ServerFn>::url();
    view! {
        <form class="language-switch" method="post" action=action_url on:submit=on_submit>
            <fieldset>
                <legend>{t(Key::LanguageSwitchLabel)}</legend>
                {Locale::ALL
                    .into_iter()
                    .map(|option| {
                        view! {
                            <button
                                type="submit"
                                name="locale"
                                value=option.tag()
                                lang=option.tag()
                                dir=option.direction().as_str()
                                aria-pressed=move || (locale.get() == option).to_string()
                            >
                                {option.native_name()}
                            </button>
                        }
                    })
                    .collect_view()}
            </fieldset>
        </form>
    }
}
