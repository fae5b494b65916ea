//! `/me`: "My record". The person's data, household, open requests and news, rendered
//! completely on the server (no JavaScript needed) and never cached. Without a person's session
//! the sign-in gate sends the visitor to `/signin` before this runs.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::account::personal_page;
use crate::api::requests::{my_record, RecordView};
use crate::components::dates::{t_when, When};
use crate::components::signout::SignOutEverywhere;
use crate::i18n::{l, l_list, t, t_with, Key, Label};
use portal_types::RegistrationStatus;

/// "My record".
#[component]
pub fn MePage() -> impl IntoView {
    personal_page();
    let record = Resource::new(|| (), |()| my_record());
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match record.await {
                    Ok(record) => view! { <Record record /> }.into_any(),
                    Err(_) => view! { <Redirect path="/signin" /> }.into_any(),
                }
            })}
        </Suspense>
    }
}

pub(crate) fn optional(value: Option<String>) -> AnyView {
    match value {
        Some(v) => view! { <dd dir="auto">{v}</dd> }.into_any(),
        None => view! { <dd class="muted">{t(Key::MeNotGiven)}</dd> }.into_any(),
    }
}

#[component]
fn Record(record: RecordView) -> impl IntoView {
    let status_key = match record.status {
        RegistrationStatus::Active => Key::MeStatusActive,
        RegistrationStatus::Inactive => Key::MeStatusInactive,
        RegistrationStatus::Closed => Key::MeStatusClosed,
    };
    let status_class = if record.status == RegistrationStatus::Active {
        "status status--ok"
    } else {
        "status status--warning"
    };
    view! {
        <section class="stack" aria-labelledby="me-title">
            <h1 id="me-title">{t(Key::MeTitle)}</h1>
            <p class="greeting">{t_with(Key::MeGreeting, vec![("name", record.name.clone())])}</p>
            {(!record.news.is_empty()).then(|| view! {
                <section class="news" aria-labelledby="news-title">
                    <h2 id="news-title">{t(Key::MeNews)}</h2>
                    <ul>
                        {record.news.iter().map(|n| {
                            let href = format!("/me/requests/{}", n.request);
                            let text = if n.kind == "request.needs_info" {
                                t_with(Key::MeNewsNeedsInfo, vec![("reference", n.reference.clone())]).into_any()
                            } else {
                                let status = n.status;
                                let reference = n.reference.clone();
                                let locale = crate::i18n::use_locale();
                                (move || {
                                    let locale = locale.get();
                                    let status = status.map_or("", |s| s.label(locale));
                                    locale.format(Key::MeNewsDecided, &[("reference", &reference), ("status", status)])
                                }).into_any()
                            };
                            view! { <li><a href=href>{text}</a></li> }
                        }).collect_view()}
                    </ul>
                </section>
            })}
            <section aria-labelledby="status-title">
                <h2 id="status-title">{t(Key::MeStatus)}</h2>
                <p class=status_class>{t(status_key)}</p>
                <dl class="facts">
                    <dt>{t(Key::MeRegistrationNumber)}</dt>
                    <dd dir="ltr" class="registration-number">{record.registration_number.clone()}</dd>
                    <dt>{t(Key::MeHouseholdCase)}</dt>
                    <dd dir="ltr">{record.case_number.clone()}</dd>
                </dl>
                <p class="hint">{t_when(Key::MeRegisteredSince, "date", record.registered_since.clone())}</p>
            </section>
            <section aria-labelledby="personal-title">
                <h2 id="personal-title">{t(Key::MePersonal)}</h2>
                <dl class="facts">
                    <dt>{t(Key::MeName)}</dt>
                    <dd dir="auto">{record.name.clone()}</dd>
                    {record.original_name.clone().map(|n| view! { <dt>{t(Key::MeNameOriginal)}</dt><dd dir="auto">{n}</dd> })}
                    <dt>{t(Key::MeDateOfBirth)}</dt>
                    <dd><When iso=record.date_of_birth.clone() />
                        {record.date_estimated.then(|| view! { " " {t(Key::MeDateEstimated)} })}</dd>
                    <dt>{t(Key::MeSex)}</dt>
                    <dd>{l(record.sex)}</dd>
                    <dt>{t(Key::MeNationality)}</dt>
                    <dd>{l(record.nationality)}</dd>
                    <dt>{t(Key::MeCountryOfOrigin)}</dt>
                    <dd>{l(record.country_of_origin)}</dd>
                    <dt>{t(Key::MeLanguages)}</dt>
                    {if record.languages.is_empty() {
                        optional(None)
                    } else {
                        view! { <dd>{l_list(record.languages.clone())}</dd> }.into_any()
                    }}
                </dl>
            </section>
            <section aria-labelledby="contact-title">
                <h2 id="contact-title">{t(Key::MeContact)}</h2>
                <dl class="facts">
                    <dt>{t(Key::MePhone)}</dt>
                    {match record.phone.clone() {
                        Some(p) => view! { <dd dir="ltr">{p}</dd> }.into_any(),
                        None => optional(None),
                    }}
                    <dt>{t(Key::MeEmail)}</dt>
                    {match record.email.clone() {
                        Some(e) => view! { <dd dir="ltr">{e}</dd> }.into_any(),
                        None => optional(None),
                    }}
                    <dt>{t(Key::MeAddress)}</dt>
                    {optional(record.address.clone())}
                </dl>
            </section>
            {(!record.needs.is_empty()).then(|| view! {
                <section aria-labelledby="needs-title">
                    <h2 id="needs-title">{t(Key::MeNeeds)}</h2>
                    <ul>
                        {record.needs.iter().map(|n| view! { <li>{l(*n)}</li> }).collect_view()}
                    </ul>
                </section>
            })}
            <section aria-labelledby="household-title">
                <h2 id="household-title">{t(Key::MeHousehold)}</h2>
                <table class="household">
                    <thead>
                        <tr>
                            <th scope="col">{t(Key::MeName)}</th>
                            <th scope="col">{t(Key::MeRelationship)}</th>
                            <th scope="col">{t(Key::MeDateOfBirth)}</th>
                        </tr>
                    </thead>
                    <tbody>
                        {record.household.iter().map(|m| view! {
                            <tr>
                                <td dir="auto">{m.name.clone()}</td>
                                <td>{l(m.relationship)}</td>
                                <td><When iso=m.date_of_birth.clone() /></td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table>
            </section>
            <section aria-labelledby="requests-title">
                <h2 id="requests-title">{t(Key::MeRequestsOpen)}</h2>
                {if record.open_requests.is_empty() {
                    view! { <p>{t(Key::MeRequestsNone)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="requests">
                            {record.open_requests.iter().map(|r| {
                                let href = format!("/me/requests/{}", r.id);
                                view! {
                                    <li><a href=href>
                                        <span dir="ltr" class="registration-number">{r.reference.clone()}</span>
                                        " · " {l(r.kind)}
                                        " · " <strong>{l(r.status)}</strong>
                                    </a></li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <p>{t(Key::MeWrong)}</p>
                <p class="actions">
                    <a class="button button--primary" href="/me/requests/new">{t(Key::MeRequestChange)}</a>
                    <a class="button" href="/me/requests">{t(Key::NavMyRequests)}</a>
                </p>
            </section>
            <section aria-labelledby="credentials-link-title">
                <h2 id="credentials-link-title">{t(Key::NavMyCredentials)}</h2>
                <p>{t(Key::CredentialsLead)}</p>
                <p class="actions">
                    <a class="button button--primary" href="/me/credentials">{t(Key::NavMyCredentials)}</a>
                </p>
            </section>
            <section aria-labelledby="appointments-link-title">
                <h2 id="appointments-link-title">{t(Key::NavMyAppointments)}</h2>
                <p>{t(Key::AppointmentsLead)}</p>
                <p class="actions">
                    <a class="button button--primary" href="/me/appointments/book">{t(Key::AppointmentsBook)}</a>
                    <a class="button" href="/me/appointments">{t(Key::NavMyAppointments)}</a>
                </p>
            </section>
            <nav class="links" aria-label=t(Key::MeTitle)>
                <ul>
                    <li><a href="/me/messages">{t(Key::MessagesTitle)}</a></li>
                    <li><a href="/me/access-log">{t(Key::MeAccessLogLink)}</a></li>
                    <li><a href="/me/data">{t(Key::MyDataTitle)}</a></li>
                    <li><a href="/me/trusted">{t(Key::NavTrusted)}</a></li>
                    <li><a href="/me/passkeys">{t(Key::MePasskeysLink)}</a></li>
                </ul>
            </nav>
            <SignOutEverywhere />
        </section>
    }
}
