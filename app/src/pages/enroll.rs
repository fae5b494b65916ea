//! `/enroll/{token}` and `/enroll`: a person with a slip confirms who they are and creates a
//! passkey. The ceremony runs in `/passkeys.js`; every message it shows is rendered here, in
//! the page's language, into data attributes.

use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

use crate::i18n::{t, Key};

/// The enrollment page.
#[component]
pub fn EnrollPage() -> impl IntoView {
    let params = use_params_map();
    let token = move || params.read().get("token").unwrap_or_default();
    let has_token = move || !token().is_empty();
    view! {
        <section class="narrow" aria-labelledby="enroll-title">
            <h1 id="enroll-title">{t(Key::EnrollTitle)}</h1>
            <p class="lead">{t(Key::EnrollLead)}</p>
            <noscript>
                <p class="status status--error">{t(Key::PasskeyNeedsJavascript)}</p>
            </noscript>
            <form
                class="stack"
                data-enroll=""
                data-msg-working=t(Key::Working)
                data-msg-refused=t(Key::EnrollRefused)
                data-msg-cancelled=t(Key::PasskeyCancelled)
                data-msg-unsupported=t(Key::PasskeyUnsupported)
                data-device-android=t(Key::PasskeysDeviceAndroid)
                data-device-iphone=t(Key::PasskeysDeviceIphone)
                data-device-windows=t(Key::PasskeysDeviceWindows)
                data-device-mac=t(Key::PasskeysDeviceMac)
                data-device-other=t(Key::PasskeysDeviceOther)
            >
                <Show
                    when=has_token
                    fallback=|| {
                        view! {
                            <div class="field">
                                <label for="invitation">{t(Key::EnrollCode)}</label>
                                <input id="invitation" name="invitation" required autocomplete="one-time-code" autocapitalize="characters" dir="ltr" aria-describedby="invitation-hint" />
                                <p class="hint" id="invitation-hint">{t(Key::EnrollCodeHint)}</p>
                            </div>
                        }
                    }
                >
                    <input type="hidden" name="invitation" value=token />
                </Show>
                <div class="field">
                    <label for="registration_number">{t(Key::EnrollRegistrationNumber)}</label>
                    <input id="registration_number" name="registration_number" autocomplete="off" autocapitalize="characters" dir="ltr" aria-describedby="registration-number-hint" />
                    <p class="hint" id="registration-number-hint">{t(Key::EnrollRegistrationNumberHint)}</p>
                </div>
                <div class="field">
                    <label for="date_of_birth">{t(Key::EnrollDateOfBirth)}</label>
                    <input id="date_of_birth" name="date_of_birth" type="date" autocomplete="bday" dir="ltr" />
                </div>
                <details class="staff-only">
                    <summary>{t(Key::EnrollStaffSummary)}</summary>
                    <div class="field">
                        <label for="email">{t(Key::EnrollStaffEmail)}</label>
                        <input id="email" name="email" type="email" autocomplete="email" dir="ltr" />
                    </div>
                </details>
                <p class="status" data-status="" role="status" aria-live="polite"></p>
                <button type="submit" class="button button--primary">{t(Key::EnrollSubmit)}</button>
            </form>
        </section>
        <script type="module" src="/passkeys.js"></script>
    }
}
