//! `/staff/reports`: the operation in numbers for the staff member's office (or, for staff of
//! no office, any office or all), over the days they choose: small bar charts drawn on the
//! server, each with its numbers beside it, and the same report as a CSV file.
//!
//! Thin: the query is a plain `GET` form (no script needed), the server function makes the
//! report, this page writes its numbers and days in the reader's language.

use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::account::personal_page;
use crate::api::reports::{staff_report, Bar, ReportProblem, ReportView};
use crate::components::dates::{count, t_count, t_when, When};
use crate::i18n::{t, use_locale, Key};
use crate::pages::credentials::outcome_key;

/// Height of a chart's drawing, in its own units (the width is one unit per bar, scaled).
const CHART_HEIGHT: i64 = 40;

/// A bar chart of counts per day (or week), drawn on the server: one bar per entry, each
/// with its day and count as a tooltip, and a text alternative; the numbers are in a list
/// beside it.
#[component]
fn BarChart(title: Key, bars: Vec<Bar>) -> impl IntoView {
    let locale = use_locale();
    let total: i64 = bars.iter().map(|b| b.count).sum();
    let max = bars.iter().map(|b| b.count).max().unwrap_or(0).max(1);
    let width = i64::try_from(bars.len()).unwrap_or(1).max(1) * 4;
    let view_box = format!("0 0 {width} {CHART_HEIGHT}");
    let (first, last) = (
        bars.first().map(|b| b.day.clone()).unwrap_or_default(),
        bars.last().map(|b| b.day.clone()).unwrap_or_default(),
    );
    let label = move || {
        let locale = locale.get();
        format!(
            "{}. {}",
            locale.text(title),
            locale.format(Key::ReportsTotal, &[("count", &locale.number(total))])
        )
    };
    let rects = bars
        .iter()
        .enumerate()
        .map(|(i, bar)| {
            let height = if bar.count == 0 {
                0
            } else {
                (bar.count * CHART_HEIGHT / max).max(1)
            };
            let x = i64::try_from(i).unwrap_or(0) * 4;
            let (day, n) = (bar.day.clone(), bar.count);
            let tip = move || {
                let locale = locale.get();
                locale.format(
                    Key::ReportsChartBar,
                    &[
                        ("label", &locale.iso_date_time(&day)),
                        ("count", &locale.number(n)),
                    ],
                )
            };
            view! {
                <rect x=x y=CHART_HEIGHT - height width="3" height=height>
                    <title>{tip}</title>
                </rect>
            }
        })
        .collect_view();
    let lines = bars
        .iter()
        .filter(|b| b.count > 0)
        .map(|b| {
            view! {
                <li><When iso=b.day.clone() />": " <strong>{count(b.count)}</strong></li>
            }
        })
        .collect_view();
    let any = total > 0;
    view! {
        <figure class="chart">
            <figcaption>
                <span class="chart__title">{t(title)}</span>
                " "
                <strong class="chart__total">{t_count(Key::ReportsTotal, "count", total)}</strong>
            </figcaption>
            <svg
                viewBox=view_box
                preserveAspectRatio="none"
                role="img"
                aria-label=label
                class="chart__bars"
            >
                <line x1="0" y1=CHART_HEIGHT x2=width y2=CHART_HEIGHT class="chart__axis" />
                {rects}
            </svg>
            <p class="chart__ends muted">
                <When iso=first />
                <span aria-hidden="true">" … "</span>
                <When iso=last />
            </p>
            {if any {
                view! {
                    <details class="chart__numbers">
                        <summary>{t(Key::ReportsNumbers)}</summary>
                        <ul>{lines}</ul>
                    </details>
                }
                    .into_any()
            } else {
                view! { <p class="muted">{t(Key::ReportsNone)}</p> }.into_any()
            }}
        </figure>
    }
}

/// One number with its name.
#[component]
fn Figure(name: Key, value: i64) -> impl IntoView {
    view! {
        <div class="figure">
            <dt>{t(name)}</dt>
            <dd>{count(value)}</dd>
        </div>
    }
}

/// Tenths of a day as "2.5 days" in the reader's digits.
fn days(tenths: i64) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = use_locale();
    move || {
        let locale = locale.get();
        let value = locale.tenths(u64::try_from(tenths).unwrap_or(0));
        locale.format(Key::ReportsDays, &[("days", &value)])
    }
}

/// Per mille as "12.5%" in the reader's digits.
fn percent(per_mille: i64) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = use_locale();
    move || {
        let locale = locale.get();
        let value = locale.tenths(u64::try_from(per_mille).unwrap_or(0));
        locale.format(Key::ReportsPercent, &[("value", &value)])
    }
}

/// The query form: first and last day, and the office when there is a choice.
#[component]
fn Query(report: Option<ReportView>, from: String, to: String, office: String) -> impl IntoView {
    let (from, to) = match &report {
        Some(r) => (r.from.clone(), r.to.clone()),
        None => (from, to),
    };
    let offices = report
        .as_ref()
        .map(|r| r.offices.clone())
        .unwrap_or_default();
    let may_see_all = report.as_ref().is_some_and(|r| r.may_see_all);
    let chosen = report
        .as_ref()
        .and_then(|r| r.office.clone())
        .unwrap_or(office);
    let choose = may_see_all || offices.len() > 1;
    view! {
        <form method="get" action="/staff/reports" class="filters">
            <div class="field">
                <label for="from">{t(Key::ReportsFrom)}</label>
                <input id="from" name="from" type="date" value=from />
            </div>
            <div class="field">
                <label for="to">{t(Key::ReportsTo)}</label>
                <input id="to" name="to" type="date" value=to />
            </div>
            {choose.then(|| {
                let all_chosen = chosen.is_empty() || chosen == "ALL";
                view! {
                    <div class="field">
                        <label for="office">{t(Key::ReportsOffice)}</label>
                        <select id="office" name="office">
                            {may_see_all.then(|| view! {
                                <option value="ALL" selected=all_chosen>{t(Key::ReportsOfficeAll)}</option>
                            })}
                            {offices.into_iter().map(|o| {
                                let selected = o.code == chosen;
                                view! { <option value=o.code.clone() selected=selected>{o.name.clone()}</option> }
                            }).collect_view()}
                        </select>
                    </div>
                }
            })}
            <button type="submit" class="button">{t(Key::ReportsShow)}</button>
        </form>
    }
}

/// The report's numbers and charts.
#[component]
fn Numbers(report: ReportView) -> impl IntoView {
    let office = match &report.office_name {
        Some(name) => name.clone(),
        None => String::new(),
    };
    let all = report.office.is_none();
    let scope = {
        let locale = use_locale();
        let (from, to, zone) = (report.from.clone(), report.to.clone(), report.zone.clone());
        move || {
            let locale = locale.get();
            let office = if all {
                locale.text(Key::ReportsOfficeAll).to_owned()
            } else {
                office.clone()
            };
            locale.format(
                Key::ReportsScope,
                &[
                    ("office", &office),
                    ("from", &locale.iso_date_time(&from)),
                    ("to", &locale.iso_date_time(&to)),
                    ("zone", &zone),
                ],
            )
        }
    };
    let weeks = report
        .decided
        .iter()
        .map(|w| {
            view! {
                <tr>
                    <th scope="row">{t_when(Key::ReportsWeekOf, "date", w.monday.clone())}</th>
                    <td data-label=t(Key::ReportsApproved)>{count(w.approved)}</td>
                    <td data-label=t(Key::ReportsPartlyApproved)>{count(w.partly_approved)}</td>
                    <td data-label=t(Key::ReportsRejected)>{count(w.rejected)}</td>
                </tr>
            }
        })
        .collect_view();
    let decided: Vec<Bar> = report
        .decided
        .iter()
        .map(|w| Bar {
            day: w.monday.clone(),
            count: w.approved + w.partly_approved + w.rejected,
        })
        .collect();
    let checked = report
        .checked
        .iter()
        .map(|(outcome, n)| {
            view! {
                <div class="figure" data-outcome=outcome.clone()>
                    <dt>{t(outcome_key(outcome))}</dt>
                    <dd>{count(*n)}</dd>
                </div>
            }
        })
        .collect_view();
    let checked_total: i64 = report.checked.iter().map(|(_, n)| n).sum();
    view! {
        <p class="report__scope" data-report-scope="">{scope}</p>
        <section class="stack report__part" aria-labelledby="report-people">
            <h2 id="report-people">{t(Key::ReportsPeople)}</h2>
            <dl class="figures" data-report="people">
                <Figure name=Key::ReportsRegistered value=report.registered />
                <Figure name=Key::ReportsActive value=report.active />
                <Figure name=Key::ReportsEnrolled value=report.enrolled />
            </dl>
            <BarChart title=Key::ReportsNewPerDay bars=report.registered_per_day.clone() />
        </section>
        <section class="stack report__part" aria-labelledby="report-requests">
            <h2 id="report-requests">{t(Key::ReportsRequests)}</h2>
            <dl class="figures" data-report="requests">
                <Figure name=Key::ReportsWaiting value=report.waiting />
                {report.waiting_median_tenths.map(|m| view! {
                    <div class="figure"><dt>{t(Key::ReportsWaitingMedian)}</dt><dd>{days(m)}</dd></div>
                })}
                {report.waiting_p90_tenths.map(|p| view! {
                    <div class="figure"><dt>{t(Key::ReportsWaitingP90)}</dt><dd>{days(p)}</dd></div>
                })}
            </dl>
            <BarChart title=Key::ReportsDecidedPerWeek bars=decided />
            <table class="compare stacked report__weeks">
                <thead>
                    <tr>
                        <td></td>
                        <th scope="col">{t(Key::ReportsApproved)}</th>
                        <th scope="col">{t(Key::ReportsPartlyApproved)}</th>
                        <th scope="col">{t(Key::ReportsRejected)}</th>
                    </tr>
                </thead>
                <tbody>{weeks}</tbody>
            </table>
        </section>
        <section class="stack report__part" aria-labelledby="report-appointments">
            <h2 id="report-appointments">{t(Key::ReportsAppointments)}</h2>
            <dl class="figures" data-report="appointments">
                <Figure name=Key::ReportsAttended value=report.attended />
                <Figure name=Key::ReportsNoShow value=report.no_show />
                <Figure name=Key::ReportsStillBooked value=report.still_booked />
                <Figure name=Key::ReportsCancelled value=report.cancelled />
                {report.no_show_per_mille.map(|m| view! {
                    <div class="figure"><dt>{t(Key::ReportsNoShowRate)}</dt><dd>{percent(m)}</dd></div>
                })}
            </dl>
            <BarChart title=Key::ReportsAppointmentsPerDay bars=report.appointments_per_day.clone() />
        </section>
        <section class="stack report__part" aria-labelledby="report-credentials">
            <h2 id="report-credentials">{t(Key::ReportsCredentials)}</h2>
            <BarChart title=Key::ReportsIssuedPerDay bars=report.issued_per_day.clone() />
            <BarChart title=Key::ReportsRevokedPerDay bars=report.revoked_per_day.clone() />
            <h3>{t(Key::ReportsChecked)} " " <span class="muted">{t_count(Key::ReportsTotal, "count", checked_total)}</span></h3>
            <dl class="figures" data-report="checked">{checked}</dl>
            <p class="muted">{t(Key::ReportsCheckedNote)}</p>
        </section>
        <p>
            <a class="button" href=report.csv.clone() download="">{t(Key::ReportsCsv)}</a>
        </p>
        <p class="muted">{t(Key::ReportsCsvNote)}</p>
    }
}

/// The reports page.
#[component]
pub fn StaffReportsPage() -> impl IntoView {
    personal_page();
    let query = use_query_map();
    let asked = move || {
        let q = query.read();
        (
            q.get("from").unwrap_or_default(),
            q.get("to").unwrap_or_default(),
            q.get("office").unwrap_or_default(),
        )
    };
    let report = Resource::new(asked, |(from, to, office)| staff_report(from, to, office));
    view! {
        <section class="stack report" aria-labelledby="reports-title">
            <h1 id="reports-title">{t(Key::ReportsTitle)}</h1>
            <p class="muted">{t(Key::ReportsIntro)}</p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let (from, to, office) = asked();
                    match report.await {
                        Ok(Ok(view)) => view! {
                            <Query report=Some(view.clone()) from=from to=to office=office />
                            <Numbers report=view />
                        }.into_any(),
                        Ok(Err(problem)) => {
                            let words = match problem {
                                ReportProblem::Period => Key::ReportsErrorPeriod,
                                ReportProblem::Office => Key::ReportsErrorOffice,
                            };
                            view! {
                                <p class="status status--error" role="alert">{t(words)}</p>
                                <Query report=None from=from to=to office=office />
                            }.into_any()
                        }
                        Err(_) => view! { <p class="status status--error" role="alert">{t(Key::ReportsUnavailable)}</p> }.into_any(),
                    }
                })}
            </Suspense>
        </section>
    }
}
