//! `/staff`: the staff dashboard. Without a staff session it sends the visitor to `/signin`.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::account::{current_account, personal_page, Account};
use crate::api::help::{staff_feedback, FeedbackLine};
use crate::components::dates::When;
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
                    Ok(Some(Account::Staff { name, admin })) => {
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
                                    " "
                                    <a class="button" href="/staff/quality">{t(Key::StaffNavQuality)}</a>
                                    " "
                                    <a class="button" href="/staff/reports">{t(Key::StaffNavReports)}</a>
                                    " "
                                    <a class="button" href="/staff/feedback">{t(Key::StaffFeedbackTitle)}</a>
                                    {admin.then(|| view! { " " <a class="button" href="/staff/admin">{t(Key::StaffNavAdmin)}</a> })}
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

/// `/staff/feedback`: the complaints and feedback sent about the staff member's office (and
/// about no office), newest first; reading them is audited.
#[component]
pub fn StaffFeedbackPage() -> impl IntoView {
    personal_page();
    let items = Resource::new(|| (), |()| staff_feedback());
    view! {
        <section class="stack" aria-labelledby="feedback-title">
            <h1 id="feedback-title">{t(Key::StaffFeedbackTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match items.await {
                        Ok(items) if items.is_empty() => view! { <p>{t(Key::StaffFeedbackNone)}</p> }.into_any(),
                        Ok(items) => view! {
                            <ul class="messages">
                                {items.into_iter().map(|f| view! { <FeedbackItem item=f /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(_) => view! { <Redirect path="/signin" /> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/staff">{t(Key::StaffTitle)}</a></p>
        </section>
    }
}

#[component]
fn FeedbackItem(item: FeedbackLine) -> impl IntoView {
    let kind = if item.complaint {
        Key::HelpKindComplaint
    } else {
        Key::HelpKindFeedback
    };
    let who = if item.signed_in {
        Key::StaffFeedbackSignedIn
    } else {
        Key::StaffFeedbackAnonymous
    };
    view! {
        <li class="message" data-reference=item.reference.clone()>
            <p>
                <strong>{t(kind)}</strong>
                " · " <span dir="ltr" class="registration-number">{item.reference.clone()}</span>
                " · " {match item.office.clone() {
                    Some(office) => office.into_any(),
                    None => t(Key::StaffFeedbackAnyOffice).into_any(),
                }}
            </p>
            <p class="muted"><When iso=item.at.clone() /> " · " {t(who)}</p>
            <p dir="auto" class="pre-line">{item.message.clone()}</p>
            {item.contact.clone().map(|c| view! { <p>{t_with(Key::StaffFeedbackContact, vec![("contact", c)])}</p> })}
        </li>
    }
}
