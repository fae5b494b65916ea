//! `/me/appointments` (list), `/me/appointments/book` (service → location → time),
//! `/me/appointments/{id}` (confirmation with the QR code for the gate) and
//! `/staff/appointments` (day and week agenda, requests for a time). Plain HTML forms posting
//! to `/api/me/appointments…` and `/api/staff/…`; every page renders fully on the server.

use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::account::personal_page;
use crate::api::appointments::{
    booking_options, my_appointment, my_appointments, staff_agenda, AppointmentLine,
    Day as DayLine, ServiceLine, SlotLine,
};
use crate::components::confirm::Confirm;
use crate::components::dates::{t_count, t_when, when, When};
use crate::i18n::{l, t, t_with, use_locale, Key};
use portal_types::AppointmentStatus;

/// A banner for `?problem=` after a booking form.
fn booking_problem() -> impl IntoView {
    let query = use_query_map();
    move || {
        query.read().get("problem").map(|code| {
            let key = match code.as_str() {
                "slot-full" => Key::AppointmentsFull,
                "limit-reached" => Key::AppointmentsLimit,
                "past-cutoff" | "not-booked" => Key::AppointmentsTooLate,
                "not-started" => Key::AppointmentsNotStarted,
                "not-over" => Key::AppointmentsNotOver,
                "slot-past" => Key::AppointmentsPastSlot,
                other => crate::labels::action_problem(other),
            };
            view! { <p class="status status--error" role="alert">{t(key)}</p> }
        })
    }
}

fn service_name(service: &ServiceLine) -> impl Fn() -> String + Send + Sync + 'static {
    let locale = use_locale();
    let service = service.clone();
    move || service.name(locale.get().tag())
}

pub(crate) fn appointment_item(a: AppointmentLine) -> impl IntoView {
    let href = format!("/me/appointments/{}", a.id);
    let label = t_with(
        Key::AppointmentsOpen,
        vec![("reference", a.reference.clone())],
    );
    view! {
        <li>
            <a href=href aria-label=label>
                <strong>{service_name(&a.service)}</strong>
                " · " <When iso=a.local.clone() />
                " · " {a.location.name.clone()}
                " · " <span class=format!("badge badge--{}", a.status.as_str())>{l(a.status)}</span>
            </a>
        </li>
    }
}

/// "My appointments".
#[component]
pub fn MyAppointmentsPage() -> impl IntoView {
    personal_page();
    let list = Resource::new(|| (), |()| my_appointments());
    let query = use_query_map();
    let asked = move || query.read().get("asked").is_some();
    view! {
        <section class="stack" aria-labelledby="appointments-title">
            <h1 id="appointments-title">{t(Key::AppointmentsTitle)}</h1>
            <p>{t(Key::AppointmentsLead)}</p>
            {move || asked().then(|| view! { <p class="status status--ok" role="status">{t(Key::AppointmentsAsked)}</p> })}
            <p><a class="button button--primary" href="/me/appointments/book">{t(Key::AppointmentsBook)}</a></p>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    match list.await {
                        Ok(list) => view! {
                            <h2>{t(Key::AppointmentsUpcoming)}</h2>
                            {if list.upcoming.is_empty() {
                                view! { <p>{t(Key::AppointmentsNoneUpcoming)}</p> }.into_any()
                            } else {
                                view! { <ul class="requests upcoming">{list.upcoming.into_iter().map(appointment_item).collect_view()}</ul> }.into_any()
                            }}
                            <h2>{t(Key::AppointmentsPast)}</h2>
                            {if list.past.is_empty() {
                                view! { <p>{t(Key::AppointmentsNonePast)}</p> }.into_any()
                            } else {
                                view! { <ul class="requests past">{list.past.into_iter().map(appointment_item).collect_view()}</ul> }.into_any()
                            }}
                        }.into_any(),
                        Err(_) => view! { <Redirect path="/signin" /> }.into_any(),
                    }
                })}
            </Suspense>
            <p><a href="/me">{t(Key::NavMyRecord)}</a></p>
        </section>
    }
}

/// What every time's form posts besides the time itself.
#[derive(Clone)]
struct SlotForm {
    action: String,
    service: String,
    location: String,
}

/// One day of free times: a line that opens (the first day is open; opening another closes it
/// where the browser supports it), then the morning's and the afternoon's times in a grid.
#[component]
fn Day(day: DayLine, form: SlotForm, open: bool) -> impl IntoView {
    let locale = use_locale();
    let date = day.date.clone();
    let count = i64::try_from(day.slots.len()).unwrap_or(i64::MAX);
    let (morning, afternoon): (Vec<SlotLine>, Vec<SlotLine>) = day
        .slots
        .into_iter()
        .partition(|slot| slot.local.get(11..13).is_some_and(|hour| hour < "12"));
    let group = move |key: Key, slots: Vec<SlotLine>, form: SlotForm| {
        (!slots.is_empty()).then(|| view! {
            <h4 class="slots__title">{t(key)}</h4>
            <div class="slots">
                {slots.into_iter().map(|slot| view! { <FreeTime free=slot form=form.clone() /> }).collect_view()}
            </div>
        })
    };
    view! {
        <details class="day" name="booking-day" open=open>
            <summary>
                <time datetime=day.date.clone()>{move || locale.get().iso_weekday_date(&date)}</time>
                " · " <span class="muted">{t_count(Key::AppointmentsFreeCount, "count", count)}</span>
            </summary>
            {group(Key::AppointmentsMorning, morning, form.clone())}
            {group(Key::AppointmentsAfternoon, afternoon, form)}
        </details>
    }
}

/// One free time: a button that books it.
#[component]
fn FreeTime(free: SlotLine, form: SlotForm) -> impl IntoView {
    let locale = use_locale();
    let time = free.local.get(11..).unwrap_or_default().to_owned();
    let time = move || locale.get().digits(&time);
    let label = t_when(Key::AppointmentsBookSlot, "time", free.local.clone());
    view! {
        <form method="post" action=form.action>
            <input type="hidden" name="slot" value=free.id />
            <input type="hidden" name="service" value=form.service />
            <input type="hidden" name="location" value=form.location />
            <button type="submit" class="button slot" aria-label=label dir="ltr">{time}</button>
        </form>
    }
}

/// Booking: choose a service, a location, then a time. `?reschedule={id}` books the new time
/// for an existing appointment instead.
#[component]
pub fn BookPage() -> impl IntoView {
    personal_page();
    let query = use_query_map();
    let get = move |name: &str| query.read().get(name).unwrap_or_default();
    let options = Resource::new(
        move || (get("service"), get("location")),
        |(service, location)| booking_options(service, location),
    );
    view! {
        <section class="stack narrow" aria-labelledby="book-title">
            <h1 id="book-title">{t(Key::AppointmentsBook)}</h1>
            {booking_problem()}
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(options) = options.await else {
                        return view! { <Redirect path="/signin" /> }.into_any();
                    };
                    let service = get("service");
                    let reschedule = get("reschedule");
                    let chosen = options.services.iter().find(|s| s.code == service).cloned();
                    let location = if options.locations.len() == 1 {
                        options.locations.first().map(|l| l.id.clone()).unwrap_or_default()
                    } else {
                        get("location")
                    };
                    let keep = if reschedule.is_empty() { String::new() } else { format!("&reschedule={reschedule}") };
                    match chosen {
                        None => view! {
                            <h2>{t(Key::AppointmentsChooseService)}</h2>
                            <ul class="choices">
                                {options.services.iter().map(|s| {
                                    let href = format!("/me/appointments/book?service={}{keep}", s.code);
                                    view! { <li><a class="choice" href=href>{service_name(s)}</a></li> }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Some(service) if !options.locations.iter().any(|l| l.id == location) => view! {
                            <h2>{service_name(&service)}</h2>
                            <h3>{t(Key::AppointmentsChooseLocation)}</h3>
                            <ul class="choices">
                                {options.locations.iter().map(|l| {
                                    let href = format!("/me/appointments/book?service={}&location={}{keep}", service.code, l.id);
                                    view! { <li><a class="choice" href=href>{l.name.clone()} <span class="muted">" · " {l.address.clone()}</span></a></li> }
                                }).collect_view()}
                            </ul>
                        }.into_any(),
                        Some(service) => {
                            let place = options.locations.iter().find(|l| l.id == location).cloned();
                            let action = if reschedule.is_empty() {
                                "/api/me/appointments".to_owned()
                            } else {
                                format!("/api/me/appointments/{reschedule}/reschedule")
                            };
                            view! {
                                <h2>{service_name(&service)}</h2>
                                {place.map(|p| view! { <p>{p.name} <span class="muted">" · " {p.address}</span></p> })}
                                {service.bring_documents.then(|| view! { <p class="status">{t(Key::AppointmentsBringDocuments)}</p> })}
                                <h3>{t(Key::AppointmentsFreeSlots)}</h3>
                                {if options.days.is_empty() {
                                    view! { <p>{t(Key::AppointmentsNoSlots)}</p> }.into_any()
                                } else {
                                    view! {
                                        <div class="days">
                                            {options.days.into_iter().enumerate().map(|(i, day)| {
                                                let form = SlotForm {
                                                    action: action.clone(),
                                                    service: service.code.clone(),
                                                    location: location.clone(),
                                                };
                                                view! { <Day day=day form=form open=i == 0 /> }
                                            }).collect_view()}
                                        </div>
                                    }.into_any()
                                }}
                                {reschedule.is_empty().then(|| view! {
                                    <form method="post" action="/api/me/appointments/ask" class="stack card">
                                        <h3>{t(Key::AppointmentsNoFit)}</h3>
                                        <input type="hidden" name="service" value=service.code.clone() />
                                        <input type="hidden" name="location" value=location.clone() />
                                        <div class="field">
                                            <label for="field-preferred">{t(Key::AppointmentsPreferred)}</label>
                                            <p class="hint" id="field-preferred-hint">{t(Key::AppointmentsPreferredHint)}</p>
                                            <textarea id="field-preferred" name="preferred" rows="2" required=true aria-describedby="field-preferred-hint"></textarea>
                                        </div>
                                        <button type="submit" class="button">{t(Key::AppointmentsAsk)}</button>
                                    </form>
                                })}
                            }.into_any()
                        }
                    }
                })}
            </Suspense>
            <p><a href="/me/appointments">{t(Key::AppointmentsTitle)}</a></p>
        </section>
    }
}

/// One appointment: the confirmation, the QR code for the gate, change or cancel.
#[component]
pub fn AppointmentPage() -> impl IntoView {
    personal_page();
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let detail = Resource::new(id, my_appointment);
    let booked = move || query.read().get("booked").is_some();
    view! {
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match detail.await {
                    Ok(detail) => {
                        let a = detail.line.clone();
                        let cancel = format!("/api/me/appointments/{}/cancel", a.id);
                        let reschedule = format!("/me/appointments/book?service={}&location={}&reschedule={}", a.service.code, a.location.id, a.id);
                        let calendar = format!("/api/me/appointments/{}/calendar.ics", a.id);
                        let status = a.status;
                        view! {
                            <section class="stack narrow" aria-labelledby="appointment-title">
                                <h1 id="appointment-title">{service_name(&a.service)}</h1>
                                {booked().then(|| view! { <p class="status status--ok" role="status">{t(Key::AppointmentsBooked)}</p> })}
                                {booking_problem()}
                                <dl class="facts">
                                    <dt>{t(Key::AppointmentsWhen)}</dt>
                                    <dd><When iso=a.local.clone() /></dd>
                                    <dt>{t(Key::AppointmentsWhere)}</dt>
                                    <dd>{a.location.name.clone()} <br /> <span class="muted">{a.location.address.clone()}</span></dd>
                                    <dt>{t(Key::AppointmentsReference)}</dt>
                                    <dd dir="ltr" class="registration-number">{a.reference.clone()}</dd>
                                    <dt>{t(Key::StaffRequestsStatus)}</dt>
                                    <dd><span class=format!("badge badge--{}", status.as_str())>{l(status)}</span></dd>
                                </dl>
                                {a.reason.clone().map(|r| view! { <p><strong>{t(Key::AppointmentsStaffReason)}</strong> ": " <span dir="auto">{r}</span></p> })}
                                {a.service.bring_documents.then(|| view! { <p class="status">{t(Key::AppointmentsBringDocuments)}</p> })}
                                {(status == AppointmentStatus::Booked).then(|| view! {
                                    <figure class="gate-code">
                                        <div class="slip__qr" inner_html=detail.qr_svg.clone()></div>
                                        <figcaption>{t(Key::AppointmentsQr)}</figcaption>
                                    </figure>
                                    <p><a href=calendar.clone() download="appointment.ics">{t(Key::AppointmentsCalendar)}</a></p>
                                })}
                                {if a.may_change {
                                    view! {
                                        <p class="actions">
                                            <a class="button" href=reschedule>{t(Key::AppointmentsReschedule)}</a>
                                        </p>
                                        <Confirm
                                            action=cancel
                                            label=Key::AppointmentsCancel
                                            question=Key::ConfirmCancelAppointment
                                            yes=Key::ConfirmCancelAppointmentYes
                                        />
                                    }.into_any()
                                } else if status == AppointmentStatus::Booked {
                                    view! { <p>{t(Key::AppointmentsTooLate)}</p> }.into_any()
                                } else {
                                    ().into_any()
                                }}
                                <p><a href="/me/appointments">{t(Key::AppointmentsTitle)}</a></p>
                            </section>
                        }.into_any()
                    }
                    Err(_) => view! {
                        <section class="stack">
                            <h1>{t(Key::NotFoundTitle)}</h1>
                            <p><a href="/me/appointments">{t(Key::AppointmentsTitle)}</a></p>
                        </section>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// The staff agenda: a location's day or week, mark, move, cancel; requests for a time.
#[component]
pub fn StaffAppointmentsPage() -> impl IntoView {
    personal_page();
    let query = use_query_map();
    let get = move |name: &str| query.read().get(name).unwrap_or_default();
    let agenda = Resource::new(
        move || {
            (
                get("location"),
                get("date"),
                get("span") == "week",
                get("find"),
            )
        },
        |(location, date, week, find)| staff_agenda(location, date, week, find),
    );
    view! {
        <section class="stack" aria-labelledby="agenda-title">
            <h1 id="agenda-title">{t(Key::StaffAppointmentsTitle)}</h1>
            {move || (!get("saved").is_empty()).then(|| view! { <p class="status status--ok" role="status">{t(Key::StaffAppointmentsSaved)}</p> })}
            {booking_problem()}
            {move || {
                let key = match get("scanned").as_str() {
                    "" => return None,
                    "no-booking" => Key::StaffAppointmentsScannedNoBooking,
                    "not-genuine" => Key::StaffAppointmentsScannedNotGenuine,
                    _ => Key::StaffAppointmentsScannedUnknown,
                };
                Some(view! { <p class="status status--error" role="alert">{t(key)}</p> })
            }}
            <DeskScan />
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let Ok(agenda) = agenda.await else {
                        return view! { <p class="status status--error">{t(Key::ProblemRefused)}</p> }.into_any();
                    };
                    let location = agenda.location.clone().unwrap_or_default();
                    let date = agenda.date.clone();
                    let week = get("span") == "week";
                    view! {
                        <form method="get" action="/staff/appointments" class="filters">
                            <div class="field">
                                <label for="agenda-location">{t(Key::StaffAppointmentsLocation)}</label>
                                <select id="agenda-location" name="location">
                                    {agenda.locations.iter().map(|l| view! { <option value=l.id.clone() selected=l.id == location>{l.name.clone()}</option> }).collect_view()}
                                </select>
                            </div>
                            <div class="field">
                                <label for="agenda-date">{t(Key::StaffAppointmentsDate)}</label>
                                <input id="agenda-date" type="date" name="date" value=date.clone() dir="ltr" />
                            </div>
                            <div class="field">
                                <label for="agenda-span">{t(Key::StaffAppointmentsSpan)}</label>
                                <select id="agenda-span" name="span">
                                    <option value="day" selected=!week>{t(Key::StaffAppointmentsDay)}</option>
                                    <option value="week" selected=week>{t(Key::StaffAppointmentsWeek)}</option>
                                </select>
                            </div>
                            <div class="field">
                                <label for="agenda-find">{t(Key::StaffAppointmentsFind)}</label>
                                <input id="agenda-find" name="find" dir="ltr" autocomplete="off" value=get("find") placeholder="A-0A1B2C3D" />
                            </div>
                            <button type="submit" class="button">{t(Key::StaffAppointmentsShow)}</button>
                        </form>
                        {if agenda.lines.is_empty() {
                            let none = if get("find").trim().is_empty() { Key::StaffAppointmentsNone } else { Key::StaffAppointmentsFoundNone };
                            view! { <p role="status">{t(none)}</p> }.into_any()
                        } else {
                            view! {
                                <table class="queue agenda stacked">
                                    <thead><tr>
                                        <th scope="col">{t(Key::AppointmentsWhen)}</th>
                                        <th scope="col">{t(Key::StaffAppointmentsWho)}</th>
                                        <th scope="col">{t(Key::AppointmentsWhat)}</th>
                                        <th scope="col">{t(Key::StaffRequestsStatus)}</th>
                                        <th scope="col"></th>
                                    </tr></thead>
                                    <tbody>
                                        {agenda.lines.iter().map(|l| {
                                            let free = agenda.free.iter().find(|(code, _)| code == &l.line.service.code).map(|(_, s)| s.clone()).unwrap_or_default();
                                            view! { <AgendaRow line=l.clone() free location=location.clone() date=date.clone() /> }
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                        <h2>{t(Key::StaffAppointmentsRequests)}</h2>
                        {if agenda.requests.is_empty() {
                            view! { <p>{t(Key::StaffAppointmentsRequestsNone)}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="requests">
                                    {agenda.requests.iter().map(|r| {
                                        let free = agenda.free.iter().find(|(code, _)| code == &r.service.code).map(|(_, s)| s.clone()).unwrap_or_default();
                                        let action = format!("/api/staff/time-requests/{}/offer", r.id);
                                        view! {
                                            <li class="stack">
                                                <p><strong dir="auto">{r.name.clone()}</strong> " · " {service_name(&r.service)} " · " <When iso=r.sent.clone() /></p>
                                                <blockquote dir="auto">{r.preferred.clone()}</blockquote>
                                                <form method="post" action=action class="inline">
                                                    <input type="hidden" name="return_location" value=location.clone() />
                                                    <select name="slot" aria-label=t(Key::StaffAppointmentsToSlot)>{free.iter().map(|s| view! { <option value=s.id.clone()>{when(s.local.clone())}</option> }).collect_view()}</select>
                                                    " "
                                                    <button type="submit" class="button">{t(Key::StaffAppointmentsOffer)}</button>
                                                </form>
                                            </li>
                                        }
                                    }).collect_view()}
                                </ul>
                            }.into_any()
                        }}
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}

/// The desk's lookup: a code typed or read by the camera (`/scan.js`) is posted, never put in
/// the address (a slip's link is a secret, a credential names the person); the answer is the
/// agenda of the booking's day with that booking only.
#[component]
fn DeskScan() -> impl IntoView {
    view! {
        <form method="post" action="/api/staff/appointments/scan" class="stack card desk-scan"
            data-msg-camera-unavailable=t(Key::StaffAppointmentsScanCameraUnavailable)>
            <h2>{t(Key::StaffAppointmentsScanTitle)}</h2>
            <p class="muted">{t(Key::StaffAppointmentsScanLead)}</p>
            <div class="scanner" data-scanner="" hidden>
                <button type="button" class="button" data-scan="">{t(Key::StaffAppointmentsScanCamera)}</button>
                <button type="button" class="button" data-scan-stop="" hidden>{t(Key::StaffAppointmentsScanStop)}</button>
                <video data-video="" hidden playsinline="" muted=""></video>
                <p data-status="" role="status"></p>
            </div>
            <div class="field">
                <label for="scan-code">{t(Key::StaffAppointmentsScanCode)}</label>
                <input id="scan-code" name="code" dir="ltr" autocomplete="off" required=true maxlength="8192" />
            </div>
            <button type="submit" class="button button--primary">{t(Key::StaffAppointmentsScanSubmit)}</button>
        </form>
        <script type="module" src="/scan.js"></script>
    }
}

/// One line of the agenda with its actions.
#[component]
fn AgendaRow(
    line: crate::api::appointments::AgendaLine,
    free: Vec<crate::api::appointments::SlotLine>,
    location: String,
    date: String,
) -> impl IntoView {
    let visit = &line;
    let a = &visit.line;
    let mark = format!("/api/staff/appointments/{}/mark", a.id);
    let cancel = format!("/api/staff/appointments/{}/cancel", a.id);
    let move_to = format!("/api/staff/appointments/{}/move", a.id);
    let booked = a.status == AppointmentStatus::Booked;
    let (loc, day) = (location, date);
    view! {
        <tr data-reference=a.reference.clone()>
            <td data-label=t(Key::AppointmentsWhen)><When iso=a.local.clone() /> <br /> <span dir="ltr" class="muted">{a.reference.clone()}</span></td>
            <th scope="row" data-label=t(Key::StaffAppointmentsWho)><span dir="auto">{visit.name.clone()}</span> <br /> <span dir="ltr" class="muted">{visit.registration_number.clone()}</span></th>
            <td data-label=t(Key::AppointmentsWhat)>{service_name(&a.service)}</td>
            <td data-label=t(Key::StaffRequestsStatus)><span class=format!("badge badge--{}", a.status.as_str())>{l(a.status)}</span></td>
            <td>
                {booked.then(|| view! {
                    {if visit.started {
                        view! {
                            <form method="post" action=mark.clone() class="inline">
                                <input type="hidden" name="return_location" value=loc.clone() />
                                <input type="hidden" name="return_date" value=day.clone() />
                                <button type="submit" name="status" value="attended" class="button">{t(Key::StaffAppointmentsMarkAttended)}</button>
                                {visit.over.then(|| view! {
                                    " "
                                    <button type="submit" name="status" value="no_show" class="button">{t(Key::StaffAppointmentsMarkNoShow)}</button>
                                })}
                            </form>
                        }.into_any()
                    } else {
                        view! { <p class="muted">{t(Key::StaffAppointmentsFromStart)}</p> }.into_any()
                    }}
                    <details>
                        <summary>{t(Key::StaffAppointmentsMove)} " / " {t(Key::StaffAppointmentsCancel)}</summary>
                        <form method="post" action=move_to.clone() class="stack">
                            <input type="hidden" name="return_location" value=loc.clone() />
                            <input type="hidden" name="return_date" value=day.clone() />
                            <label>{t(Key::StaffAppointmentsToSlot)}
                                <select name="slot">{free.iter().map(|s| view! { <option value=s.id.clone()>{when(s.local.clone())}</option> }).collect_view()}</select>
                            </label>
                            <label>{t(Key::StaffAppointmentsReason)} <textarea name="reason" rows="2" required=true></textarea></label>
                            <button type="submit" class="button">{t(Key::StaffAppointmentsMove)}</button>
                        </form>
                        <form method="post" action=cancel.clone() class="stack">
                            <input type="hidden" name="return_location" value=loc.clone() />
                            <input type="hidden" name="return_date" value=day.clone() />
                            <label>{t(Key::StaffAppointmentsReason)} <textarea name="reason" rows="2" required=true></textarea></label>
                            <button type="submit" class="button">{t(Key::StaffAppointmentsCancel)}</button>
                        </form>
                    </details>
                }.into_any())}
            </td>
        </tr>
    }
}
