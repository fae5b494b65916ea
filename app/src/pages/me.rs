//! `/me`: the signed-in person's own page. Without a person's session it sends the visitor to
//! `/signin`. Rendered completely on the server (no JavaScript needed) and never cached.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::account::{current_account, personal_page, Account};
use crate::components::signout::SignOutButtons;
use crate::i18n::{t, t_with, Key};

/// "My record".
#[component]
pub fn MePage() -> impl IntoView {
    personal_page();
    let account = Resource::new(|| (), |()| current_account());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(Some(Account::Person { name, registration_number })) => {
                        view! {
                            <section class="stack" aria-labelledby="me-title">
                                <h1 id="me-title">{t(Key::MeTitle)}</h1>
                                <p class="greeting">{t_with(Key::MeGreeting, vec![("name", name)])}</p>
                                <dl class="facts">
                                    <dt>{t(Key::MeRegistrationNumber)}</dt>
                                    <dd dir="ltr" class="registration-number">{registration_number}</dd>
                                </dl>
                                <p>
                                    <a href="/me/passkeys">{t(Key::MePasskeysLink)}</a>
                                </p>
                                <SignOutButtons />
                            </section>
                        }
                            .into_any()
                    }
                    _ => view! { <Redirect path="/signin" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}
