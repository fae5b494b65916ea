//! `/me/trusted`: trusted helpers. A person lets someone act for them (a name, limits, a number
//! of days: a one-time code to give), sees who can, and ends it; a helper enters a code, sees
//! whom they help and starts acting for them; a session acting for someone sees only that, and
//! how to stop. Plain forms: no script needed.
//!
//! Owns: how trusted helpers read. Must never: show a code other than the one this browser just
//! made, or words for a standing the page does not know (a neutral text instead).

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

use crate::api::account::personal_page;
use crate::api::trusted::{trusted_page, DelegationLine, TrustedView};
use crate::components::confirm::Confirm;
use crate::components::dates::t_when;
use crate::components::request_form::{error_of, Input};
use crate::i18n::{t, t_with, Key};
use crate::labels;

/// The words for a delegation's standing.
pub(crate) fn standing(code: &str) -> Key {
    match code {
        "invited" => Key::TrustedStandingInvited,
        "active" => Key::TrustedStandingActive,
        "unclaimed" => Key::TrustedStandingUnclaimed,
        "expired" => Key::TrustedStandingExpired,
        _ => Key::TrustedStandingEnded,
    }
}

/// What a delegation lets the helper do, in words.
fn limits(line: &DelegationLine) -> impl IntoView {
    let mut keys = Vec::new();
    if line.may_book {
        keys.push(Key::TrustedMayBook);
    }
    if line.may_request {
        keys.push(Key::TrustedMayRequest);
    }
    if keys.is_empty() {
        keys.push(Key::TrustedMayViewOnly);
    }
    view! { <ul class="limits">{keys.into_iter().map(|k| view! { <li>{t(k)}</li> }).collect_view()}</ul> }
}

/// One delegation, with "End" (and "Act for them" for a helper) while it is open.
#[component]
fn Line(line: DelegationLine, helping: bool) -> impl IntoView {
    let open = matches!(line.standing.as_str(), "invited" | "active");
    let end = format!("/api/me/trusted/{}/end", line.id);
    let act = format!("/api/me/trusted/{}/act", line.id);
    let active = line.standing == "active";
    let until = t_when(Key::TrustedUntil, "date", line.until.clone());
    view! {
        <li class="card stack delegation" data-standing=line.standing.clone()>
            <p><strong dir="auto">{line.name.clone()}</strong> " · " {t(standing(&line.standing))}</p>
            {limits(&line)}
            <p class="muted">{until}</p>
            {(helping && active).then(|| view! {
                <form method="post" action=act>
                    <button type="submit" class="button button--primary">{t(Key::TrustedAct)}</button>
                </form>
            })}
            {open.then(|| view! {
                <Confirm action=end label=Key::TrustedEnd question=Key::TrustedEndQuestion yes=Key::TrustedEndYes />
            })}
        </li>
    }
}

#[component]
fn GrantForm(errors: Vec<(String, String)>) -> impl IntoView {
    let days_error = error_of(&errors, "helper_days");
    let days_invalid = days_error.is_some();
    view! {
        <section class="stack card" id="grant" aria-labelledby="grant-title">
            <h2 id="grant-title">{t(Key::TrustedGrantTitle)}</h2>
            <form method="post" action="/api/me/trusted" class="stack">
                <Input name="helper_name" label=Key::TrustedName hint=Key::TrustedNameHint required=true errors=errors.clone() />
                <fieldset>
                    <legend>{t(Key::TrustedLimits)}</legend>
                    <div class="check">
                        <input type="checkbox" id="limit-view" checked=true disabled=true />
                        <label for="limit-view">{t(Key::TrustedViewAlways)}</label>
                    </div>
                    <div class="check">
                        <input type="checkbox" id="limit-book" name="may_book" value="1" />
                        <label for="limit-book">{t(Key::TrustedMayBook)}</label>
                    </div>
                    <div class="check">
                        <input type="checkbox" id="limit-request" name="may_request" value="1" />
                        <label for="limit-request">{t(Key::TrustedMayRequest)}</label>
                    </div>
                </fieldset>
                <div class="field" class:field--error=days_invalid>
                    <label for="field-helper_days">{t(Key::TrustedDays)}</label>
                    <p class="hint" id="field-helper_days-hint">{t(Key::TrustedDaysHint)}</p>
                    {days_error.map(|code| view! { <p class="field-error">{t(labels::problem(&code))}</p> })}
                    <input id="field-helper_days" name="helper_days" type="number" inputmode="numeric" min="1" max="365" value="30" required=true dir="ltr" aria-describedby="field-helper_days-hint" />
                </div>
                <p class="actions"><button type="submit" class="button button--primary">{t(Key::TrustedGrant)}</button></p>
            </form>
        </section>
    }
}

#[component]
fn AcceptForm() -> impl IntoView {
    view! {
        <section class="stack card" id="accept" aria-labelledby="accept-title">
            <h2 id="accept-title">{t(Key::TrustedAcceptTitle)}</h2>
            <form method="post" action="/api/me/trusted/accept" class="stack">
                <div class="field">
                    <label for="field-helper_code">{t(Key::TrustedCode)}</label>
                    <p class="hint" id="field-helper_code-hint">{t(Key::TrustedCodeHint)}</p>
                    <input id="field-helper_code" name="helper_code" required=true dir="ltr" autocomplete="off" autocapitalize="characters" spellcheck="false" aria-describedby="field-helper_code-hint" />
                </div>
                <p class="actions"><button type="submit" class="button">{t(Key::TrustedAccept)}</button></p>
            </form>
        </section>
    }
}

/// The page of an account holder (not acting for anyone).
#[component]
fn Holder(view: TrustedView, errors: Vec<(String, String)>) -> impl IntoView {
    let query = use_query_map();
    let said = move |name: &str| query.read().get(name).is_some();
    let problem = move || query.read().get("problem");
    let TrustedView {
        fresh_code,
        granted,
        helping,
        ..
    } = view;
    let too_many = errors
        .iter()
        .any(|(f, c)| f == "helper_name" && c == "too-many");
    view! {
        {move || match problem().as_deref() {
            Some("not-found") => Some(view! { <p class="status status--error" role="alert">{t(Key::TrustedBadCode)}</p> }.into_any()),
            Some("not-for-helpers") => Some(view! { <p class="status status--error" role="alert">{t(Key::TrustedNotForHelpers)}</p> }.into_any()),
            Some(code) => Some(view! { <p class="status status--error" role="alert">{t(labels::action_problem(code))}</p> }.into_any()),
            None => None,
        }}
        {too_many.then(|| view! { <p class="status status--error" role="alert">{t(Key::TrustedTooMany)}</p> })}
        {move || said("ended").then(|| view! { <p class="status status--ok" role="status">{t(Key::TrustedEnded)}</p> })}
        {move || said("accepted").then(|| view! { <p class="status status--ok" role="status">{t(Key::TrustedAccepted)}</p> })}
        {fresh_code.map(|code| view! {
            <section class="card stack code-card" id="code" aria-labelledby="code-title">
                <h2 id="code-title">{t(Key::TrustedCodeTitle)}</h2>
                <p class="helper-code" dir="ltr"><strong>{code}</strong></p>
                <p>{t(Key::TrustedCodeBody)}</p>
            </section>
        })}
        <section class="stack" aria-labelledby="mine-title">
            <h2 id="mine-title">{t(Key::TrustedMineTitle)}</h2>
            {if granted.is_empty() {
                view! { <p>{t(Key::TrustedMineNone)}</p> }.into_any()
            } else {
                view! { <ul class="delegations">{granted.into_iter().map(|line| view! { <Line line helping=false /> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        <GrantForm errors />
        <section class="stack" id="helping" aria-labelledby="helping-title">
            <h2 id="helping-title">{t(Key::TrustedHelpingTitle)}</h2>
            {if helping.is_empty() {
                view! { <p>{t(Key::TrustedHelpingNone)}</p> }.into_any()
            } else {
                view! { <ul class="delegations">{helping.into_iter().map(|line| view! { <Line line helping=true /> }).collect_view()}</ul> }.into_any()
            }}
        </section>
        <AcceptForm />
    }
}

/// "Trusted helpers".
#[component]
pub fn TrustedPage() -> impl IntoView {
    personal_page();
    let query = use_query_map();
    let errors = move || labels::parse_errors(&query.read().get("errors").unwrap_or_default());
    let page = Resource::new(|| (), |()| trusted_page());
    view! {
        <section class="stack" aria-labelledby="trusted-title">
            <h1 id="trusted-title">{t(Key::TrustedTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match page.await {
                        Ok(TrustedView { acting_for: Some(name), .. }) => view! {
                            {move || (query.read().get("problem").as_deref() == Some("not-for-helpers")).then(|| view! {
                                <p class="status status--error" role="alert">{t(Key::TrustedNotForHelpers)}</p>
                            })}
                            <p class="status" role="status">{t_with(Key::TrustedActing, vec![("name", name)])}</p>
                            <form method="post" action="/api/me/trusted/stop">
                                <button type="submit" class="button button--primary">{t(Key::TrustedStop)}</button>
                            </form>
                        }.into_any(),
                        Ok(view) => view! {
                            <p>{t(Key::TrustedLead)}</p>
                            <Holder view errors=errors() />
                        }.into_any(),
                        Err(_) => view! { <Redirect path="/signin" /> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/me">{t(Key::NavMyRecord)}</a></p>
        </section>
    }
}
