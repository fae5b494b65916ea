//! `/staff/requests` (the review queue) and `/staff/requests/{id}` (the review screen). Thin:
//! the workflow authorizes and audits; the forms post to `/api/staff/requests/…`.

use leptos::prelude::*;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::personal_page;
use crate::api::requests::{review_queue, review_request, Review};
use crate::components::dates::{count, t_count, When};
use crate::components::request_form::document_label;
use crate::i18n::{l, t, t_with, use_locale, Key, Label};
use crate::labels;
use crate::pages::my_requests::{
    added_member, change_list, display_value, event_list, problem_banner,
};
use portal_types::{RejectionReason, RequestKind, RequestStatus};

/// The review queue with its filters.
#[component]
pub fn StaffRequestsPage() -> impl IntoView {
    personal_page();
    let query = use_query_map();
    let get = move |name: &str| query.read().get(name).unwrap_or_default();
    let age = move || get("age").parse::<u32>().unwrap_or(0);
    let queue = Resource::new(
        move || {
            (
                get("kind"),
                get("status"),
                age(),
                get("office"),
                get("sort"),
            )
        },
        |(kind, status, age, office, sort)| review_queue(kind, status, age, office, Some(sort)),
    );
    view! {
        <section class="stack" aria-labelledby="queue-title">
            <h1 id="queue-title">{t(Key::StaffRequestsTitle)}</h1>
            <form method="get" action="/staff/requests" class="filters">
                <div class="field">
                    <label for="filter-kind">{t(Key::StaffRequestsKind)}</label>
                    <select id="filter-kind" name="kind">
                        <option value="">{t(Key::StaffRequestsAny)}</option>
                        {RequestKind::ALL.iter().map(|k| view! { <option value=k.as_str() selected=move || get("kind") == k.as_str()>{l(*k)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-status">{t(Key::StaffRequestsStatus)}</label>
                    <select id="filter-status" name="status">
                        <option value="">{t(Key::StaffRequestsPending)}</option>
                        {RequestStatus::ALL.iter().map(|s| view! { <option value=s.as_str() selected=move || get("status") == s.as_str()>{l(*s)}</option> }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-age">{t(Key::StaffRequestsAge)}</label>
                    <select id="filter-age" name="age">
                        <option value="0">{t(Key::StaffRequestsAny)}</option>
                        {[3_u32, 7, 14, 30].into_iter().map(|d| view! {
                            <option value=d.to_string() selected=move || age() == d>{t_count(Key::StaffRequestsDays, "days", i64::from(d))}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field">
                    <label for="filter-sort">{t(Key::StaffRequestsSort)}</label>
                    <select id="filter-sort" name="sort">
                        <option value="oldest">{t(Key::StaffRequestsOldest)}</option>
                        <option value="newest" selected=move || get("sort") == "newest">{t(Key::StaffRequestsNewest)}</option>
                    </select>
                </div>
                <button type="submit" class="button">{t(Key::StaffRequestsShow)}</button>
            </form>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match queue.await {
                        Ok(queue) => view! {
                            {(!queue.offices.is_empty()).then(|| view! {
                                <form method="get" action="/staff/requests" class="filters">
                                    <input type="hidden" name="kind" value=get("kind") />
                                    <input type="hidden" name="status" value=get("status") />
                                    <input type="hidden" name="age" value=age().to_string() />
                                    <input type="hidden" name="sort" value=get("sort") />
                                    <div class="field">
                                        <label for="filter-office">{t(Key::StaffRequestsOffice)}</label>
                                        <select id="filter-office" name="office">
                                            <option value="">{t(Key::StaffRequestsAny)}</option>
                                            {queue.offices.iter().map(|o| { let o = o.clone(); let selected = get("office") == o; view! { <option value=o.clone() selected=selected>{o.clone()}</option> } }).collect_view()}
                                        </select>
                                    </div>
                                    <button type="submit" class="button">{t(Key::StaffRequestsShow)}</button>
                                </form>
                            })}
                            <h2>{t(Key::StaffRequestsCounts)}</h2>
                            <ul class="counts">
                                {queue.counts.into_iter().map(|(s, n)| view! {
                                    <li><span>{l(s)}</span> " " <strong>{count(n)}</strong></li>
                                }).collect_view()}
                            </ul>
                            {if queue.lines.is_empty() {
                                view! { <p role="status">{t(Key::StaffRequestsNone)}</p> }.into_any()
                            } else {
                                view! {
                                    <table class="queue stacked">
                                        <thead><tr>
                                            <th scope="col">{t(Key::StaffRequestsPerson)}</th>
                                            <th scope="col">{t(Key::StaffRequestsKind)}</th>
                                            <th scope="col">{t(Key::StaffRequestsWaiting)}</th>
                                            <th scope="col">{t(Key::StaffRequestsPrepared)}</th>
                                            <th scope="col">{t(Key::StaffRequestsStatus)}</th>
                                            <th scope="col">{t(Key::StaffRequestsOffice)}</th>
                                        </tr></thead>
                                        <tbody>
                                            {queue.lines.into_iter().map(|entry| {
                                                let href = format!("/staff/requests/{}", entry.line.id);
                                                let label = t_with(Key::StaffRequestsOpen, vec![("reference", entry.line.reference.clone())]);
                                                let days = entry.days;
                                                view! {
                                                    <tr>
                                                        <th scope="row" data-label=t(Key::StaffRequestsPerson)>
                                                            <span dir="auto">{entry.name}</span>
                                                            <br /> <span dir="ltr" class="muted">{entry.registration_number}</span>
                                                        </th>
                                                        <td data-label=t(Key::StaffRequestsKind)>
                                                            <a href=href aria-label=label>{l(entry.line.kind)}</a>
                                                            " " <span dir="ltr" class="muted">{entry.line.reference}</span>
                                                        </td>
                                                        <td data-label=t(Key::StaffRequestsWaiting)>
                                                            <When iso=entry.line.sent />
                                                            {(days > 0).then(|| view! { <br /> <span class="muted">{t_count(Key::StaffRequestsWaitingDays, "days", days)}</span> })}
                                                        </td>
                                                        <td data-label=t(Key::StaffRequestsPrepared)>
                                                            {match entry.prepared_by {
                                                                Some(name) => view! { <span dir="auto">{name}</span> }.into_any(),
                                                                None => t(Key::StaffRequestsPreparedSelf).into_any(),
                                                            }}
                                                        </td>
                                                        <td data-label=t(Key::StaffRequestsStatus)>{l(entry.line.status)}</td>
                                                        <td data-label=t(Key::StaffRequestsOffice)><span dir="ltr">{entry.office}</span></td>
                                                    </tr>
                                                }
                                            }).collect_view()}
                                        </tbody>
                                    </table>
                                }.into_any()
                            }}
                        }.into_any(),
                        Err(_) => view! { <p class="status status--error">{t(Key::ProblemRefused)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}

/// The review screen.
#[component]
pub fn ReviewPage() -> impl IntoView {
    personal_page();
    let params = use_params_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let review = Resource::new(id, review_request);
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match review.await {
                    Ok(review) => view! { <ReviewView review /> }.into_any(),
                    Err(_) => view! {
                        <p class="status status--error">{t(Key::StaffReviewNotAvailable)}</p>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ReviewView(review: Review) -> impl IntoView {
    let query = use_query_map();
    let errors = move || labels::parse_errors(&query.read().get("errors").unwrap_or_default());
    let saved = move || {
        query
            .read()
            .get("saved")
            .and_then(|s| RequestStatus::parse(&s).ok())
    };
    let locale = use_locale();
    let detail = review.detail.clone();
    let id = detail.line.id.clone();
    let row_version = review.row_version.to_string();
    let changes = detail.changes.clone();
    let decide_action = format!("/api/staff/requests/{id}/decide");
    let ask_action = format!("/api/staff/requests/{id}/ask");
    let recommend_action = format!("/api/staff/requests/{id}/recommend");
    let recommendation = review.recommendation.clone();
    let summary = recommendation.clone().map(|r| {
        r.iter()
            .enumerate()
            .map(|(i, a)| format!("{}: {}", i + 1, if *a { "✓" } else { "✗" }))
            .collect::<Vec<_>>()
            .join(", ")
    });
    view! {
        <section class="stack" aria-labelledby="review-title">
            <h1 id="review-title">{t_with(Key::StaffReviewTitle, vec![("reference", detail.line.reference.clone())])}</h1>
            {move || saved().map(|status| {
                view! { <p class="status status--ok" role="status">{move || locale.get().format(Key::StaffReviewSaved, &[("status", status.label(locale.get()))])}</p> }
            })}
            {problem_banner()}
            {move || (!errors().is_empty()).then(|| view! {
                <div class="error-summary" role="alert">
                    <p><strong>{t(Key::RequestFormErrors)}</strong></p>
                    <ul>{errors().into_iter().map(|(f, c)| view! { <li>{t(labels::field(&f))} ": " {t(labels::problem(&c))}</li> }).collect_view()}</ul>
                </div>
            })}
            <p class="request-status">
                <span class=format!("badge badge--{}", detail.line.status.as_str())>{l(detail.line.status)}</span>
                " " {l(detail.line.kind)}
            </p>
            <dl class="facts">
                <dt>{t(Key::RequestAbout)}</dt>
                <dd dir="auto">{detail.about.clone()}</dd>
                <dt>{t(Key::StaffReviewMaker)}</dt>
                <dd>{if review.made_by_staff { t(Key::StaffReviewMakerStaff) } else { t(Key::StaffReviewMakerPerson) }}</dd>
                <dt>{t(Key::StaffRequestsWaiting)}</dt>
                <dd><When iso=detail.line.sent.clone() /></dd>
            </dl>
            {detail.reason.clone().map(|r| view! { <h2>{t(Key::RequestReason)}</h2><p dir="auto">{r}</p> })}
            {review.answer.clone().map(|a| view! { <h2>{t(Key::StaffReviewAnswer)}</h2><blockquote dir="auto">{a}</blockquote> })}
            {(!review.conflicts.is_empty()).then(|| view! {
                <p class="status status--warning" role="alert">{t(Key::StaffReviewConflict)} " " <span dir="auto">{review.conflicts.join(", ")}</span></p>
            })}
            {summary.map(|s| view! { <p class="status">{t_with(Key::StaffReviewRecommended, vec![("summary", s)])}</p> })}
            {(!detail.documents.is_empty()).then(|| view! {
                <h2>{t(Key::RequestDocuments)}</h2>
                <ul>
                    {detail.documents.iter().enumerate().map(|(i, d)| {
                        view! { <li><a href=d.href.clone() target="_blank" rel="noopener">{document_label(i, d.photo)}</a></li> }
                    }).collect_view()}
                </ul>
            })}
            {if review.pending {
                let refused = review.refused.clone();
                let may_decide = refused.is_none();
                view! {
                    <form method="post" action=decide_action class="stack review-form">
                        <input type="hidden" name="row_version" value=row_version.clone() />
                        <table class="compare stacked">
                            <caption>{t(Key::RequestChanges)}</caption>
                            <thead><tr>
                                <th scope="col">{t(Key::StaffReviewField)}</th>
                                <th scope="col">{t(Key::StaffReviewCurrent)}</th>
                                <th scope="col">{t(Key::StaffReviewProposed)}</th>
                                <th scope="col">{t(Key::StaffReviewApprove)}</th>
                            </tr></thead>
                            <tbody>
                                {changes.iter().enumerate().map(|(i, c)| {
                                    let checkbox_id = format!("approve-{i}");
                                    let label_for = checkbox_id.clone();
                                    let name = format!("approve_{i}");
                                    let (label, now, to) = match c.change.as_str() {
                                        "set" => {
                                            let field = c.field.clone().unwrap_or_default();
                                            (view! { {t(labels::field(&field))} " · " <span dir="auto">{c.person.clone()}</span> }.into_any(),
                                             compare_value(&field, c.now.clone().unwrap_or_default()), compare_value(&field, c.to.clone()))
                                        }
                                        "add" => (t(Key::RequestKindBirth).into_any(), ().into_any(),
                                                  view! { {c.person.clone()} " · " {c.added.clone().map(added_member)} }.into_any()),
                                        other => (t(if other == "end-death" { Key::RequestKindDeath } else { Key::RequestKindDeparture }).into_any(),
                                                  c.person.clone().into_any(), view! { <When iso=c.to.clone() /> }.into_any()),
                                    };
                                    let label = if c.change == "add" { l(detail.line.kind).into_any() } else { label };
                                    view! {
                                        <tr>
                                            <th scope="row">{label}</th>
                                            <td dir="auto" data-label=t(Key::StaffReviewCurrent)>{now}</td>
                                            <td dir="auto" data-label=t(Key::StaffReviewProposed)><ins>{to}</ins></td>
                                            <td data-label=t(Key::StaffReviewApprove)>
                                                <input type="checkbox" id=checkbox_id name=name checked=true disabled=!may_decide />
                                                <label for=label_for class="visually-hidden">{t(Key::StaffReviewApprove)}</label>
                                            </td>
                                        </tr>
                                    }
                                }).collect_view()}
                            </tbody>
                        </table>
                        {match refused {
                            Some(code) => view! { <p class="status status--warning">{t(labels::refusal(&code))}</p> }.into_any(),
                            None => view! {
                                <div class="field">
                                    <label for="field-reason">{t(Key::StaffReviewReason)}</label>
                                    <select id="field-reason" name="reason">
                                        <option value="">{t(Key::StaffReviewReasonNone)}</option>
                                        {RejectionReason::ALL.iter().map(|r| view! { <option value=r.as_str()>{l(*r)}</option> }).collect_view()}
                                    </select>
                                </div>
                                <div class="field">
                                    <label for="field-note">{t(Key::StaffReviewNote)}</label>
                                    <textarea id="field-note" name="note" rows="2"></textarea>
                                </div>
                                <button type="submit" class="button button--primary">{t(Key::StaffReviewDecideSubmit)}</button>
                            }.into_any(),
                        }}
                    </form>
                    {review.may_recommend.then(|| view! {
                        <form method="post" action=recommend_action.clone() class="stack card">
                            <h2>{t(Key::StaffReviewRecommend)}</h2>
                            <input type="hidden" name="row_version" value=row_version.clone() />
                            <ul class="checks">
                                {changes.iter().enumerate().map(|(i, c)| {
                                    let id = format!("recommend-{i}");
                                    let field = c.field.clone().map(|f| t(labels::field(&f)).into_any()).unwrap_or_else(|| l(detail.line.kind).into_any());
                                    view! { <li><label class="check"><input type="checkbox" id=id name=format!("approve_{i}") checked=true /> " " {field}</label></li> }
                                }).collect_view()}
                            </ul>
                            <div class="field">
                                <label for="field-recommend-note">{t(Key::StaffReviewNote)}</label>
                                <textarea id="field-recommend-note" name="note" rows="2"></textarea>
                            </div>
                            <button type="submit" class="button">{t(Key::StaffReviewRecommendSubmit)}</button>
                        </form>
                    })}
                    {(detail.line.status != RequestStatus::NeedsInfo).then(|| view! {
                        <form method="post" action=ask_action.clone() class="stack card">
                            <h2>{t(Key::StaffReviewAsk)}</h2>
                            <input type="hidden" name="row_version" value=row_version.clone() />
                            <div class="field">
                                <label for="field-question">{t(Key::StaffReviewQuestion)}</label>
                                <textarea id="field-question" name="question" rows="2" required=true></textarea>
                            </div>
                            <button type="submit" class="button">{t(Key::StaffReviewAskSubmit)}</button>
                        </form>
                    })}
                }.into_any()
            } else {
                view! {
                    {change_list(changes.clone())}
                    {detail.rejection.map(|r| view! { <p>{t(Key::RequestDecisionReason)} ": " {l(r)}</p> })}
                    {detail.note.clone().map(|n| view! { <p dir="auto">{n}</p> })}
                }.into_any()
            }}
            <h2>{t(Key::StaffReviewHousehold)}</h2>
            <table class="household stacked">
                <tbody>
                    {review.household.iter().map(|m| view! {
                        <tr>
                            <td dir="auto">{m.name.clone()}</td>
                            <td>{l(m.relationship)}</td>
                            <td><When iso=m.date_of_birth.clone() /></td>
                            <td>{l(m.status)}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
            {(!review.history.is_empty()).then(|| view! {
                <h2>{t(Key::StaffReviewHistory)}</h2>
                <ul>
                    {review.history.iter().map(|r| {
                        let href = format!("/staff/requests/{}", r.id);
                        view! { <li><a href=href><span dir="ltr">{r.reference.clone()}</span> " · " {l(r.kind)} " · " {l(r.status)}</a></li> }
                    }).collect_view()}
                </ul>
            })}
            <h2>{t(Key::RequestHistory)}</h2>
            {event_list(detail.events.clone())}
            <p><a href="/staff/requests">{t(Key::StaffRequestsTitle)}</a></p>
        </section>
    }
}

/// A current or proposed value in the comparison table: dates written out in the page's
/// language, everything else exactly as stored (the reviewer compares what will be saved).
fn compare_value(field: &str, value: String) -> AnyView {
    if value.is_empty() {
        return ().into_any();
    }
    display_value(field, &value)
}
