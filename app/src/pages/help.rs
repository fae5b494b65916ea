//! `/help`, for everyone without signing in: each office's places with address, phone (a
//! `tel:` link), opening hours and a map link; a complaint and feedback form that reaches
//! staff and gives a reference (anonymous unless the sender leaves a contact or is signed in);
//! what the portal does with people's data, in plain words. A lean page: plain HTML and a
//! plain form post.
//!
//! Owns: how help reads. Must never: ask for more than the message (name and contact are the
//! sender's choice).

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::drafts::{kept_if_sent_back, sent_back};
use crate::api::help::{help_data, OfficeChoice, PlaceLine};
use crate::components::request_form::{error_of, kept_value, provide_kept, Input};
use crate::i18n::{t, t_with, use_locale, Key};
use crate::labels;

/// A search for `address` on OpenStreetMap (no coordinates are kept: the address is enough).
fn map_link(address: &str) -> String {
    let mut query = String::with_capacity(address.len() * 3);
    for byte in address.bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            query.push(char::from(byte));
        } else {
            query.push_str(&format!("%{byte:02X}"));
        }
    }
    format!("https://www.openstreetmap.org/search?query={query}")
}

#[component]
fn Place(place: PlaceLine) -> impl IntoView {
    let locale = use_locale();
    let map = map_link(&place.address);
    let hours = place.hours.clone();
    view! {
        <li class="card stack place">
            <h3>{place.name.clone()}</h3>
            <p dir="auto">{place.address.clone()}</p>
            {place.phone.clone().map(|phone| view! {
                <p>{t(Key::HelpPhone)} ": " <a href=format!("tel:{phone}") dir="ltr">{phone.clone()}</a></p>
            })}
            <p><a href=map rel="noopener noreferrer">{t(Key::HelpMap)}</a></p>
            <h4>{t(Key::HelpHours)}</h4>
            {if hours.is_empty() {
                view! { <p>{t(Key::HelpHoursNone)}</p> }.into_any()
            } else {
                view! {
                    <ul class="hours">
                        {hours.into_iter().map(|(day, opens, closes)| {
                            let line = move || {
                                let locale = locale.get();
                                locale.format(Key::HelpHoursLine, &[
                                    ("weekday", locale.weekday_name(day)),
                                    ("opens", &locale.digits(&opens)),
                                    ("closes", &locale.digits(&closes)),
                                ])
                            };
                            view! { <li>{line}</li> }
                        }).collect_view()}
                    </ul>
                }.into_any()
            }}
        </li>
    }
}

/// The form's name for its kept values (as the server names it).
const FORM: &str = "help";

#[component]
fn FeedbackForm(offices: Vec<OfficeChoice>, errors: Vec<(String, String)>) -> impl IntoView {
    let kind_error = error_of(&errors, "kind");
    let office_error = error_of(&errors, "office_code");
    let (kind_invalid, office_invalid) = (kind_error.is_some(), office_error.is_some());
    let complaint = kept_value("kind").is_some_and(|k| k == "complaint");
    let office = kept_value("office").unwrap_or_default();
    view! {
        <form method="post" action="/help/feedback" class="stack card">
            <fieldset class="field" class:field--error=kind_invalid>
                <legend>{t(Key::HelpKind)}</legend>
                {kind_error.map(|code| view! { <p class="field-error">{t(labels::problem(&code))}</p> })}
                <label class="choice-line">
                    <input type="radio" name="kind" value="complaint" required=true checked=complaint />
                    " " {t(Key::HelpKindComplaint)}
                </label>
                <label class="choice-line">
                    <input type="radio" name="kind" value="feedback" checked=!complaint />
                    " " {t(Key::HelpKindFeedback)}
                </label>
            </fieldset>
            <div class="field" class:field--error=office_invalid>
                <label for="field-office">{t(Key::HelpOffice)}</label>
                {office_error.map(|code| view! { <p class="field-error">{t(labels::problem(&code))}</p> })}
                <select id="field-office" name="office">
                    <option value="">{t(Key::HelpOfficeAny)}</option>
                    {offices.into_iter().map(|o| {
                        let selected = o.code == office;
                        view! { <option value=o.code selected=selected>{o.name}</option> }
                    }).collect_view()}
                </select>
            </div>
            <Input name="message" label=Key::HelpMessage kind="textarea" required=true errors=errors.clone() />
            <Input name="contact" label=Key::HelpContact hint=Key::HelpContactHint errors=errors />
            <p class="actions">
                <button type="submit" class="button button--primary">{t(Key::HelpSend)}</button>
            </p>
        </form>
    }
}

/// "Help".
#[component]
pub fn HelpPage() -> impl IntoView {
    let query = use_query_map();
    let data = Resource::new(|| (), |()| help_data());
    let kept = Resource::new(
        move || sent_back(&query.read()),
        |back| kept_if_sent_back(FORM.to_owned(), back),
    );
    let errors = move || labels::parse_errors(&query.read().get("errors").unwrap_or_default());
    // A reference is `FB-` and eight letters or digits: anything else in the URL is not shown.
    let sent = move || {
        query.read().get("sent").filter(|r| {
            r.len() == 11
                && r.starts_with("FB-")
                && r[3..].bytes().all(|b| b.is_ascii_alphanumeric())
        })
    };
    let busy = move || query.read().get("problem").is_some_and(|p| p == "busy");
    view! {
        <section class="stack" aria-labelledby="help-title">
            <h1 id="help-title">{t(Key::HelpTitle)}</h1>
            <p>{t(Key::HelpLead)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    provide_kept(kept.await);
                    let Ok(data) = data.await else {
                        return view! { <p class="status status--error" role="alert">{t(Key::ErrorBody)}</p> }.into_any();
                    };
                    view! {
                        <section class="stack" aria-labelledby="places-title">
                            <h2 id="places-title">{t(Key::HelpPlaces)}</h2>
                            <ul class="places">
                                {data.places.into_iter().map(|place| view! { <Place place=place /> }).collect_view()}
                            </ul>
                        </section>
                        <section class="stack" id="feedback" aria-labelledby="feedback-title">
                            <h2 id="feedback-title">{t(Key::HelpFeedbackTitle)}</h2>
                            <p>{t(Key::HelpFeedbackLead)}</p>
                            {move || sent().map(|reference| view! {
                                <p class="status status--ok" role="status">
                                    {t_with(Key::HelpSent, vec![("reference", reference)])}
                                </p>
                            })}
                            {move || busy().then(|| view! { <p class="status status--error" role="alert">{t(Key::HelpBusy)}</p> })}
                            <FeedbackForm offices=data.offices errors=errors() />
                        </section>
                    }.into_any()
                })}
            </Suspense>
            <section class="stack" aria-labelledby="data-title">
                <h2 id="data-title">{t(Key::HelpDataTitle)}</h2>
                <p>{t(Key::HelpData1)}</p>
                <p>{t(Key::HelpData2)}</p>
                <p>{t(Key::HelpData3)}</p>
                <p>{t(Key::HelpData4)}</p>
            </section>
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn map_links_carry_the_address_encoded() {
        assert_eq!(
            map_link("Plot 18, Old Kampala road"),
            "https://www.openstreetmap.org/search?query=Plot%2018%2C%20Old%20Kampala%20road"
        );
        assert!(map_link("شارع \"x\" <y>")
            .chars()
            .all(|c| c.is_ascii() && c != '"' && c != '<'));
    }
}
