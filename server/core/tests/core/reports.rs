//! Reports on a seeded office whose numbers were worked out by hand: people registered per day
//! in the office's time zone (one registration late in the UTC evening falls on the next local
//! day), requests waiting (median and 90th percentile by nearest rank) and decided per week,
//! appointments per day and the share missed, credentials issued and revoked, the verifier's
//! counters; the CSV with its small cells suppressed; and who may read which office. Both
//! databases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use chrono::{DateTime, NaiveDate, Utc};
use portal_core::credentials::counters::VerifyCounters;
use portal_core::reports::{csv, report, ReportAsk};
use portal_core::{admin, CoreError};
use portal_credentials::verdict::Outcome;
use portal_domain::audit::Actor;
use portal_domain::office::{Office, OfficeCode};
use portal_domain::staff::StaffRole;
use portal_storage::{query, Arg};
use portal_testkit::{on_both_backends, Backend, World};
use uuid::Uuid;

on_both_backends! {
    report_numbers_match_the_hand_computed_ones,
    staff_of_an_office_read_only_its_numbers_and_bad_periods_are_refused,
    every_check_by_the_verifier_is_counted_by_its_outcome_only,
}

const HEADER: &str = "case_number,registration_number,relationship,given_name,family_name,given_name_original,family_name_original,sex,date_of_birth,date_of_birth_estimated,country_of_origin,nationality,languages,phone,email,address,registration_status,specific_needs";

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn day(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// Office RPT (Amman, UTC+3) with six people in two households, registered at the world's
/// start (2026-11-30 09:00 UTC).
async fn seed_office(w: &World) {
    let mut tx = w.begin().await;
    admin::add_office(
        &mut tx,
        &w.ctx(),
        &Office::parse("RPT", "Report office", "Asia/Amman").unwrap(),
        "test",
    )
    .await
    .unwrap();
    let rows = [
        "RPT-26-C00001,RPT-26-000001,principal,Amal,Haddad,,,female,1980-01-01,no,SYR,SYR,ara,,,,active,",
        "RPT-26-C00001,RPT-26-000002,spouse,Basel,Haddad,,,male,1979-02-02,no,SYR,SYR,ara,,,,active,",
        "RPT-26-C00001,RPT-26-000003,child,Celine,Haddad,,,female,2010-03-03,no,SYR,SYR,ara,,,,active,",
        "RPT-26-C00002,RPT-26-000004,principal,Dana,Saleh,,,female,1990-04-04,no,IRQ,IRQ,ara,,,,active,",
        "RPT-26-C00002,RPT-26-000005,child,Elias,Saleh,,,male,2015-05-05,no,IRQ,IRQ,ara,,,,active,",
        "RPT-26-C00002,RPT-26-000006,child,Farah,Saleh,,,female,2016-06-06,no,IRQ,IRQ,ara,,,,inactive,",
    ];
    let file = std::iter::once(HEADER)
        .chain(rows)
        .collect::<Vec<_>>()
        .join("\n");
    portal_core::import::import_people(&mut tx, &w.ctx(), file.as_bytes(), Actor::System, "test")
        .await
        .unwrap();
    tx.commit().await.unwrap();
}

async fn run(w: &World, sql: &str, args: Vec<Arg>) {
    let mut tx = w.begin().await;
    let mut q = query(sql.to_owned());
    for arg in args {
        q = q.arg(arg);
    }
    tx.execute(q).await.unwrap();
    tx.commit().await.unwrap();
}

async fn registered(w: &World, number: &str, when: &str) {
    run(
        w,
        "UPDATE people SET created_at = $1 WHERE registration_number = $2",
        vec![at(when).into(), number.into()],
    )
    .await;
}

async fn passkey(w: &World, number: &str) {
    let person = w.person(number).await;
    run(
        w,
        "INSERT INTO passkeys (id, credential_id, person_id, name, credential, created_at) \
         VALUES ($1, $2, $3, 'phone', '{}', $4)",
        vec![
            Uuid::new_v4().into(),
            Uuid::new_v4().as_bytes().to_vec().into(),
            person.id.0.into(),
            w.now().into(),
        ],
    )
    .await;
}

async fn request(w: &World, number: &str, status: &str, created: &str, decided: Option<&str>) {
    let person = w.person(number).await;
    run(
        w,
        "INSERT INTO update_requests (id, household_id, person_id, office_code, kind, sensitive, \
         status, changes, base_versions, maker_kind, maker_id, created_at, updated_at, decided_at) \
         VALUES ($1, $2, $3, 'RPT', 'contact', $4, $5, $6, $7, 'person', $3, $8, $8, $9)",
        vec![
            Uuid::new_v4().into(),
            person.household_id.0.into(),
            person.id.0.into(),
            false.into(),
            status.into(),
            Arg::json(&serde_json::json!([])).unwrap(),
            Arg::json(&serde_json::json!({})).unwrap(),
            at(created).into(),
            decided.map(at).into(),
        ],
    )
    .await;
}

async fn appointment(
    w: &World,
    location: Uuid,
    service: &str,
    number: &str,
    starts: &str,
    status: &str,
) {
    let person = w.person(number).await;
    let slot = Uuid::new_v4();
    let start = at(starts);
    run(
        w,
        "INSERT INTO slots (id, location_id, service_code, starts_at, ends_at, capacity, booked) \
         VALUES ($1, $2, $3, $4, $5, 1, 1)",
        vec![
            slot.into(),
            location.into(),
            service.into(),
            start.into(),
            (start + chrono::Duration::minutes(20)).into(),
        ],
    )
    .await;
    run(
        w,
        "INSERT INTO appointments (id, slot_id, household_id, person_id, service_code, status, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
        vec![
            Uuid::new_v4().into(),
            slot.into(),
            person.household_id.0.into(),
            person.id.0.into(),
            service.into(),
            status.into(),
            w.now().into(),
        ],
    )
    .await;
}

/// A credential row about `number` (its issuer key is the demo's first one, made here when
/// there is none: reports read rows, not signatures).
async fn credential(w: &World, kid: &str, number: &str, issued: &str, revoked: Option<&str>) {
    let person = w.person(number).await;
    let index: i64 = {
        let mut db = w.read().await;
        db.scalar(query(
            "SELECT COALESCE(MAX(status_index), 0) + 1 FROM credentials",
        ))
        .await
        .unwrap()
    };
    run(
        w,
        "INSERT INTO credentials (id, kind, person_id, record_version, status_index, issuer, kid, \
         issued_at, status, status_changed_at) VALUES ($1, 'registration', $2, 1, $3, 'did:web:test', $4, $5, $6, $7)",
        vec![
            Uuid::new_v4().into(),
            person.id.0.into(),
            index.into(),
            kid.into(),
            at(issued).into(),
            (if revoked.is_some() { "revoked" } else { "active" }).into(),
            revoked.map(at).into(),
        ],
    )
    .await;
}

async fn seed(w: &World) {
    seed_office(w).await;
    // Registered (the rest at the world's start, 2026-11-30 12:00 in Amman):
    registered(w, "RPT-26-000001", "2026-11-20T10:00:00Z").await; // 20 Nov, 13:00 local
    registered(w, "RPT-26-000002", "2026-11-20T22:30:00Z").await; // 21 Nov, 01:30 local
    registered(w, "RPT-26-000003", "2026-11-25T08:00:00Z").await;
    registered(w, "RPT-26-000004", "2026-10-01T08:00:00Z").await; // before the period
                                                                  // Passkeys: two for one person, one for another.
    passkey(w, "RPT-26-000001").await;
    passkey(w, "RPT-26-000001").await;
    passkey(w, "RPT-26-000004").await;
    // Waiting 2, 24, 48, 100 and 300 hours at the world's start (30 Nov 09:00 UTC).
    request(
        w,
        "RPT-26-000001",
        "submitted",
        "2026-11-30T07:00:00Z",
        None,
    )
    .await;
    request(
        w,
        "RPT-26-000002",
        "under_review",
        "2026-11-29T09:00:00Z",
        None,
    )
    .await;
    request(
        w,
        "RPT-26-000003",
        "needs_info",
        "2026-11-28T09:00:00Z",
        None,
    )
    .await;
    request(
        w,
        "RPT-26-000004",
        "submitted",
        "2026-11-26T05:00:00Z",
        None,
    )
    .await;
    request(
        w,
        "RPT-26-000005",
        "submitted",
        "2026-11-17T21:00:00Z",
        None,
    )
    .await;
    // Decided: week of 16 Nov one approved; week of 23 Nov one approved and one in part;
    // 29 Nov 22:00 UTC is 30 Nov 01:00 in Amman: the week of 30 Nov. Not counted: a
    // cancellation, and a decision before the period.
    request(
        w,
        "RPT-26-000001",
        "approved",
        "2026-11-10T09:00:00Z",
        Some("2026-11-18T10:00:00Z"),
    )
    .await;
    request(
        w,
        "RPT-26-000002",
        "approved",
        "2026-11-20T09:00:00Z",
        Some("2026-11-24T12:00:00Z"),
    )
    .await;
    request(
        w,
        "RPT-26-000003",
        "partly_approved",
        "2026-11-20T09:00:00Z",
        Some("2026-11-26T09:00:00Z"),
    )
    .await;
    request(
        w,
        "RPT-26-000004",
        "rejected",
        "2026-11-20T09:00:00Z",
        Some("2026-11-29T22:00:00Z"),
    )
    .await;
    request(
        w,
        "RPT-26-000005",
        "cancelled",
        "2026-11-20T09:00:00Z",
        None,
    )
    .await;
    request(
        w,
        "RPT-26-000006",
        "approved",
        "2026-11-01T09:00:00Z",
        Some("2026-11-10T09:00:00Z"),
    )
    .await;

    // Appointments at a location of the office.
    let location = Uuid::new_v4();
    run(
        w,
        "INSERT INTO locations (id, office_code, name, address, time_zone, created_at) \
         VALUES ($1, 'RPT', 'Report desk', 'Main street', 'Asia/Amman', $2)",
        vec![location.into(), w.now().into()],
    )
    .await;
    let service: String = {
        let mut db = w.read().await;
        db.scalar(query("SELECT code FROM services ORDER BY code LIMIT 1"))
            .await
            .unwrap()
    };
    let s = service.as_str();
    appointment(
        w,
        location,
        s,
        "RPT-26-000001",
        "2026-11-20T07:00:00Z",
        "attended",
    )
    .await;
    appointment(
        w,
        location,
        s,
        "RPT-26-000002",
        "2026-11-20T08:00:00Z",
        "no_show",
    )
    .await;
    appointment(
        w,
        location,
        s,
        "RPT-26-000003",
        "2026-11-24T07:00:00Z",
        "attended",
    )
    .await;
    appointment(
        w,
        location,
        s,
        "RPT-26-000004",
        "2026-11-26T21:30:00Z",
        "attended",
    )
    .await; // 27 Nov local
    appointment(
        w,
        location,
        s,
        "RPT-26-000005",
        "2026-11-27T07:00:00Z",
        "cancelled",
    )
    .await;
    appointment(
        w,
        location,
        s,
        "RPT-26-000001",
        "2026-11-30T10:00:00Z",
        "booked",
    )
    .await;
    appointment(
        w,
        location,
        s,
        "RPT-26-000002",
        "2026-12-02T07:00:00Z",
        "booked",
    )
    .await; // after

    // Credentials: issued 21 Nov, 22 Nov (local; 21 Nov 23:00 UTC) and 29 Nov, one before
    // the period; the one of 22 Nov revoked on 29 Nov.
    let kid = Uuid::new_v4().to_string();
    run(
        w,
        "INSERT INTO issuer_keys (kid, public_key, created_at, retired_at) VALUES ($1, $1, $2, $2)",
        vec![kid.as_str().into(), w.now().into()],
    )
    .await;
    credential(w, &kid, "RPT-26-000001", "2026-11-21T10:00:00Z", None).await;
    credential(
        w,
        &kid,
        "RPT-26-000002",
        "2026-11-21T23:00:00Z",
        Some("2026-11-29T12:00:00Z"),
    )
    .await;
    credential(w, &kid, "RPT-26-000003", "2026-11-29T10:00:00Z", None).await;
    credential(w, &kid, "RPT-26-000004", "2026-11-01T10:00:00Z", None).await;

    // The verifier's counters: 7 genuine on 20 Nov and 2 revoked on 25 Nov written earlier,
    // one forged before the period; 3 genuine counted now and written by a flush.
    let mut tx = w.begin().await;
    portal_storage::reports::add_verifications(&mut tx, day("2026-11-20"), "genuine", 7)
        .await
        .unwrap();
    portal_storage::reports::add_verifications(&mut tx, day("2026-11-25"), "revoked", 2)
        .await
        .unwrap();
    portal_storage::reports::add_verifications(&mut tx, day("2026-11-16"), "forged", 1)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let counters = VerifyCounters::default();
    for _ in 0..3 {
        counters.count(Outcome::Genuine);
    }
    assert_eq!(
        counters
            .flush(&w.store, at("2026-11-28T10:00:00Z"))
            .await
            .unwrap(),
        3
    );
    assert_eq!(
        counters
            .flush(&w.store, at("2026-11-28T10:01:00Z"))
            .await
            .unwrap(),
        0
    );
}

fn ask(office: Option<&str>) -> ReportAsk {
    ReportAsk {
        from: Some(day("2026-11-17")),
        to: Some(day("2026-11-30")),
        office: office.map(|o| OfficeCode::parse(o).unwrap()),
    }
}

async fn report_numbers_match_the_hand_computed_ones(backend: Backend) {
    let w = World::new(backend).await;
    seed(&w).await;
    let clerk = w
        .new_staff(
            "rpt-clerk@agency.example.org",
            &[StaffRole::Clerk],
            Some("RPT"),
        )
        .await;
    let r = report(&mut w.read().await, &w.ctx(), &clerk, &ask(None))
        .await
        .unwrap();
    assert_eq!(r.office.as_ref().map(OfficeCode::as_str), Some("RPT"));
    assert_eq!(r.zone, chrono_tz::Asia::Amman);
    assert_eq!(r.period.len(), 14);

    assert_eq!(
        (r.people.registered, r.people.active, r.people.enrolled),
        (6, 5, 2)
    );
    let new: Vec<(String, u64)> = r
        .people
        .new
        .days
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(d, n)| (d.to_string(), *n))
        .collect();
    assert_eq!(
        new,
        [
            ("2026-11-20", 1),
            ("2026-11-21", 1),
            ("2026-11-25", 1),
            ("2026-11-30", 2)
        ]
        .map(|(d, n)| (d.to_owned(), n))
    );

    let waiting = r.requests.waiting;
    assert_eq!(
        (waiting.count, waiting.median_hours, waiting.p90_hours),
        (5, Some(48), Some(300))
    );
    let weeks: Vec<(String, u64, u64, u64)> = r
        .requests
        .decided
        .iter()
        .map(|w| {
            (
                w.monday.to_string(),
                w.approved,
                w.partly_approved,
                w.rejected,
            )
        })
        .collect();
    assert_eq!(
        weeks,
        [
            ("2026-11-16", 1, 0, 0),
            ("2026-11-23", 1, 1, 0),
            ("2026-11-30", 0, 0, 1)
        ]
        .map(|(d, a, p, x)| (d.to_owned(), a, p, x))
    );

    let a = &r.appointments;
    let per_day: Vec<(String, u64)> = a
        .per_day
        .days
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(d, n)| (d.to_string(), *n))
        .collect();
    assert_eq!(
        per_day,
        [
            ("2026-11-20", 2),
            ("2026-11-24", 1),
            ("2026-11-27", 1),
            ("2026-11-30", 1)
        ]
        .map(|(d, n)| (d.to_owned(), n))
    );
    assert_eq!((a.attended, a.no_show, a.booked, a.cancelled), (3, 1, 1, 1));
    assert_eq!(a.no_show_per_mille(), Some(250));

    let c = &r.credentials;
    let issued: Vec<String> = c
        .issued
        .days
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(d, _)| d.to_string())
        .collect();
    assert_eq!(issued, ["2026-11-21", "2026-11-22", "2026-11-29"]);
    assert_eq!((c.issued.total(), c.revoked.total()), (3, 1));
    let checked: Vec<(&str, u64)> = c.checked.iter().copied().filter(|(_, n)| *n > 0).collect();
    assert_eq!(checked, [("genuine", 10), ("revoked", 2)]);

    // The CSV: counts of 1–4 suppressed, rates and ages from fewer than 5 left empty.
    let file = csv(&r);
    let lines: Vec<&str> = file.split("\r\n").collect();
    assert_eq!(lines[0], "measure,office,from,to,value");
    for expected in [
        "people_registered,RPT,,2026-11-30,6",
        "people_active,RPT,,2026-11-30,5",
        "people_enrolled,RPT,,2026-11-30,<5",
        "people_registered_in_period,RPT,2026-11-17,2026-11-30,5",
        "people_registered_on_day,RPT,2026-11-20,2026-11-20,<5",
        "people_registered_on_day,RPT,2026-11-19,2026-11-19,0",
        "requests_waiting,RPT,,2026-11-30,5",
        "requests_waiting_median_days,RPT,,2026-11-30,2.0",
        "requests_waiting_p90_days,RPT,,2026-11-30,12.5",
        "requests_approved_in_week,RPT,2026-11-23,2026-11-29,<5",
        "appointments,RPT,2026-11-17,2026-11-30,5",
        "appointments_no_show,RPT,2026-11-17,2026-11-30,<5",
        "appointments_no_show_percent,RPT,2026-11-17,2026-11-30,",
        "credentials_issued,RPT,2026-11-17,2026-11-30,<5",
        "credentials_checked_genuine,ALL,2026-11-17,2026-11-30,10",
        "credentials_checked_revoked,ALL,2026-11-17,2026-11-30,<5",
    ] {
        assert!(lines.contains(&expected), "{expected} in\n{file}");
    }
    assert!(
        !file.contains("Haddad") && !file.contains("RPT-26-"),
        "no person in the file"
    );
}

async fn staff_of_an_office_read_only_its_numbers_and_bad_periods_are_refused(backend: Backend) {
    let w = World::new(backend).await;
    seed(&w).await;
    let clerk = w
        .new_staff(
            "rpt-clerk@agency.example.org",
            &[StaffRole::Clerk],
            Some("RPT"),
        )
        .await;
    let admin_staff = w
        .new_staff("rpt-admin@agency.example.org", &[StaffRole::Admin], None)
        .await;
    let mut db = w.read().await;
    let ctx = w.ctx();

    // A clerk of RPT asking for another office is refused; for all, gets RPT.
    let other = report(&mut db, &ctx, &clerk, &ask(Some("AMM"))).await;
    assert!(matches!(other, Err(CoreError::NotAllowed)), "{other:?}");
    let own = report(&mut db, &ctx, &clerk, &ask(None)).await.unwrap();
    // The admin reads RPT the same, and the whole operation (RPT and the demo offices).
    let same = report(&mut db, &ctx, &admin_staff, &ask(Some("RPT")))
        .await
        .unwrap();
    assert_eq!(own, same);
    let all = report(&mut db, &ctx, &admin_staff, &ask(None))
        .await
        .unwrap();
    assert!(all.office.is_none() && all.zone == chrono_tz::UTC);
    assert!(all.people.registered > own.people.registered);
    assert_eq!(
        portal_core::reports::offices(&mut db, &clerk)
            .await
            .unwrap()
            .len(),
        1
    );

    // Unknown office, reversed and too long periods: invalid, each naming its field.
    let unknown = report(&mut db, &ctx, &admin_staff, &ask(Some("ZZZ"))).await;
    assert!(
        matches!(&unknown, Err(CoreError::Invalid(e)) if e[0].field == portal_domain::Field::OfficeCode),
        "{unknown:?}"
    );
    for (from, to) in [("2026-11-30", "2026-11-01"), ("2025-01-01", "2026-11-30")] {
        let bad = ReportAsk {
            from: Some(day(from)),
            to: Some(day(to)),
            office: None,
        };
        let refused = report(&mut db, &ctx, &clerk, &bad).await;
        assert!(
            matches!(&refused, Err(CoreError::Invalid(e)) if e[0].field == portal_domain::Field::PeriodTo),
            "{refused:?}"
        );
    }
    // Only a last day: the four weeks before it.
    let last = ReportAsk {
        from: None,
        to: Some(day("2026-11-30")),
        office: None,
    };
    let r = report(&mut db, &ctx, &clerk, &last).await.unwrap();
    assert_eq!((r.period.from(), r.period.len()), (day("2026-11-03"), 28));
}

async fn every_check_by_the_verifier_is_counted_by_its_outcome_only(backend: Backend) {
    use portal_core::credentials::issuer::Issuer;
    use portal_core::credentials::verification::{self, Verifier};

    let w = World::new(backend).await;
    let config = w.config(&[("PORTAL_PUBLIC_URL", "https://portal.agency.example")]);
    Issuer::ensure_key(&w.store, &w.ctx(), &config)
        .await
        .unwrap();
    let issuer = Issuer::load(&mut w.read().await, &config).await.unwrap();
    let verifier = Verifier::from_config(&config);
    for input in [b"not a credential".as_slice(), b"{}", b"HC1:nonsense"] {
        let result = verification::verify(&mut w.read().await, &w.ctx(), &issuer, &verifier, input)
            .await
            .unwrap();
        assert!(!result.verified);
    }
    assert_eq!(verifier.counters.flush(&w.store, w.now()).await.unwrap(), 3);
    let today = w.now().date_naive();
    let rows = portal_storage::reports::verifications(&mut w.read().await, today, today)
        .await
        .unwrap();
    let total: i64 = rows.iter().map(|(_, _, n)| n).sum();
    assert_eq!(total, 3, "{rows:?}");
    assert!(rows
        .iter()
        .all(|(d, outcome, _)| *d == today && !outcome.is_empty()));
}
