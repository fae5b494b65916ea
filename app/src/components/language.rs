//! The language switch: one button per language, each labelled in its own language. With
//! JavaScript the page switches at once and the choice is kept in the background; without, the
//! same form posts and the browser comes back to the same page in the new language.
//!
//! Owns: the switch. Must never: translate anything itself.

use leptos::prelude::*;
use portal_i18n::Locale;

use leptos_router::hooks::use_location;

use crate::api::account::SetLocale;
use crate::i18n::{t, use_locale, Key};

/// The language switch: one button per language, each labelled in its own language.
#[component]
pub fn LanguageSwitch() -> impl IntoView {
    let locale = use_locale();
    let persist = ServerAction::<SetLocale>::new();
    // Without JavaScript the form posts and the server sends the browser back here (the
    // portal sends no Referer, so the form says where "here" is).
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        match search.as_str() {
            "" => location.pathname.get(),
            s if s.starts_with('?') => format!("{}{s}", location.pathname.get()),
            s => format!("{}?{s}", location.pathname.get()),
        }
    };
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
                return_to: None,
            });
        }
    };
    let action_url = <SetLocale as leptos::server_fn::ServerFn>::url();
    view! {
        <form class="language-switch" method="post" action=action_url on:submit=on_submit>
            <input type="hidden" name="return_to" value=here />
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
