//! Sign-out buttons: plain forms, so they work with or without JavaScript.

use leptos::prelude::*;

use crate::i18n::{t, Key};

/// "Sign out" and "Sign out on all devices".
#[component]
pub fn SignOutButtons() -> impl IntoView {
    view! {
        <div class="actions">
            <form method="post" action="/auth/signout">
                <button type="submit" class="button">{t(Key::Signout)}</button>
            </form>
            <form method="post" action="/auth/signout-everywhere">
                <button type="submit" class="button">{t(Key::SignoutEverywhere)}</button>
            </form>
        </div>
    }
}
