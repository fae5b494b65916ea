//! "Sign out on all devices": a plain form, so it works with or without JavaScript, and it
//! asks first (it ends every session, this one included). Plain "Sign out" is in the header.

use leptos::prelude::*;

use crate::components::confirm::Confirm;
use crate::i18n::Key;

/// "Sign out on all devices", after a question.
#[component]
pub fn SignOutEverywhere() -> impl IntoView {
    view! {
        <div class="actions">
            <Confirm
                action="/auth/signout-everywhere".to_owned()
                label=Key::SignoutEverywhere
                question=Key::ConfirmSignoutEverywhere
                yes=Key::ConfirmSignoutEverywhereYes
            />
        </div>
    }
}
