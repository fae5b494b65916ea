//! `/signin`: username-less sign-in with a passkey, for people and staff, with passkey
//! autofill (WebAuthn conditional UI) on the field where the browser supports it.

use leptos::prelude::*;

use crate::i18n::{t, Key};

/// The sign-in page.
#[component]
pub fn SignInPage() -> impl IntoView {
    view! {
        <section
            class="narrow stack"
            aria-labelledby="signin-title"
            data-signin-root=""
            data-msg-working=t(Key::Working)
            data-msg-refused=t(Key::SigninRefused)
            data-msg-cancelled=t(Key::PasskeyCancelled)
            data-msg-unsupported=t(Key::PasskeyUnsupported)
        >
            <h1 id="signin-title">{t(Key::SigninTitle)}</h1>
            <p class="lead">{t(Key::SigninLead)}</p>
            <noscript>
                <p class="status status--error">{t(Key::PasskeyNeedsJavascript)}</p>
            </noscript>
            <div class="field">
                <label for="passkey-autofill">{t(Key::SigninAutofillLabel)}</label>
                <input id="passkey-autofill" name="username" autocomplete="username webauthn" dir="ltr" />
            </div>
            <button type="button" class="button button--primary" data-signin="">
                {t(Key::SigninButton)}
            </button>
            <p class="status" data-status="" role="status" aria-live="polite"></p>
            <p class="hint">{t(Key::SigninFirstTime)}</p>
        </section>
        <script type="module" src="/passkeys.js"></script>
    }
}
