//! `/me/passkeys`: the account's passkeys (name, added, last used), adding one on this device
//! and removing one, each after confirming with a passkey again. The ceremonies run in
//! `/passkeys.js`; the list renders on the server.

use crate::api::account::{my_passkeys, personal_page};
use crate::components::dates::t_when;
use crate::i18n::{t, t_with, Key};
use leptos::prelude::*;

/// "My passkeys".
#[component]
pub fn MyPasskeysPage() -> impl IntoView {
    personal_page();
    let passkeys = Resource::new(|| (), |()| my_passkeys());
    view! {
        <section
            class="stack narrow"
            aria-labelledby="passkeys-title"
            data-passkeys-root=""
            data-msg-working=t(Key::PasskeysConfirm)
            data-msg-cancelled=t(Key::PasskeyCancelled)
            data-msg-refused=t(Key::PasskeyCancelled)
            data-msg-last=t(Key::PasskeysLastOne)
            data-msg-unsupported=t(Key::PasskeyUnsupported)
            data-msg-confirm-remove=t(Key::PasskeysConfirmRemove)
            data-device-android=t(Key::PasskeysDeviceAndroid)
            data-device-iphone=t(Key::PasskeysDeviceIphone)
            data-device-windows=t(Key::PasskeysDeviceWindows)
            data-device-mac=t(Key::PasskeysDeviceMac)
            data-device-other=t(Key::PasskeysDeviceOther)
        >
            <h1 id="passkeys-title">{t(Key::PasskeysTitle)}</h1>
            <p class="lead">{t(Key::PasskeysLead)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = passkeys.await.unwrap_or_default();
                    view! {
                        <ul class="passkeys">
                            {list
                                .into_iter()
                                .map(|p| {
                                    let used = match p.last_used.clone() {
                                        Some(date) => t_when(Key::PasskeysLastUsed, "date", date).into_any(),
                                        None => t(Key::PasskeysNeverUsed).into_any(),
                                    };
                                    view! {
                                        <li class="passkey">
                                            <strong class="passkey__name">{p.name.clone()}</strong>
                                            <span>{t_when(Key::PasskeysCreated, "date", p.created.clone())}</span>
                                            <span>{used}</span>
                                            <button type="button" class="button" data-remove-passkey=p.id.clone()>
                                                {t_with(Key::PasskeysRemove, vec![("name", p.name.clone())])}
                                            </button>
                                        </li>
                                    }
                                })
                                .collect_view()}
                        </ul>
                    }
                })}
            </Suspense>
            <p class="status" data-status="" role="status" aria-live="polite"></p>
            <button type="button" class="button button--primary" data-add-passkey="">{t(Key::PasskeysAdd)}</button>
            <p>
                <a href="/me">{t(Key::MeTitle)}</a>
            </p>
        </section>
        <script type="module" src="/passkeys.js"></script>
    }
}
