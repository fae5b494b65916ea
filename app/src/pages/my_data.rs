//! `/me/data`: everything the portal holds about the person, readable on the phone (and
//! printable), with the same as one file to keep or take elsewhere. Opening it is an audited
//! export, as the download is.
//!
//! Owns: how "my data" reads. Must never: show a code instead of words.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::account::personal_page;
use crate::api::mydata::{my_data, CredentialFact, MyDataView, RecordFacts};
use crate::components::dates::{t_count, When};
use crate::i18n::{l, l_list, t, Key};
use crate::pages::appointments::appointment_item;
use crate::pages::me::optional;
use crate::pages::my_requests::event_list;

#[component]
fn Record(record: RecordFacts) -> impl IntoView {
    view! {
        <dl class="facts">
            <dt>{t(Key::MeName)}</dt>
            <dd dir="auto">{record.name}</dd>
            <dt>{t(Key::MeRegistrationNumber)}</dt>
            <dd dir="ltr" class="registration-number">{record.registration_number}</dd>
            <dt>{t(Key::MeHouseholdCase)}</dt>
            <dd dir="ltr" class="registration-number">{record.case_number}</dd>
            <dt>{t(Key::MeDateOfBirth)}</dt>
            <dd><When iso=record.date_of_birth /></dd>
            <dt>{t(Key::MeSex)}</dt>
            <dd>{l(record.sex)}</dd>
            <dt>{t(Key::MeNationality)}</dt>
            <dd>{l(record.nationality)}</dd>
            <dt>{t(Key::MeLanguages)}</dt>
            <dd>{l_list(record.languages)}</dd>
            <dt>{t(Key::MePhone)}</dt>
            {optional(record.phone)}
            <dt>{t(Key::MeEmail)}</dt>
            {optional(record.email)}
            <dt>{t(Key::MeAddress)}</dt>
            {optional(record.address)}
            {(!record.needs.is_empty()).then(|| view! {
                <dt>{t(Key::MeNeeds)}</dt>
                <dd>{l_list(record.needs)}</dd>
            })}
            <dt>{t(Key::MyDataPhoto)}</dt>
            <dd>{t(if record.photo { Key::MyDataPhotoKept } else { Key::MyDataPhotoNone })}</dd>
        </dl>
    }
}

#[component]
fn Credential(fact: CredentialFact) -> impl IntoView {
    view! {
        <li>
            <strong>{l(fact.kind)}</strong> " · " {l(fact.status)}
            {fact.reason.map(|r| view! { " · " <span class="muted">{l(r)}</span> })}
            <br />
            <When iso=fact.issued />
            {fact.valid_until.map(|d| view! { " – " <When iso=d /> })}
        </li>
    }
}

#[component]
fn Everything(data: MyDataView) -> impl IntoView {
    view! {
        <section class="stack" aria-labelledby="data-record">
            <h2 id="data-record">{t(Key::MeTitle)}</h2>
            <Record record=data.record />
        </section>
        <section class="stack" aria-labelledby="data-household">
            <h2 id="data-household">{t(Key::MeHousehold)}</h2>
            {data.household.is_empty().then(|| view! { <p>{t(Key::MyDataNone)}</p> })}
            <ul>
                {data.household.into_iter().map(|m| view! {
                    <li><span dir="auto">{m.name}</span> " · " {l(m.relationship)} " · " <When iso=m.date_of_birth /></li>
                }).collect_view()}
            </ul>
        </section>
        <section class="stack" aria-labelledby="data-requests">
            <h2 id="data-requests">{t(Key::NavMyRequests)}</h2>
            {data.requests.is_empty().then(|| view! { <p>{t(Key::RequestsNone)}</p> })}
            {data.requests.into_iter().map(|r| view! {
                <article class="card stack">
                    <h3><span dir="ltr">{r.line.reference.clone()}</span> " · " {l(r.line.kind)}</h3>
                    <p>{l(r.line.status)} " · " <When iso=r.line.sent.clone() /></p>
                    {event_list(r.events)}
                    {(r.documents > 0).then(|| view! {
                        <p>{t_count(Key::MyDataDocuments, "count", i64::try_from(r.documents).unwrap_or(i64::MAX))}</p>
                    })}
                </article>
            }).collect_view()}
        </section>
        <section class="stack" aria-labelledby="data-appointments">
            <h2 id="data-appointments">{t(Key::NavMyAppointments)}</h2>
            {data.appointments.is_empty().then(|| view! { <p>{t(Key::MyDataNone)}</p> })}
            <ul class="appointments">
                {data.appointments.into_iter().map(appointment_item).collect_view()}
            </ul>
        </section>
        <section class="stack" aria-labelledby="data-credentials">
            <h2 id="data-credentials">{t(Key::NavMyCredentials)}</h2>
            {data.credentials.is_empty().then(|| view! { <p>{t(Key::MyDataNone)}</p> })}
            <ul>
                {data.credentials.into_iter().map(|fact| view! { <Credential fact=fact /> }).collect_view()}
            </ul>
        </section>
        <section class="stack" aria-labelledby="data-more">
            <h2 id="data-more">{t(Key::MyDataMore)}</h2>
            <ul>
                <li><a href="/me/access-log">{t(Key::MeAccessLogLink)}</a> " · "
                    {t_count(Key::MyDataLines, "count", i64::try_from(data.access_log).unwrap_or(i64::MAX))}</li>
                <li><a href="/me/messages">{t(Key::MessagesTitle)}</a> " · "
                    {t_count(Key::MyDataLines, "count", i64::try_from(data.messages).unwrap_or(i64::MAX))}</li>
            </ul>
        </section>
    }
}

/// "My data".
#[component]
pub fn MyDataPage() -> impl IntoView {
    personal_page();
    let data = Resource::new(|| (), |()| my_data());
    view! {
        <section class="stack" aria-labelledby="my-data-title">
            <h1 id="my-data-title">{t(Key::MyDataTitle)}</h1>
            <p>{t(Key::MyDataLead)}</p>
            <p class="actions">
                <a class="button button--primary" href="/api/me/data.json" download="my-data.json">{t(Key::MyDataDownload)}</a>
            </p>
            <p class="hint">{t(Key::MyDataFileHint)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match data.await {
                        Ok(data) => view! { <Everything data=data /> }.into_any(),
                        Err(_) => view! { <Redirect path="/signin" /> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/me">{t(Key::NavMyRecord)}</a></p>
        </section>
    }
}
