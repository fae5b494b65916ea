//! `/staff/quality`: the data-quality findings of the staff member's office, one status at a
//! time, each with the records it names (opened through the search, so the number is posted,
//! not put in an address) and buttons to mark it resolved, a false positive, or escalated.
//! Thin: the server function lists, the form posts to `/api/staff/quality/{id}`.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::account::personal_page;
use crate::api::quality::quality_findings;
use crate::components::dates::When;
use crate::i18n::{t, t_with, Key};

const STATUSES: [(&str, Key); 4] = [
    ("open", Key::StaffQualityOpen),
    ("escalated", Key::StaffQualityEscalated),
    ("resolved", Key::StaffQualityResolved),
    ("false_positive", Key::StaffQualityFalsePositive),
];

fn rule_key(rule: &str) -> Key {
    match rule {
        "missing-field" => Key::QualityRuleMissingField,
        "born-in-future" => Key::QualityRuleBornInFuture,
        "too-old" => Key::QualityRuleTooOld,
        "child-older-than-parent" => Key::QualityRuleChildOlderThanParent,
        "household-principal" => Key::QualityRuleHouseholdPrincipal,
        "shared-contact" => Key::QualityRuleSharedContact,
        _ => Key::QualityRuleLikelyDuplicate,
    }
}

/// The review list.
#[component]
pub fn StaffQualityPage() -> impl IntoView {
    personal_page();
    let query = use_query_map();
    let status = move || {
        let asked = query.read().get("status").unwrap_or_default();
        STATUSES
            .iter()
            .find(|(code, _)| *code == asked)
            .map_or("open", |(code, _)| *code)
            .to_owned()
    };
    let banner = move || {
        let q = query.read();
        if let Some(done) = q.get("done") {
            let key = STATUSES.iter().find(|(c, _)| *c == done).map(|(_, k)| *k);
            key.map(|k| view! { <p class="status status--ok" role="status">{t(Key::StaffQualityDone)} " " {t(k)}</p> }.into_any())
        } else if q.get("problem").is_some() {
            Some(view! { <p class="status status--error" role="alert">{t(Key::StaffQualityStale)}</p> }.into_any())
        } else {
            None
        }
    };
    let findings = Resource::new(status, quality_findings);
    view! {
        <section class="stack" aria-labelledby="quality-title">
            <h1 id="quality-title">{t(Key::StaffQualityTitle)}</h1>
            <p class="muted">{t(Key::StaffQualityLead)}</p>
            {banner}
            <form method="get" action="/staff/quality" class="filters">
                <div class="field">
                    <label for="status">{t(Key::StaffRequestsStatus)}</label>
                    <select id="status" name="status">
                        {STATUSES.iter().map(|(code, key)| {
                            let code = *code;
                            view! { <option value=code selected=move || status() == code>{t(*key)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button">{t(Key::StaffRequestsShow)}</button>
            </form>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let shown = status();
                    match findings.await {
                        Ok(lines) if lines.is_empty() => view! { <p role="status">{t(Key::StaffQualityNone)}</p> }.into_any(),
                        Ok(lines) => view! {
                            <p role="status">{crate::components::dates::t_count(Key::StaffQualityCount, "count", lines.len() as i64)}</p>
                            <ul class="findings stack">
                                {lines.into_iter().map(|line| {
                                    let action = format!("/api/staff/quality/{}", line.id);
                                    let shown = shown.clone();
                                    view! {
                                        <li class="card stack" data-rule=line.rule.clone()>
                                            <h2 class="finding__rule">{t(rule_key(&line.rule))}</h2>
                                            {line.score.map(|s| view! { <p>{crate::components::dates::t_count(Key::StaffQualityScore, "score", s)}</p> })}
                                            <p class="muted">{t(Key::StaffQualityFound)} " " <When iso=line.found.clone() /></p>
                                            <ul class="finding__records">
                                                {line.records.iter().map(|number| view! {
                                                    <li>
                                                        <form method="post" action="/api/staff/people/find" class="inline">
                                                            <input type="hidden" name="q" value=number.clone() />
                                                            <button type="submit" class="link" aria-label=t_with(Key::StaffQualityOpenRecord, vec![("number", number.clone())])>
                                                                <span dir="ltr" class="registration-number">{number.clone()}</span>
                                                            </button>
                                                        </form>
                                                    </li>
                                                }).collect_view()}
                                            </ul>
                                            {line.decidable.then(|| view! {
                                                <form method="post" action=action class="actions">
                                                    <input type="hidden" name="shown" value=shown />
                                                    <button type="submit" name="status" value="resolved" class="button button--primary">{t(Key::StaffQualityMarkResolved)}</button>
                                                    " "
                                                    <button type="submit" name="status" value="false_positive" class="button">{t(Key::StaffQualityMarkFalsePositive)}</button>
                                                    " "
                                                    <button type="submit" name="status" value="escalated" class="button">{t(Key::StaffQualityMarkEscalated)}</button>
                                                </form>
                                            })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Err(_) => view! { <p class="status status--error">{t(Key::StaffQualityUnavailable)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
