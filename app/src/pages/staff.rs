//! `/staff`: the staff dashboard. Without a staff session it sends the visitor to `/signin`.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::account::{current_account, personal_page, Account};
use crate::components::signout::SignOutEverywhere;
use crate::i18n::{t, t_with, Key};

/// The staff dashboard.
#[component]
pub fn StaffPage() -> impl IntoView {
    personal_page();
    let account = Resource::new(|| (), |()| current_account());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match account.await {
                    Ok(Some(Account::Staff { name })) => {
                        view! {
                            <section class="stack" aria-labelledby="staff-title">
                                <h1 id="staff-title">{t(Key::StaffTitle)}</h1>
                                <p class="greeting">{t_with(Key::StaffGreeting, vec![("name", name)])}</p>
                                <p>
                                    <a class="button button--primary" href="/staff/people">{t(Key::StaffPeopleTitle)}</a>
                                    " "
                                    <a class="button button--primary" href="/staff/requests">{t(Key::StaffNavRequests)}</a>
                                    " "
                                    <a class="button button--primary" href="/staff/appointments">{t(Key::StaffNavAppointments)}</a>
                                </p>
                                <SignOutEverywhere />
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
