//! `/me/requests`, `/me/requests/new`, `/me/requests/{id}` and `/me/access-log`: a person's
//! update requests and who looked at their data. Every page renders fully on the server; every
//! form is plain HTML posting to `/api/me/…` (see `portal_web::requests`).

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::personal_page;
use crate::api::drafts::{kept_if_sent_back, sent_back, Kept};
use crate::api::requests::{
    my_access_log, my_request, my_requests, request_form, AddedMember, ChangeLine, EventLine,
    RequestDetail,
};
use crate::components::dates::{t_when, When};
use crate::components::request_form::{
    document_label, kept_value, provide_kept, KeptFiles, RequestForm,
};
use crate::i18n::{l, l_list, t, t_with, use_locale, Key, Label};
use crate::labels;
use portal_types::{Country, Language, Nationality, Relationship, RequestKind, RequestStatus, Sex};

/// A problem banner from `?problem=`.
pub fn problem_banner() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.read().get("problem").map(|code| {
            view! { <p class="status status--error" role="alert">{t(labels::action_problem(&code))}</p> }
        })
    }
}

/// "My requests".
#[component]
pub fn MyRequestsPage() -> impl IntoView {
    personal_page();
    let list = Resource::new(|| (), |()| my_requests());
    view! {
        <section class="stack" aria-labelledby="requests-title">
            <h1 id="requests-title">{t(Key::RequestsTitle)}</h1>
            <p><a class="button button--primary" href="/me/requests/new">{t(Key::MeRequestChange)}</a></p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(lines) if lines.is_empty() => view! { <p>{t(Key::RequestsNone)}</p> }.into_any(),
                        Ok(lines) => view! {
                            <ul class="requests">
                                {lines.into_iter().map(|r| {
                                    let href = format!("/me/requests/{}", r.id);
                                    view! {
                                        <li><a href=href>
                                            <span dir="ltr" class="registration-number">{r.reference}</span>
                                            " · " {l(r.kind)}
                                            " · " <strong>{l(r.status)}</strong>
                                            " · " {t_when(Key::RequestsSentOn, "date", r.sent)}
                                        </a></li>
                                    }
                                }).collect_view()}
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

/// "Ask for a change": first the kind, then its form.
#[component]
pub fn NewRequestPage() -> impl IntoView {
    personal_page();
    let query = use_query_map();
    let kind = move || {
        query
            .read()
            .get("kind")
            .and_then(|k| RequestKind::parse(&k).ok())
    };
    let errors = move || labels::parse_errors(&query.read().get("errors").unwrap_or_default());
    let context = Resource::new(|| (), |()| request_form());
    let kept = Resource::new(
        move || (kind(), sent_back(&query.read())),
        |(kind, back)| {
            let form = format!("request:{}", kind.map_or("", RequestKind::as_str));
            kept_if_sent_back(form, back)
        },
    );
    view! {
        <section class="stack narrow" aria-labelledby="new-title">
            {move || match kind() {
                None => view! {
                    <h1 id="new-title">{t(Key::RequestNewTitle)}</h1>
                    <p class="lead">{t(Key::RequestNewLead)}</p>
                    <ul class="choices">
                        {RequestKind::ALL.iter().map(|k| {
                            let href = format!("/me/requests/new?kind={}", k.as_str());
                            view! { <li><a class="choice" href=href>{l(*k)}</a></li> }
                        }).collect_view()}
                    </ul>
                }.into_any(),
                Some(k) => view! {
                    <h1 id="new-title">{l(k)}</h1>
                    <Suspense fallback=|| ()>
                        {move || {
                            Suspend::new(async move {
                                provide_kept(kept.await);
                                match context.await {
                                    Ok(context) => view! {
                                        <RequestForm kind=k action="/api/me/requests".to_owned() context errors=errors() />
                                    }.into_any(),
                                    Err(_) => view! { <Redirect path="/signin" /> }.into_any(),
                                }
                            })
                        }}
                    </Suspense>
                    <p><a href="/me/requests/new">{t(Key::RequestFormChangeKind)}</a></p>
                }.into_any(),
            }}
        </section>
    }
}

/// The changes of a request as a list the person can read.
pub fn change_list(changes: Vec<ChangeLine>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <ul class="changes">
            {changes.into_iter().map(|c| {
                let outcome = c.approved.map(|a| if a {
                    view! { <span class="badge badge--ok">{t(Key::RequestChangeApproved)}</span> }.into_any()
                } else {
                    view! { <span class="badge badge--no">{t(Key::RequestChangeRejected)}</span> }.into_any()
                });
                let text = match c.change.as_str() {
                    "set" => {
                        let field = c.field.clone().unwrap_or_default();
                        let to = display_value(&field, &c.to);
                        let from = c.from.clone().map(|f| display_value(&field, &f));
                        view! {
                            <strong>{t(labels::field(&field))}</strong> " (" <span dir="auto">{c.person.clone()}</span> "): "
                            {from.map(|f| view! { <del dir="auto">{f}</del> " → " })}
                            <ins dir="auto">{to}</ins>
                        }.into_any()
                    }
                    "add" => {
                        let name = c.person.clone();
                        let member = c.added.clone().map(added_member);
                        view! { {move || locale.get().format(Key::RequestChangeAdd, &[("name", &name)])} " " {member} }.into_any()
                    }
                    other => {
                        let key = if other == "end-death" { Key::RequestChangeEndDeath } else { Key::RequestChangeEndDeparture };
                        let (name, date) = (c.person.clone(), c.to.clone());
                        view! { {move || { let l = locale.get(); l.format(key, &[("name", &name), ("date", &l.iso_date(&date))]) }} }.into_any()
                    }
                };
                view! { <li>{text} " " {outcome}</li> }
            }).collect_view()}
        </ul>
    }
}

/// A field value for display: codes in words, dates written out in the page's language, the
/// rest shown as written.
pub fn display_value(field: &str, value: &str) -> AnyView {
    match field {
        "sex" => coded(Sex::parse(value).ok(), value),
        "nationality" => coded(Nationality::parse(value).ok(), value),
        "country_of_origin" => coded(Country::parse(value).ok(), value),
        "relationship" => coded(Relationship::parse(value).ok(), value),
        "languages" => {
            let parsed: Option<Vec<Language>> = value
                .split([';', ','])
                .map(str::trim)
                .filter(|v| !v.is_empty())
                .map(|v| Language::parse(v).ok())
                .collect();
            match parsed {
                Some(languages) => l_list(languages).into_any(),
                None => view! { <span dir="ltr">{value.to_owned()}</span> }.into_any(),
            }
        }
        "date_of_birth" | "event_date" => view! { <When iso=value.to_owned() /> }.into_any(),
        _ => view! { <span dir="auto">{value.to_owned()}</span> }.into_any(),
    }
}

/// The words for a code, or the text as written when it is not one (an old record).
fn coded<T: Label + Copy + Send + Sync + 'static>(code: Option<T>, raw: &str) -> AnyView {
    match code {
        Some(code) => l(code).into_any(),
        None => view! { <span dir="auto">{raw.to_owned()}</span> }.into_any(),
    }
}

/// A new member as the request gives them: date of birth, sex and nationality in words.
pub fn added_member(member: AddedMember) -> AnyView {
    view! {
        <When iso=member.date_of_birth /> " · " {l(member.sex)} " · " {l(member.nationality)}
    }
    .into_any()
}

/// The history of a request.
pub fn event_list(events: Vec<EventLine>) -> impl IntoView {
    view! {
        <ol class="timeline">
            {events.into_iter().map(|e| {
                let by = match e.role {
                    Some(role) => {
                        let locale = use_locale();
                        (move || locale.get().format(Key::RequestByRole, &[("role", role.label(locale.get()))])).into_any()
                    }
                    None if e.helper => t(Key::RequestEventByHelper).into_any(),
                    None => t(Key::RequestByPerson).into_any(),
                };
                view! {
                    <li>
                        <span class="time"><When iso=e.at /></span> " "
                        <strong>{t(labels::event(&e.action))}</strong> " " <span class="muted">{by}</span>
                        {e.note.map(|n| view! { <blockquote dir="auto">{n}</blockquote> })}
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}

/// One of the person's requests.
#[component]
pub fn MyRequestPage() -> impl IntoView {
    personal_page();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let detail = Resource::new(id, my_request);
    let sent = move || query.read().get("sent").is_some();
    let errors = move || labels::parse_errors(&query.read().get("errors").unwrap_or_default());
    let kept = Resource::new(
        move || (id(), sent_back(&query.read())),
        |(id, back)| kept_if_sent_back(format!("answer:{id}"), back),
    );
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                provide_kept(kept.await);
                match detail.await {
                    Ok(detail) => view! { <RequestView detail sent=sent() errors=errors() /> }.into_any(),
                    Err(_) => view! {
                        <section class="stack">
                            <h1>{t(Key::NotFoundTitle)}</h1>
                            <p>{t(Key::NotFoundBody)}</p>
                            <p><a href="/me/requests">{t(Key::RequestsTitle)}</a></p>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RequestView(detail: RequestDetail, sent: bool, errors: Vec<(String, String)>) -> impl IntoView {
    let kept_files = move || use_context::<Kept>().map(|k| k.files).unwrap_or_default();
    let reference = detail.line.reference.clone();
    let status = detail.line.status;
    let next = match status {
        RequestStatus::Submitted | RequestStatus::UnderReview => {
            Some(Key::RequestStatusSubmittedNext)
        }
        RequestStatus::NeedsInfo => Some(Key::RequestStatusNeedsInfoNext),
        _ => None,
    };
    let id = detail.line.id.clone();
    let answer_error = errors
        .iter()
        .find(|(f, _)| f == "answer" || f == "documents")
        .map(|(_, c)| c.clone());
    view! {
        <section class="stack" aria-labelledby="request-title">
            <h1 id="request-title">{t_with(Key::RequestTitle, vec![("reference", reference.clone())])}</h1>
            {sent.then(|| view! { <p class="status status--ok" role="status">{t(Key::RequestStatusSubmittedNext)}</p> })}
            {problem_banner()}
            <p class="request-status">
                <span class=format!("badge badge--{}", status.as_str())>{l(status)}</span>
                " " {l(detail.line.kind)}
            </p>
            {next.filter(|_| !sent).map(|k| view! { <p>{t(k)}</p> })}
            <dl class="facts">
                <dt>{t(Key::RequestAbout)}</dt>
                <dd dir="auto">{detail.about.clone()}</dd>
                <dt>{t(Key::RequestsTitle)}</dt>
                <dd>{t_when(Key::RequestsSentOn, "date", detail.line.sent.clone())}</dd>
            </dl>
            <h2>{t(Key::RequestChanges)}</h2>
            {change_list(detail.changes.clone())}
            {detail.reason.clone().map(|r| view! { <h3>{t(Key::RequestReason)}</h3><p dir="auto">{r}</p> })}
            {detail.rejection.map(|r| view! {
                <h3>{t(Key::RequestDecisionReason)}</h3><p>{l(r)}</p>
            })}
            {detail.note.clone().map(|n| view! { <h3>{t(Key::RequestDecisionNote)}</h3><p dir="auto">{n}</p> })}
            {(!detail.documents.is_empty()).then(|| view! {
                <h2>{t(Key::RequestDocuments)}</h2>
                <ul>
                    {detail.documents.iter().enumerate().map(|(i, d)| {
                        view! { <li><a href=d.href.clone()>{document_label(i, d.photo)}</a></li> }
                    }).collect_view()}
                </ul>
            })}
            {detail.may_answer.then(|| {
                let action = format!("/api/me/requests/{id}/answer");
                view! {
                    <section class="card" aria-labelledby="question-title">
                        <h2 id="question-title">{t(Key::RequestQuestion)}</h2>
                        <blockquote dir="auto">{detail.question.clone().unwrap_or_default()}</blockquote>
                        <form method="post" action=action enctype="multipart/form-data" class="stack">
                            <div class="field" class:field--error=answer_error.is_some()>
                                <label for="field-answer">{t(Key::RequestAnswer)}</label>
                                {answer_error.clone().map(|c| view! { <p class="field-error">{t(labels::problem(&c))}</p> })}
                                <textarea id="field-answer" name="answer" rows="3" required=true>{kept_value("answer")}</textarea>
                            </div>
                            <div class="field">
                                <label for="field-documents">{t(Key::RequestFormDocuments)}</label>
                                <KeptFiles files=kept_files() />
                                <input id="field-documents" name="documents" type="file" multiple=true accept="image/jpeg,image/png,image/webp,application/pdf" />
                            </div>
                            <button type="submit" class="button button--primary">{t(Key::RequestAnswerSubmit)}</button>
                        </form>
                    </section>
                }
            })}
            {detail.may_cancel.then(|| {
                let action = format!("/api/me/requests/{id}/cancel");
                view! {
                    <form method="post" action=action>
                        <button type="submit" class="button">{t(Key::RequestCancel)}</button>
                    </form>
                }
            })}
            <h2>{t(Key::RequestHistory)}</h2>
            {event_list(detail.events.clone())}
            <p><a href="/me/requests">{t(Key::RequestsTitle)}</a> " · " <a href="/me">{t(Key::NavMyRecord)}</a></p>
        </section>
    }
}

/// "Who accessed my data".
#[component]
pub fn AccessLogPage() -> impl IntoView {
    personal_page();
    let log = Resource::new(|| (), |()| my_access_log());
    let locale = use_locale();
    view! {
        <section class="stack" aria-labelledby="access-title">
            <h1 id="access-title">{t(Key::AccessLogTitle)}</h1>
            <p>{t(Key::AccessLogLead)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match log.await {
                        Ok(lines) if lines.is_empty() => view! { <p>{t(Key::AccessLogNone)}</p> }.into_any(),
                        Ok(lines) => view! {
                            <table class="access-log">
                                <thead><tr>
                                    <th scope="col">{t(Key::AccessLogWhen)}</th>
                                    <th scope="col">{t(Key::AccessLogWhat)}</th>
                                    <th scope="col">{t(Key::AccessLogWho)}</th>
                                </tr></thead>
                                <tbody>
                                    {lines.into_iter().map(|l| {
                                        let role = l.role;
                                        let office = l.office.clone();
                                        let helper = l.helper.clone();
                                        let own = l.own;
                                        let who = move || {
                                            let loc = locale.get();
                                            if own {
                                                return loc.text(Key::AccessByYou).to_owned();
                                            }
                                            match (role, &helper) {
                                                (Some(role), _) => {
                                                    let office = office.clone().unwrap_or_else(|| loc.text(Key::AccessLogAllOffices).to_owned());
                                                    loc.format(Key::AccessLogWhoValue, &[("role", role.label(loc)), ("office", &office)])
                                                }
                                                (None, helper) => loc.format(Key::AccessByHelper, &[("name", helper.as_deref().unwrap_or(""))]),
                                            }
                                        };
                                        view! {
                                            <tr>
                                                <td><When iso=l.at /></td>
                                                <td>{t(labels::access_action(&l.action))}</td>
                                                <td>{who}</td>
                                            </tr>
                                        }
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(_) => view! { <Redirect path="/signin" /> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/me">{t(Key::NavMyRecord)}</a></p>
        </section>
    }
}
