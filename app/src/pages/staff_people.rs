//! `/staff/people` (search) and `/staff/people/{id}` (case view with the enrollment slip).
//! Thin: parse the query, call the server functions, render.

use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::personal_page;
use crate::api::appointments::case_appointments;
use crate::api::people::{
    open_case, search_people, AuditLine, AuditWho, CaseRequest, ContactLine, InvitePerson,
};
use crate::api::requests::{record_history, staff_request_form};
use crate::components::dates::{t_count, t_when, When};
use crate::components::request_form::RequestForm;
use crate::i18n::l;
use crate::i18n::{t, t_with, use_locale, Key};
use crate::labels;
use crate::pages::credentials::StaffCredentialsSection;
use portal_types::Label as _;

/// The person's phone, email and address: left out until the staff member asks
/// (`?contact=1`), since each reading is audited on its own. `contact` is `None` until then.
#[component]
fn CaseContact(id: String, contact: Option<ContactLine>) -> impl IntoView {
    let show = format!("/staff/people/{id}?contact=1#contact");
    view! {
        <section id="contact" class="stack" aria-labelledby="contact-title">
            <h2 id="contact-title">{t(Key::StaffCaseContact)}</h2>
            {match contact {
                None => view! {
                    <p class="muted">{t(Key::StaffCaseContactLead)}</p>
                    <p><a class="button" href=show>{t(Key::StaffCaseContactShow)}</a></p>
                }.into_any(),
                Some(c) => {
                    let line = |value: Option<String>| match value {
                        Some(v) => view! { <span dir="ltr">{v}</span> }.into_any(),
                        None => view! { <span class="muted">{t(Key::StaffCaseContactNone)}</span> }.into_any(),
                    };
                    view! {
                        <dl class="facts">
                            <dt>{t(Key::StaffCaseContactPhone)}</dt>
                            <dd>{line(c.phone)}</dd>
                            <dt>{t(Key::StaffCaseContactEmail)}</dt>
                            <dd>{line(c.email)}</dd>
                            <dt>{t(Key::StaffCaseContactAddress)}</dt>
                            <dd dir="auto">{c.address.unwrap_or_default()}</dd>
                        </dl>
                    }.into_any()
                }
            }}
        </section>
    }
}

/// The people search. The search is posted (it names people) and kept for the session by
/// the server; the address carries only the page number.
#[component]
pub fn PeoplePage() -> impl IntoView {
    personal_page();
    let query = use_query_map();
    let page = move || {
        query
            .read()
            .get("page")
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(0)
    };
    let bad_date = move || {
        query
            .read()
            .get("errors")
            .is_some_and(|e| e.contains("date_of_birth"))
    };
    let results = Resource::new(page, search_people);
    view! {
        <section class="stack" aria-labelledby="people-title">
            <h1 id="people-title">{t(Key::StaffPeopleTitle)}</h1>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let found = results.await;
                    let (text, from, to) = match &found {
                        Ok(f) => (f.text.clone(), f.born_from.clone(), f.born_to.clone()),
                        Err(_) => (String::new(), None, None),
                    };
                    let asked = !text.trim().is_empty() || from.is_some() || to.is_some();
                    view! {
                        <form method="post" action="/api/staff/people/find" class="search stack" role="search">
                            <div class="field">
                                <label for="q">{t(Key::StaffPeopleSearchLabel)}</label>
                                <p class="hint" id="q-hint">{t(Key::StaffPeopleSearchHint)}</p>
                                <input id="q" name="q" type="search" value=text autocomplete="off" aria-describedby="q-hint" maxlength="100" />
                            </div>
                            <fieldset class="filters">
                                <legend>{t(Key::StaffPeopleDates)}</legend>
                                <div class="field">
                                    <label for="born_from">{t(Key::StaffPeopleBornFrom)}</label>
                                    <input id="born_from" name="born_from" type="date" dir="ltr" value=from.unwrap_or_default() />
                                </div>
                                <div class="field">
                                    <label for="born_to">{t(Key::StaffPeopleBornTo)}</label>
                                    <input id="born_to" name="born_to" type="date" dir="ltr" value=to.unwrap_or_default() />
                                </div>
                            </fieldset>
                            {bad_date().then(|| view! { <p class="error" role="alert">{t(Key::StaffPeopleBadDate)}</p> })}
                            <p><button type="submit" class="button button--primary">{t(Key::StaffPeopleSearchSubmit)}</button></p>
                        </form>
                        {match found {
                            Ok(found) if found.total > 0 => {
                                let page = page();
                                let has_next = i64::from(page + 1) * found.page_size < found.total;
                                view! {
                                    <p role="status">{t_count(Key::StaffPeopleResults, "count", found.total)}</p>
                                    <ul class="people">
                                        {found
                                            .people
                                            .into_iter()
                                            .map(|person| {
                                                let href = format!("/staff/people/{}", person.id);
                                                let label = person.name.clone();
                                                view! {
                                                    <li>
                                                        <A href=href attr:aria-label=t_with(Key::StaffPeopleOpen, vec![("name", label)])>
                                                            <span class="registration-number" dir="ltr">{person.registration_number}</span>
                                                            " "
                                                            <span>{person.name}</span>
                                                            {person.original_name.map(|n| view! { " " <span class="original-name" dir="auto">{n}</span> })}
                                                        </A>
                                                        <span class="muted person-facts">
                                                            {t(Key::StaffPeopleBorn)} " " <When iso=person.born /> " · "
                                                            {t(Key::StaffPeopleCase)} " " <span dir="ltr">{person.case_number}</span>
                                                        </span>
                                                    </li>
                                                }
                                            })
                                            .collect_view()}
                                    </ul>
                                    <nav class="pager">
                                        {(page > 0).then(|| {
                                            let href = format!("/staff/people?page={}", page - 1);
                                            view! { <a href=href>{t(Key::StaffPeoplePrevious)}</a> }
                                        })}
                                        {has_next.then(|| {
                                            let href = format!("/staff/people?page={}", page + 1);
                                            view! { <a href=href>{t(Key::StaffPeopleNext)}</a> }
                                        })}
                                    </nav>
                                }
                                    .into_any()
                            }
                            Ok(_) if asked => view! { <p role="status">{t(Key::StaffPeopleNone)}</p> }.into_any(),
                            _ => ().into_any(),
                        }}
                    }
                })}
            </Suspense>
        </section>
    }
}

/// A date of birth as the case view gets it, `YYYY-MM-DD` with ` (~)` when estimated.
fn born(value: &str) -> impl IntoView {
    let (date, estimated) = match value.strip_suffix(" (~)") {
        Some(date) => (date, true),
        None => (value, false),
    };
    view! { <When iso=date.to_owned() /> {estimated.then_some(" (~)")} }
}

/// Reactive "Version {version}, {date}" with the number and the date in the page's language.
fn version_label(version: i64, at: String) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = use_locale();
    move || {
        let l = locale.get();
        l.format(
            Key::StaffCaseVersion,
            &[
                ("version", &l.number(version)),
                ("date", &l.iso_date_time(&at)),
            ],
        )
    }
}

/// A person's case, opened by staff (audited), with the enrollment slip.
#[component]
pub fn CasePage() -> impl IntoView {
    personal_page();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    // The contact details come with the case, in its transaction, only when asked for.
    let query = use_query_map();
    let asked = move || query.read().get("contact").is_some_and(|v| v == "1");
    let case = Resource::new(
        move || (id(), asked()),
        |(id, asked)| open_case(id, Some(asked)),
    );
    let invite = ServerAction::<InvitePerson>::new();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match case.await {
                    Ok(case) => {
                        let history_id = case.id.clone();
                        let prepare_id = case.id.clone();
                        let helpers_id = case.id.clone();
                        let credentials_id = case.id.clone();
                        let contact_id = case.id.clone();
                        let appointments_id = case.id.clone();
                        view! {
                            <section class="stack" aria-labelledby="case-title">
                                <h1 id="case-title">
                                    {t(Key::StaffCaseTitle)} " " <span dir="ltr" class="registration-number">{case.registration_number.clone()}</span>
                                </h1>
                                <p class="greeting">{case.name.clone()} {case.original_name.clone().map(|n| view! { " · " <span>{n}</span> })}</p>
                                <dl class="facts">
                                    <dt>{t(Key::StaffCaseBorn)}</dt>
                                    <dd>{born(&case.born)}</dd>
                                </dl>
                                <CaseContact id=contact_id contact=case.contact.clone() />
                                <h2>{t(Key::StaffCaseHousehold)}</h2>
                                <table class="household">
                                    <tbody>
                                        {case
                                            .household
                                            .iter()
                                            .map(|m| view! {
                                                <tr>
                                                    <td dir="ltr" class="registration-number">{m.registration_number.clone()}</td>
                                                    <td>{m.name.clone()}</td>
                                                    <td>{crate::i18n::l(m.relationship)}</td>
                                                    <td>{born(&m.born)}</td>
                                                </tr>
                                            })
                                            .collect_view()}
                                    </tbody>
                                </table>
                                <h2>{t(Key::StaffInviteTitle)}</h2>
                                <ActionForm action=invite attr:class="stack">
                                    <input type="hidden" name="id" value=case.id.clone() />
                                    <label class="check">
                                        <input type="checkbox" name="revoke_existing" value="true" />
                                        " "
                                        {t(Key::StaffInviteRevoke)}
                                    </label>
                                    <button type="submit" class="button button--primary">{t(Key::StaffInviteSubmit)}</button>
                                </ActionForm>
                                <SlipView invite />
                                <CaseRequests requests=case.requests.clone() />
                                <CaseAppointments id=appointments_id />
                                <StaffCredentialsSection id=credentials_id />
                                <CaseHistory id=history_id />
                                <Helpers id=helpers_id />
                                <PrepareRequest id=prepare_id />
                                <CaseAudit lines=case.audit.clone() />
                            </section>
                        }
                            .into_any()
                    }
                    Err(_) => view! { <p class="status status--error">{t(Key::StaffCaseNotAvailable)}</p> }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The requests about the household, each linked to its review.
#[component]
fn CaseRequests(requests: Vec<CaseRequest>) -> impl IntoView {
    view! {
        <section class="stack" aria-labelledby="case-requests-title">
            <h2 id="case-requests-title">{t(Key::StaffCaseRequests)}</h2>
            {if requests.is_empty() {
                view! { <p class="muted">{t(Key::StaffCaseRequestsNone)}</p> }.into_any()
            } else {
                view! {
                    <table class="stacked">
                        <thead><tr>
                            <th scope="col">{t(Key::StaffRequestsKind)}</th>
                            <th scope="col">{t(Key::StaffRequestsPerson)}</th>
                            <th scope="col">{t(Key::StaffRequestsWaiting)}</th>
                            <th scope="col">{t(Key::StaffRequestsStatus)}</th>
                        </tr></thead>
                        <tbody>
                            {requests.into_iter().map(|r| {
                                let href = format!("/staff/requests/{}", r.line.id);
                                view! {
                                    <tr>
                                        <td data-label=t(Key::StaffRequestsKind)>
                                            <a href=href>{l(r.line.kind)}</a>
                                            " " <span dir="ltr" class="muted">{r.line.reference}</span>
                                        </td>
                                        <td data-label=t(Key::StaffRequestsPerson)>{r.about}</td>
                                        <td data-label=t(Key::StaffRequestsWaiting)><When iso=r.line.sent /></td>
                                        <td data-label=t(Key::StaffRequestsStatus)>{l(r.line.status)}</td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </section>
    }
}

/// The audit history of the record: when, what, who (staff by name, role and office).
#[component]
fn CaseAudit(lines: Vec<AuditLine>) -> impl IntoView {
    let locale = use_locale();
    view! {
        <section class="stack" aria-labelledby="case-audit-title">
            <h2 id="case-audit-title">{t(Key::StaffCaseAudit)}</h2>
            <p class="muted">{t(Key::StaffCaseAuditLead)}</p>
            <table class="stacked case-audit">
                <thead><tr>
                    <th scope="col">{t(Key::AccessLogWhen)}</th>
                    <th scope="col">{t(Key::AccessLogWhat)}</th>
                    <th scope="col">{t(Key::AccessLogWho)}</th>
                </tr></thead>
                <tbody>
                    {lines.into_iter().map(|line| {
                        let who = line.who.clone();
                        let who = move || {
                            let loc = locale.get();
                            match &who {
                                AuditWho::Staff { name, role, office } => {
                                    let office = office.clone().unwrap_or_else(|| loc.text(Key::AccessLogAllOffices).to_owned());
                                    match role {
                                        Some(role) => format!("{name} · {}", loc.format(Key::AccessLogWhoValue, &[("role", role.label(loc)), ("office", &office)])),
                                        None => name.clone(),
                                    }
                                }
                                AuditWho::ThePerson => loc.text(Key::StaffCaseAuditPerson).to_owned(),
                                AuditWho::Relative => loc.text(Key::StaffCaseAuditRelative).to_owned(),
                                AuditWho::Partner => loc.text(Key::StaffCaseAuditPartner).to_owned(),
                                AuditWho::System => loc.text(Key::StaffCaseAuditSystem).to_owned(),
                            }
                        };
                        view! {
                            <tr>
                                <td data-label=t(Key::AccessLogWhen)><When iso=line.at /></td>
                                <td data-label=t(Key::AccessLogWhat)>{t(labels::case_action(&line.action))}</td>
                                <td data-label=t(Key::AccessLogWho)>{who}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </section>
    }
}

/// The person's trusted helpers and the people they help, each open one with "End".
#[component]
fn Helpers(id: String) -> impl IntoView {
    let person = id.clone();
    let lines = Resource::new(
        move || id.clone(),
        crate::api::trusted::staff_person_helpers,
    );
    view! {
        <section class="stack" id="helpers" aria-labelledby="helpers-title">
            <h2 id="helpers-title">{t(Key::StaffCaseHelpers)}</h2>
            <Suspense fallback=|| ()>
                {move || {
                    let person = person.clone();
                    Suspend::new(async move {
                        let lines = lines.await.unwrap_or_default();
                        if lines.is_empty() {
                            return view! { <p>{t(Key::StaffCaseHelpersNone)}</p> }.into_any();
                        }
                        view! {
                            <ul class="delegations">
                                {lines.into_iter().map(|l| {
                                    let open = matches!(l.line.standing.as_str(), "invited" | "active");
                                    let action = format!("/api/staff/delegations/{}/end", l.line.id);
                                    let person = person.clone();
                                    let side = if l.granted { Key::StaffCaseHelperOf } else { Key::StaffCaseHelperFor };
                                    view! {
                                        <li class="card stack" data-standing=l.line.standing.clone()>
                                            <p><strong dir="auto">{l.line.name.clone()}</strong> " · " {t(side)}</p>
                                            <p class="muted">
                                                {crate::components::dates::t_when(Key::TrustedUntil, "date", l.line.until.clone())}
                                                " · " {t(crate::pages::trusted::standing(&l.line.standing))}
                                            </p>
                                            {open.then(|| view! {
                                                <crate::components::confirm::Confirm action label=Key::TrustedEnd question=Key::TrustedEndQuestion yes=Key::TrustedEndYes>
                                                    <input type="hidden" name="person" value=person.clone() />
                                                </crate::components::confirm::Confirm>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    })
                }}
            </Suspense>
        </section>
    }
}

/// The household's appointments at the staff member's locations, each leading to its day on
/// the agenda.
#[component]
fn CaseAppointments(id: String) -> impl IntoView {
    let appointments = Resource::new(move || id.clone(), case_appointments);
    let locale = use_locale();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                let lines = appointments.await.unwrap_or_default();
                view! {
                    <h2>{t(Key::StaffCaseAppointments)}</h2>
                    {if lines.is_empty() {
                        view! { <p class="muted">{t(Key::StaffCaseAppointmentsNone)}</p> }.into_any()
                    } else {
                        view! {
                            <ul class="requests">
                                {lines.into_iter().map(|a| {
                                    let href = format!("/staff/appointments?location={}&find={}", a.line.location.id, a.line.reference);
                                    let service = a.line.service.clone();
                                    view! {
                                        <li>
                                            <a href=href>
                                                <strong>{move || service.name(locale.get().tag())}</strong>
                                                " · " <When iso=a.line.local.clone() />
                                                " · " <span dir="auto">{a.name.clone()}</span>
                                                " · " <span class=format!("badge badge--{}", a.line.status.as_str())>{crate::i18n::l(a.line.status)}</span>
                                            </a>
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any()
                    }}
                }
            })}
        </Suspense>
    }
}

/// The record's versions (audited when opened).
#[component]
fn CaseHistory(id: String) -> impl IntoView {
    let history = Resource::new(move || id.clone(), record_history);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match history.await {
                    Ok(lines) if !lines.is_empty() => view! {
                        <h2>{t(Key::StaffCaseHistory)}</h2>
                        <ol class="timeline">
                            {lines.into_iter().map(|v| view! {
                                <li>
                                    {version_label(v.version, v.at)}
                                    {v.reference.map(|r| view! { " · " <span dir="ltr">{r}</span> })}
                                    {(!v.changed.is_empty()).then(|| view! { " · " <span dir="ltr">{v.changed.join(", ")}</span> })}
                                </li>
                            }).collect_view()}
                        </ol>
                    }.into_any(),
                    _ => ().into_any(),
                }
            })}
        </Suspense>
    }
}

/// A clerk prepares a request for the person; a colleague decides it.
#[component]
fn PrepareRequest(id: String) -> impl IntoView {
    let query = use_query_map();
    let kind = move || {
        query
            .read()
            .get("kind")
            .and_then(|k| portal_types::RequestKind::parse(&k).ok())
    };
    let errors =
        move || crate::labels::parse_errors(&query.read().get("errors").unwrap_or_default());
    let form_id = id.clone();
    let context = Resource::new(move || form_id.clone(), staff_request_form);
    let form_id = id.clone();
    let kept = Resource::new(
        move || {
            (
                form_id.clone(),
                kind(),
                crate::api::drafts::sent_back(&query.read()),
            )
        },
        |(person, kind, back)| {
            let kind = kind.map_or("", portal_types::RequestKind::as_str);
            crate::api::drafts::kept_if_sent_back(format!("request:{person}:{kind}"), back)
        },
    );
    let action = format!("/api/staff/people/{id}/requests");
    view! {
        <Suspense fallback=|| ()>
            {move || {
                let action = action.clone();
                let id = id.clone();
                Suspend::new(async move {
                    crate::components::request_form::provide_kept(kept.await);
                    let Ok(context) = context.await else { return ().into_any() };
                    view! {
                        <section class="stack card" aria-labelledby="prepare-title">
                            <h2 id="prepare-title">{t(Key::StaffCasePrepare)}</h2>
                            {match kind() {
                                None => view! {
                                    <ul class="choices">
                                        {portal_types::RequestKind::ALL.iter().map(|k| {
                                            let href = format!("/staff/people/{id}?kind={}#prepare-title", k.as_str());
                                            view! { <li><a class="choice" href=href>{crate::i18n::l(*k)}</a></li> }
                                        }).collect_view()}
                                    </ul>
                                }.into_any(),
                                Some(k) => view! {
                                    <h3>{crate::i18n::l(k)}</h3>
                                    <RequestForm kind=k action=action.clone() context=context.clone() errors=errors() />
                                }.into_any(),
                            }}
                        </section>
                    }.into_any()
                })
            }}
        </Suspense>
    }
}

/// The printable slip, once issued.
#[component]
fn SlipView(invite: ServerAction<InvitePerson>) -> impl IntoView {
    let print = move |_| {
        if let Ok(window) = web_sys::window().ok_or(()) {
            let _ = window.print();
        }
    };
    move || {
        match invite.value().get() {
        Some(Ok(slip)) => view! {
            <div class="slip" aria-live="polite">
                <div class="slip__qr" inner_html=slip.qr_svg></div>
                <p class="slip__code">
                    {t(Key::StaffInviteCode)} ": " <strong dir="ltr">{slip.code}</strong>
                </p>
                <p dir="ltr" class="slip__link">{slip.link}</p>
                <p>{t_when(Key::StaffInviteExpires, "expires", slip.expires)}</p>
                <p>{t(Key::StaffInviteInstructions)}</p>
                <button type="button" class="button no-print" on:click=print>{t(Key::StaffInvitePrint)}</button>
            </div>
        }
        .into_any(),
        Some(Err(_)) => view! { <p class="status status--error">{t(Key::StaffInviteNotAllowed)}</p> }.into_any(),
        None => ().into_any(),
    }
    }
}
