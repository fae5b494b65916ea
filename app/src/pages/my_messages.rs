//! `/me/messages`: everything the office did that concerns the person (requests answered or
//! questioned, appointments booked, moved or cancelled, credentials issued, suspended,
//! reinstated or revoked), newest first, each with a link to what it is about. Opening the page
//! reads them; the ones that were new are marked so.
//!
//! Owns: how a message reads. Must never: show a code instead of words.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::account::personal_page;
use crate::api::messages::{my_messages, MessageAbout, MessageLine};
use crate::components::dates::When;
use crate::i18n::{t, use_locale, Key, Label};
use portal_i18n::Locale;

/// Where a message leads: what it is about.
fn link(about: &MessageAbout) -> String {
    match about {
        MessageAbout::Request { id, .. } => format!("/me/requests/{id}"),
        MessageAbout::Appointment { id, .. } => format!("/me/appointments/{id}"),
        MessageAbout::Credential { .. } => "/me/credentials".to_owned(),
    }
}

/// The sentence of a message in `locale`.
fn sentence(about: &MessageAbout, locale: Locale) -> String {
    match about {
        MessageAbout::Request {
            reference,
            question,
            status,
            ..
        } => {
            if *question {
                locale.format(Key::MeNewsNeedsInfo, &[("reference", reference)])
            } else {
                let status = status.map_or("", |s| s.label(locale));
                locale.format(
                    Key::MeNewsDecided,
                    &[("reference", reference), ("status", status)],
                )
            }
        }
        MessageAbout::Appointment {
            reference, kind, ..
        } => {
            let key = match kind.as_str() {
                "appointment.booked" => Key::MessageAppointmentBooked,
                "appointment.changed" => Key::MessageAppointmentChanged,
                _ => Key::MessageAppointmentCancelled,
            };
            locale.format(key, &[("reference", reference)])
        }
        MessageAbout::Credential { news, kind, reason } => {
            let reason = reason.map_or("", |r| r.label(locale));
            locale.format(
                news.message(),
                &[("credential", kind.label(locale)), ("reason", reason)],
            )
        }
    }
}

#[component]
fn Message(line: MessageLine) -> impl IntoView {
    let locale = use_locale();
    let about = line.about.clone();
    let href = link(&about);
    let text = move || sentence(&about, locale.get());
    view! {
        <li class=if line.new { "message message--new" } else { "message" }>
            <p>
                {line.new.then(|| view! { <span class="badge badge--new">{t(Key::MessagesNew)}</span> " " })}
                <a href=href>{text}</a>
            </p>
            <p class="muted"><When iso=line.at /></p>
        </li>
    }
}

/// "My messages".
#[component]
pub fn MyMessagesPage() -> impl IntoView {
    personal_page();
    let messages = Resource::new(|| (), |()| my_messages());
    view! {
        <section class="stack" aria-labelledby="messages-title">
            <h1 id="messages-title">{t(Key::MessagesTitle)}</h1>
            <p>{t(Key::MessagesLead)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match messages.await {
                        Ok(lines) if lines.is_empty() => view! { <p>{t(Key::MessagesNone)}</p> }.into_any(),
                        Ok(lines) => view! {
                            <ul class="messages">
                                {lines.into_iter().map(|line| view! { <Message line=line /> }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(_) => view! { <Redirect path="/signin" /> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/me">{t(Key::NavMyRecord)}</a></p>
        </section>
    }
}
