//! `/me/messages`: everything the office did that concerns the person (requests answered or
//! questioned, appointments booked, moved or cancelled, credentials issued, suspended,
//! reinstated or revoked), newest first, each with a link to what it is about. Opening the page
//! reads them; the ones that were new are marked so.
//!
//! Owns: how a message reads. Must never: show a code instead of words.

use leptos::prelude::*;
use leptos_router::components::Redirect;

use crate::api::account::personal_page;
use crate::api::messages::{my_channels, my_messages, ChannelsView, MessageAbout, MessageLine};
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

/// One channel's tick, with why it cannot be chosen when it cannot.
#[component]
fn ChannelTick(
    name: &'static str,
    label: Key,
    checked: bool,
    unavailable: Option<Key>,
) -> impl IntoView {
    let id = format!("channel-{name}");
    let hint_id = format!("{id}-hint");
    let disabled = unavailable.is_some();
    view! {
        <div class="check">
            <input type="checkbox" id=id.clone() name=name value="1" checked=checked && !disabled disabled=disabled
                aria-describedby=unavailable.map(|_| hint_id.clone()) />
            <label for=id>
                {t(label)}
                {unavailable.map(|why| view! { <span class="hint" id=hint_id.clone()>" · " {t(why)}</span> })}
            </label>
        </div>
    }
}

/// "How we tell you": the portal always, mail and SMS as chosen.
#[component]
fn Channels(choice: ChannelsView, saved: bool) -> impl IntoView {
    let sms_unavailable = if !choice.sms_offered {
        Some(Key::ChannelsSmsNotOffered)
    } else if !choice.has_phone {
        Some(Key::ChannelsNoPhone)
    } else {
        None
    };
    let mail_unavailable = (!choice.has_email).then_some(Key::ChannelsNoEmail);
    view! {
        <section class="stack card" id="channels" aria-labelledby="channels-title">
            <h2 id="channels-title">{t(Key::ChannelsTitle)}</h2>
            {saved.then(|| view! { <p class="status status--ok" role="status">{t(Key::ChannelsSaved)}</p> })}
            <form method="post" action="/api/me/channels" class="stack">
                <fieldset>
                    <legend>{t(Key::ChannelsLead)}</legend>
                    <div class="check">
                        <input type="checkbox" id="channel-portal" checked=true disabled=true aria-describedby="channel-portal-hint" />
                        <label for="channel-portal">{t(Key::ChannelsPortal)} <span class="hint" id="channel-portal-hint">" · " {t(Key::ChannelsPortalAlways)}</span></label>
                    </div>
                    <ChannelTick name="mail" label=Key::ChannelsMail checked=choice.mail unavailable=mail_unavailable />
                    <ChannelTick name="sms" label=Key::ChannelsSms checked=choice.sms unavailable=sms_unavailable />
                </fieldset>
                <p class="hint">{t(Key::ChannelsSmsPrivacy)}</p>
                <p class="actions"><button type="submit" class="button">{t(Key::ChannelsSave)}</button></p>
            </form>
        </section>
    }
}

/// "My messages".
#[component]
pub fn MyMessagesPage() -> impl IntoView {
    personal_page();
    let messages = Resource::new(|| (), |()| my_messages());
    let channels = Resource::new(|| (), |()| my_channels());
    let query = leptos_router::hooks::use_query_map();
    let saved = move || query.read().get("saved").is_some();
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
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    channels.await.ok().map(|choice| view! { <Channels choice saved=saved() /> })
                })}
            </Suspense>
            <p><a href="/me">{t(Key::NavMyRecord)}</a></p>
        </section>
    }
}
