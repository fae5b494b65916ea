//! Appointments against a real database, on SQLite and PostgreSQL: capacity under 50
//! simultaneous bookings, the household limit, the cutoff, reschedule and cancel with their
//! calendar invitations parsed back by an independent parser (the `icalendar` crate),
//! reminders sent exactly once by two workers, and authorization per person and per office.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use chrono::{DateTime, Duration, NaiveTime, Utc, Weekday};
use icalendar::{Calendar, CalendarComponent, Component};
use portal_core::booking::{agenda, schedule, CalendarOrigin};
use portal_core::jobs::notifications::{deliver_due, deliver_reminders, Delivery};
use portal_core::seed::seed_demo;
use portal_core::{CoreError, Refusal};
use portal_domain::appointments::{
    AppointmentId, AppointmentStatus, BookingRefused, Service, WeeklyHours,
};
use portal_domain::audit::Actor;
use portal_domain::staff::StaffRole;
use portal_storage::appointments::{self as store, Appointment, Location, Slot};
use portal_testkit::{on_both_backends, Backend, SmtpSink, World};

/// The Amman location of the demo.
async fn amman(w: &World) -> Location {
    agenda::locations(&mut w.read().await)
        .await
        .unwrap()
        .into_iter()
        .find(|l| l.office_code == "AMM")
        .unwrap()
}

/// Free slots of `service` in Amman between two instants.
async fn free(w: &World, service: &str, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<Slot> {
    let location = amman(w).await.id;
    store::free_slots(&mut w.read().await, location, service, from, to)
        .await
        .unwrap()
}

/// The first free slot of `service` in Amman from two days on.
async fn first_free(w: &World, service: &str) -> Slot {
    let now = w.now();
    free(
        w,
        service,
        now + Duration::days(2),
        now + Duration::days(28),
    )
    .await
    .remove(0)
}

/// A slot as stored now.
async fn slot_now(w: &World, id: uuid::Uuid) -> Slot {
    store::slot(&mut w.read().await, id).await.unwrap().unwrap()
}

/// An appointment as stored now.
async fn appointment(w: &World, id: AppointmentId) -> Appointment {
    store::by_id(&mut w.read().await, id)
        .await
        .unwrap()
        .unwrap()
}

/// A configuration that sends mail to `smtp_url`.
fn mail_config(smtp_url: String) -> portal_core::Config {
    portal_core::Config::from_sources(None, &move |name| {
        (name == "PORTAL_SMTP_URL").then(|| smtp_url.clone())
    })
    .unwrap()
}

fn parse_event(text: &str) -> (String, icalendar::Event, Option<String>) {
    let calendar: Calendar = text
        .parse()
        .unwrap_or_else(|e| panic!("not iCalendar: {e}\n{text}"));
    let method = calendar.property_value("METHOD").map(str::to_owned);
    let event = calendar
        .components
        .iter()
        .find_map(|c| match c {
            CalendarComponent::Event(e) => Some(e.clone()),
            _ => None,
        })
        .expect("one VEVENT");
    (text.to_owned(), event, method)
}

on_both_backends! {
    the_demo_has_slots_to_book_at_once,
    fifty_simultaneous_bookings_fill_a_slot_of_three_exactly,
    a_household_cannot_hoard_bookings_of_one_service,
    changes_stop_at_the_cutoff,
    booking_moving_and_cancelling_produce_invitations_a_calendar_accepts,
    reminders_are_sent_once_by_two_workers,
    a_failing_reminder_is_retried_with_pauses_then_given_up,
    people_and_staff_act_only_on_their_own_appointments,
    staff_mark_attended_and_the_person_sees_it_as_past,
}

async fn the_demo_has_slots_to_book_at_once(backend: Backend) {
    let w = World::new(backend).await;
    let services = agenda::services(&mut w.read().await).await.unwrap();
    assert_eq!(services.len(), 4);
    let slots = free(
        &w,
        "document-renewal",
        w.now(),
        w.now() + Duration::days(28),
    )
    .await;
    assert!(slots.len() > 50, "{}", slots.len());
    // Amman works Sunday to Thursday, 08:30–12:30 local (UTC+3): no slot on a Friday.
    let zone: chrono_tz::Tz = "Asia/Amman".parse().unwrap();
    for slot in &slots {
        let local = slot.starts_at.with_timezone(&zone);
        assert!(!matches!(
            chrono::Datelike::weekday(&local),
            Weekday::Fri | Weekday::Sat
        ));
        let t = local.time();
        assert!(
            t >= NaiveTime::from_hms_opt(8, 30, 0).unwrap()
                && t < NaiveTime::from_hms_opt(12, 30, 0).unwrap()
        );
    }
    // Seeding again creates nothing new.
    assert_eq!(
        seed_demo(&w.store, &w.ctx()).await.unwrap().slots_created,
        0
    );
}

async fn fifty_simultaneous_bookings_fill_a_slot_of_three_exactly(backend: Backend) {
    let w = Arc::new(World::new(backend).await);
    // A service without a household limit worth speaking of, so that only capacity decides.
    let service =
        Service::parse("open-day", &[("en", "Open day")], 30, &["clerk"], false, 20).unwrap();
    let location = amman(&w).await;
    let hours = WeeklyHours {
        weekday: Weekday::Wed,
        opens: NaiveTime::from_hms_opt(9, 0, 0).unwrap(),
        closes: NaiveTime::from_hms_opt(9, 30, 0).unwrap(),
        capacity: 3,
    };
    let mut tx = w.begin().await;
    schedule::put_service(&mut tx, &w.ctx(), &service)
        .await
        .unwrap();
    schedule::put_hours(&mut tx, &w.ctx(), &location, "open-day", &[hours])
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let today = w.now().date_naive();
    schedule::generate_slots(&w.store, today, today + Duration::days(14))
        .await
        .unwrap();
    let slot = first_free(&w, "open-day").await;
    assert_eq!(slot.capacity, 3);
    let mut people = Vec::new();
    // The 28 people of the Amman demo households, some booking twice: 50 attempts at once.
    for n in 1..=50 {
        let number = format!("AMM-26-{:06}", (n - 1) % 28 + 1);
        people.push(w.person(&number).await);
    }
    let mut tasks = Vec::new();
    for person in people {
        let w = w.clone();
        let slot = slot.id;
        tasks.push(tokio::spawn(async move {
            w.booking().book(person.id, slot).await
        }));
    }
    let (mut won, mut full, mut other) = (0, 0, 0);
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(CoreError::Refused(Refusal::Booking(
                BookingRefused::SlotFull | BookingRefused::LimitReached,
            ))) => full += 1,
            Err(e) => {
                other += 1;
                eprintln!("unexpected: {e:?}");
            }
        }
    }
    assert_eq!((won, full, other), (3, 47, 0));
    let after = slot_now(&w, slot.id).await;
    assert_eq!(after.booked, 3);
}

async fn a_household_cannot_hoard_bookings_of_one_service(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let khaled = w.person("AMM-26-000002").await;
    let first = first_free(&w, "document-renewal").await;
    w.booking().book(amina.id, first.id).await.unwrap();
    let later = free(
        &w,
        "document-renewal",
        first.starts_at,
        first.starts_at + Duration::days(20),
    )
    .await
    .remove(0);
    let again = w.booking().book(khaled.id, later.id).await.unwrap_err();
    assert!(
        matches!(
            again,
            CoreError::Refused(Refusal::Booking(BookingRefused::LimitReached))
        ),
        "{again:?}"
    );
    // Another service is fine.
    let other = first_free(&w, "protection-consultation").await;
    w.booking().book(khaled.id, other.id).await.unwrap();
}

async fn changes_stop_at_the_cutoff(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let slot = first_free(&w, "credential-collection").await;
    let id = w.booking().book(amina.id, slot.id).await.unwrap();
    w.advance(slot.starts_at - w.now() - Duration::hours(2));
    let late = w.booking().cancel(amina.id, id).await.unwrap_err();
    assert!(
        matches!(
            late,
            CoreError::Refused(Refusal::Booking(BookingRefused::PastCutoff))
        ),
        "{late:?}"
    );
}

async fn booking_moving_and_cancelling_produce_invitations_a_calendar_accepts(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let sink = SmtpSink::start();
    let url = sink.url.clone();
    let config = mail_config(url);
    let mailer = config.mailer().unwrap();
    let delivery = Delivery {
        mailer: &mailer,
        config: &config,
        sms: None,
    };
    let deliver = || deliver_due(&w.store, &delivery, w.now());
    // The maildir does not keep arrival order within a second: pick the invitation by its
    // SEQUENCE, which is what a calendar does too.
    let last_invitation = |count: usize| {
        let mails = sink.messages();
        assert_eq!(mails.len(), count, "one mail per change");
        mails
            .iter()
            .map(|m| parse_event(&mail_parser_lite(m)))
            .map(|(_, event, method)| (event, method.unwrap()))
            .find(|(event, _)| {
                event.property_value("SEQUENCE") == Some((count - 1).to_string().as_str())
            })
            .unwrap_or_else(|| panic!("no invitation with SEQUENCE {}", count - 1))
    };
    let zone: chrono_tz::Tz = "Asia/Amman".parse().unwrap();
    let local = |slot: &Slot| {
        slot.starts_at
            .with_timezone(&zone)
            .format("%Y%m%dT%H%M%S")
            .to_string()
    };

    // Booked: a REQUEST with SEQUENCE 0 at the local time of the office.
    let first = first_free(&w, "document-renewal").await;
    let id = w.booking().book(amina.id, first.id).await.unwrap();
    assert_eq!(deliver().await.unwrap().sent, 1);
    let (booked, method) = last_invitation(1);
    assert_eq!(method, "REQUEST");
    let uid = booked.get_uid().unwrap().to_owned();
    assert_eq!(uid, format!("{}@localhost", id.0));
    assert_eq!(booked.property_value("SEQUENCE"), Some("0"));
    assert_eq!(
        booked.property_value("DTSTART"),
        Some(local(&first).as_str())
    );
    assert_eq!(
        booked.get_summary(),
        Some("تجديد وثيقة"),
        "Amina reads Arabic"
    );

    // Moved: same UID, SEQUENCE 1, the new time.
    let second = free(
        &w,
        "document-renewal",
        first.starts_at + Duration::hours(24),
        first.starts_at + Duration::days(20),
    )
    .await
    .remove(0);
    w.booking()
        .reschedule(amina.id, id, second.id)
        .await
        .unwrap();
    assert_eq!(deliver().await.unwrap().sent, 1);
    let (moved, method) = last_invitation(2);
    assert_eq!(method, "REQUEST");
    assert_eq!(moved.get_uid(), Some(uid.as_str()));
    assert_eq!(moved.property_value("SEQUENCE"), Some("1"));
    assert_eq!(
        moved.property_value("DTSTART"),
        Some(local(&second).as_str())
    );

    // Cancelled: METHOD:CANCEL, STATUS:CANCELLED, SEQUENCE 2; both places free again.
    w.booking().cancel(amina.id, id).await.unwrap();
    assert_eq!(deliver().await.unwrap().sent, 1);
    let (cancelled, method) = last_invitation(3);
    assert_eq!(method, "CANCEL");
    assert_eq!(cancelled.get_uid(), Some(uid.as_str()));
    assert_eq!(cancelled.property_value("SEQUENCE"), Some("2"));
    assert_eq!(cancelled.property_value("STATUS"), Some("CANCELLED"));
    assert_eq!(slot_now(&w, first.id).await.booked, 0);
    assert_eq!(slot_now(&w, second.id).await.booked, 0);
    assert!(sink.messages().iter().any(|m| m.contains("method=CANCEL")));
    // An invitation at booking time, sent before the changes, is a REQUEST with SEQUENCE 0.
    let fresh = w
        .booking()
        .book(amina.id, first_free(&w, "document-renewal").await.id)
        .await
        .unwrap();
    let appointment = appointment(&w, fresh).await;
    let text = portal_core::booking::invitation_for(
        &mut w.read().await,
        &CalendarOrigin::of(&config),
        &appointment,
        portal_i18n::Locale::Ar,
        w.now(),
    )
    .await
    .unwrap();
    let (_, event, method) = parse_event(&text);
    assert_eq!(method.as_deref(), Some("REQUEST"));
    assert_eq!(event.property_value("SEQUENCE"), Some("0"));
    assert_eq!(event.get_summary(), Some("تجديد وثيقة"));
}

/// The calendar part of a raw MIME message (base64 or plain), enough for these tests.
fn mail_parser_lite(raw: &str) -> String {
    let normal = raw.replace("\r\n", "\n");
    let start = normal
        .find("Content-Type: text/calendar")
        .unwrap_or_else(|| panic!("no calendar part in {normal}"));
    let part = &normal[start..];
    let (head, rest) = part.split_once("\n\n").unwrap();
    let body: String = rest.split("\n--").next().unwrap().to_owned();
    if head.contains("base64") {
        use base64::Engine;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(body.split_whitespace().collect::<String>())
            .unwrap();
        String::from_utf8(bytes).unwrap()
    } else if head.contains("quoted-printable") {
        let joined = body.replace("=\n", "");
        let mut out = Vec::new();
        let bytes = joined.as_bytes();
        let mut i = 0;
        while i < bytes.len() {
            if bytes[i] == b'=' && i + 2 < bytes.len() {
                out.push(
                    u8::from_str_radix(std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap(), 16)
                        .unwrap(),
                );
                i += 3;
            } else {
                out.push(bytes[i]);
                i += 1;
            }
        }
        String::from_utf8(out).unwrap()
    } else {
        body
    }
}

async fn reminders_are_sent_once_by_two_workers(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let slot = first_free(&w, "protection-consultation").await;
    w.booking().book(amina.id, slot.id).await.unwrap();
    let sink = SmtpSink::start();
    let url = sink.url.clone();
    let config = mail_config(url);
    let mailer = config.mailer().unwrap();
    let delivery = Delivery {
        mailer: &mailer,
        config: &config,
        sms: None,
    };
    let now = w.now();
    // The confirmation goes now; the reminder is not due yet.
    let run = deliver_due(&w.store, &delivery, now).await.unwrap();
    assert_eq!(run.sent, 1);
    // The day before: two instances run the job at the same moment.
    let due = slot.starts_at - Duration::hours(23);
    let (a, b) = tokio::join!(
        async { deliver_reminders(&mut w.read().await, &delivery, due).await },
        async { deliver_reminders(&mut w.read().await, &delivery, due).await },
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 1);
    let again = deliver_reminders(&mut w.read().await, &delivery, due + Duration::hours(1))
        .await
        .unwrap();
    assert_eq!(again.sent, 0);
    assert_eq!(sink.messages().len(), 2);
}

async fn people_and_staff_act_only_on_their_own_appointments(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let khaled = w.person("AMM-26-000002").await;
    let selam = w.person("KLA-26-000001").await;
    let slot = first_free(&w, "document-renewal").await;
    let id = w.booking().book(amina.id, slot.id).await.unwrap();
    for other in [khaled.id, selam.id] {
        assert!(matches!(
            w.booking().appointment_of_person(other, id).await,
            Err(CoreError::NotFound)
        ));
        assert!(matches!(
            w.booking().cancel(other, id).await,
            Err(CoreError::NotFound)
        ));
        assert!(matches!(
            w.booking().reschedule(other, id, slot.id).await,
            Err(CoreError::NotFound)
        ));
    }
    // Selam (Kampala) cannot book an Amman slot.
    let another = first_free(&w, "protection-consultation").await;
    assert!(matches!(
        w.booking().book(selam.id, another.id).await,
        Err(CoreError::NotFound)
    ));
    let kampala = w
        .new_staff(
            "kla-clerk@agency.example.org",
            &[StaffRole::Clerk],
            Some("KLA"),
        )
        .await;
    let admin = w
        .new_staff(
            "admin2@agency.example.org",
            &[StaffRole::Admin],
            Some("AMM"),
        )
        .await;
    for staff in [&kampala, &admin] {
        assert!(matches!(
            w.booking()
                .mark(staff, id, AppointmentStatus::Attended)
                .await,
            Err(CoreError::NotFound)
        ));
        assert!(matches!(
            w.booking().staff_cancel(staff, id, Some("x")).await,
            Err(CoreError::NotFound)
        ));
        let location = amman(&w).await.id;
        assert!(matches!(
            w.booking()
                .staff_agenda(staff, location, w.now(), w.now() + Duration::days(30))
                .await,
            Err(CoreError::NotFound)
        ));
    }
    let farida = w.cast.farida.clone();
    let missing_reason = w
        .booking()
        .staff_cancel(&farida, id, Some("  "))
        .await
        .unwrap_err();
    assert!(matches!(missing_reason, CoreError::Invalid(_)));
    w.booking()
        .staff_cancel(
            &farida,
            id,
            Some("The office is closed for a staff training."),
        )
        .await
        .unwrap();
    let cancelled = appointment(&w, id).await;
    assert_eq!(cancelled.status, AppointmentStatus::Cancelled);
    assert_eq!(cancelled.sequence, 1);
    let trail = portal_storage::audit::for_subject(
        &mut w.read().await,
        portal_domain::audit::SubjectKind::Person,
        &amina.id.0.to_string(),
        20,
    )
    .await
    .unwrap();
    assert!(trail
        .iter()
        .any(|r| r.event.action == "appointment.cancel"
            && matches!(r.event.actor, Actor::Staff { .. })));
}

async fn staff_mark_attended_and_the_person_sees_it_as_past(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let slot = first_free(&w, "credential-collection").await;
    let id = w.booking().book(amina.id, slot.id).await.unwrap();
    assert_eq!(w.booking().mine(amina.id).await.unwrap().upcoming.len(), 1);
    let jonas = w.cast.jonas.clone();
    let location = amman(&w).await.id;
    let agenda = w
        .booking()
        .staff_agenda(
            &jonas,
            location,
            slot.starts_at - Duration::hours(1),
            slot.starts_at + Duration::hours(1),
        )
        .await
        .unwrap();
    assert!(agenda.iter().any(|a| a.id == id));
    // Not before it starts, and not missed before it ends.
    let refused = |why| Err::<(), _>(CoreError::Refused(Refusal::Booking(why)));
    let attended = w
        .booking()
        .mark(&jonas, id, AppointmentStatus::Attended)
        .await;
    assert_eq!(
        format!("{attended:?}"),
        format!("{:?}", refused(BookingRefused::NotStarted))
    );
    w.advance(slot.starts_at - w.now());
    let missed = w
        .booking()
        .mark(&jonas, id, AppointmentStatus::NoShow)
        .await;
    assert_eq!(
        format!("{missed:?}"),
        format!("{:?}", refused(BookingRefused::NotOver))
    );
    w.booking()
        .mark(&jonas, id, AppointmentStatus::Attended)
        .await
        .unwrap();
    let mine = w.booking().mine(amina.id).await.unwrap();
    assert!(mine.upcoming.is_empty());
    assert_eq!(mine.past[0].status, AppointmentStatus::Attended);
    assert!(matches!(
        w.booking()
            .mark(&jonas, id, AppointmentStatus::NoShow)
            .await,
        Err(CoreError::Refused(Refusal::Booking(
            BookingRefused::NotBooked
        )))
    ));
}

async fn a_failing_reminder_is_retried_with_pauses_then_given_up(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let slot = first_free(&w, "protection-consultation").await;
    w.booking().book(amina.id, slot.id).await.unwrap();
    // Nobody listens on this port: every mail fails.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let url = format!("smtp://127.0.0.1:{port}");
    let config = mail_config(url);
    let mailer = config.mailer().unwrap();
    let delivery = Delivery {
        mailer: &mailer,
        config: &config,
        sms: None,
    };
    let mut at = slot.starts_at - Duration::hours(23);
    let first = deliver_reminders(&mut w.read().await, &delivery, at)
        .await
        .unwrap();
    assert_eq!(first.retried, 1);
    // Not again at the same instant: the next attempt waits for its pause.
    let same = deliver_reminders(&mut w.read().await, &delivery, at)
        .await
        .unwrap();
    assert_eq!((same.retried, same.sent, same.dropped), (0, 0, 0));
    let mut dropped = 0;
    for _ in 0..10 {
        at += Duration::hours(1);
        let run = deliver_reminders(&mut w.read().await, &delivery, at)
            .await
            .unwrap();
        dropped += run.dropped;
    }
    assert!(
        at < slot.starts_at,
        "still before the appointment: dropped for the attempts, not the time"
    );
    assert_eq!(dropped, 1, "given up after the maximum number of attempts");
}
