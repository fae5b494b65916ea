//! `/me/passkeys`: the account's passkeys (name, added, last used), adding one on this device
//! and removing one, each after confirming with a passkey again. The ceremonies run in
//! `/passkeys.js`; the list renders on the server.

use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::account::personal_page;
use crate::components::dates::t_when;
use crate::i18n::{t, t_with, Key};

/// One passkey as listed.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PasskeyLine {
    /// Id (for removal).
    pub id: String,
    /// The owner's name for it.
    pub name: String,
    /// Added, `YYYY-MM-DD`.
    pub created: String,
    /// Last sign-in, `YYYY-MM-DD`.
    pub last_used: Option<String>,
}

/// The signed-in account's passkeys.
#[server(prefix = "/api", endpoint = "me/passkeys")]
pub async fn my_passkeys() -> Result<Vec<PasskeyLine>, ServerFnError> {
    use crate::server::request::{principal, refuse};

    let (state, principal) = principal().await?;
    let unavailable = |_| refuse(http::StatusCode::SERVICE_UNAVAILABLE, "unavailable");
    let Some(principal) = principal else {
        return Err(refuse(http::StatusCode::FORBIDDEN, "forbidden"));
    };
    Ok(state
        .store
        .passkeys_of(principal)
        .await
        .map_err(unavailable)?
        .into_iter()
        .map(|p| PasskeyLine {
            id: p.id.to_string(),
            name: p.name,
            created: p.created_at.format("%Y-%m-%d").to_string(),
            last_used: p.last_used_at.map(|at| at.format("%Y-%m-%d").to_string()),
        })
        .collect())
}

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
