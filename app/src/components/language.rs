//! The language switch: one button per language, each labelled in its own language. With
//! JavaScript the page switches at once and the choice is kept in the background; without, the
//! same form posts and the page reloads in the new language.
//!
//! Owns: the switch. Must never: translate anything itself.

use leptos::prelude::*;
use portal_i18n::Locale;

use crate::api::account::SetLocale;
use crate::i18n::{t, use_locale, Key};

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
