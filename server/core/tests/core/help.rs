//! `/help`: the places people can go, and complaints and feedback that reach the right office.

use portal_core::help::{self, FeedbackForm, DAILY_FEEDBACK};
use portal_core::CoreError;
use portal_domain::Field;
use portal_storage::audit;
use portal_testkit::{on_both_backends, Backend, World};

on_both_backends! {
    every_place_has_its_phone_and_weekly_hours,
    feedback_reaches_the_staff_of_its_office_only_and_reading_it_is_audited,
    bad_feedback_is_refused_field_by_field_and_nothing_is_kept,
    anonymous_senders_cannot_grow_the_table_past_the_daily_bound,
}

fn form<'a>(
    kind: &'a str,
    office: &'a str,
    message: &'a str,
    contact: &'a str,
) -> FeedbackForm<'a> {
    FeedbackForm {
        kind,
        office,
        message,
        contact,
    }
}

async fn send(w: &World, form: FeedbackForm<'_>) -> Result<String, CoreError> {
    let mut tx = w.begin().await;
    let sent = help::send(&mut tx, &w.ctx(), form, None).await;
    tx.commit().await.unwrap();
    sent
}

async fn every_place_has_its_phone_and_weekly_hours(backend: Backend) {
    let w = World::new(backend).await;
    let page = help::page(&mut w.read().await).await.unwrap();
    let amman = page
        .places
        .iter()
        .find(|p| p.office_code == "AMM")
        .expect("the Amman centre");
    assert_eq!(amman.phone.as_deref(), Some("+96265000100"));
    // Jordan's working week: Sunday to Thursday, Monday first in the list.
    let days: Vec<u32> = amman
        .hours
        .iter()
        .map(|h| h.weekday.number_from_monday())
        .collect();
    assert_eq!(days, [1, 2, 3, 4, 7]);
    assert!(amman.hours.iter().all(|h| h.opens < h.closes));
    assert!(page.offices.iter().any(|o| o.code.as_str() == "KLA"));
}

async fn feedback_reaches_the_staff_of_its_office_only_and_reading_it_is_audited(backend: Backend) {
    let w = World::new(backend).await;
    let amman = send(
        &w,
        form("complaint", "amm", "The queue was four hours long.", ""),
    )
    .await
    .unwrap();
    let anywhere = send(&w, form("feedback", "", "Thank you.", "+962 79 000 1111"))
        .await
        .unwrap();
    let kampala = send(
        &w,
        form("complaint", "KLA", "Nobody answered the phone.", ""),
    )
    .await
    .unwrap();
    assert!(amman.starts_with("FB-") && amman != anywhere);

    let mut tx = w.begin().await;
    let read = help::for_staff(&mut tx, &w.ctx(), &w.cast.jonas)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let references: Vec<&str> = read.items.iter().map(|f| f.reference.as_str()).collect();
    assert!(references.contains(&amman.as_str()));
    assert!(references.contains(&anywhere.as_str()));
    assert!(
        !references.contains(&kampala.as_str()),
        "another office's complaint"
    );
    let kept = read.items.iter().find(|f| f.reference == amman).unwrap();
    assert_eq!(kept.office_code.as_deref(), Some("AMM"));
    assert_eq!(kept.contact, None);
    assert_eq!(kept.person_id, None, "anonymous");
    assert_eq!(read.zone, chrono_tz::Asia::Amman);

    let mut db = w.read().await;
    let head = audit::head(&mut db).await.unwrap();
    let row = audit::row_at(&mut db, head.seq).await.unwrap().unwrap();
    assert_eq!(row.event.action, "feedback.read", "the reading is audited");
    assert_eq!(row.event.office.as_deref(), Some("AMM"));
    assert_eq!(row.event.details["items"], 2);
    drop(db);

    // An admin without a desk role reads none of it.
    let mut tx = w.begin().await;
    assert!(matches!(
        help::for_staff(&mut tx, &w.ctx(), &w.cast.priya).await,
        Err(CoreError::NotAllowed)
    ));
}

async fn bad_feedback_is_refused_field_by_field_and_nothing_is_kept(backend: Backend) {
    let w = World::new(backend).await;
    let long = "x".repeat(help::MAX_MESSAGE_CHARS + 1);
    let cases: [(FeedbackForm<'_>, &[(Field, &str)]); 4] = [
        (
            form("praise", "", "Fine.", ""),
            &[(Field::Kind, "not-one-of")],
        ),
        (
            form("complaint", "XYZ", "Fine.", ""),
            &[(Field::OfficeCode, "not-one-of")],
        ),
        (
            form("complaint", "", "   ", ""),
            &[(Field::Message, "required")],
        ),
        (
            form("", "", &long, "a\u{0007}b"),
            &[
                (Field::Kind, "not-one-of"),
                (Field::Message, "too-long"),
                (Field::Contact, "control-characters"),
            ],
        ),
    ];
    for (form, expected) in cases {
        match send(&w, form).await {
            Err(CoreError::Invalid(errors)) => {
                let got: Vec<(Field, &str)> =
                    errors.iter().map(|e| (e.field, e.problem.code())).collect();
                assert_eq!(got, expected, "{form:?}");
            }
            other => panic!("{form:?} was not refused: {other:?}"),
        }
    }
    let kept: i64 = portal_storage::feedback::count_since(
        &mut w.read().await,
        w.now() - chrono::Duration::days(1),
    )
    .await
    .unwrap();
    assert_eq!(kept, 0);
}

async fn anonymous_senders_cannot_grow_the_table_past_the_daily_bound(backend: Backend) {
    let w = World::new(backend).await;
    let mut tx = w.begin().await;
    for i in 0..DAILY_FEEDBACK {
        portal_storage::feedback::insert(
            &mut tx,
            &portal_storage::feedback::Feedback {
                id: uuid::Uuid::new_v4(),
                reference: format!("FB-T{i:07}"),
                kind: "feedback".to_owned(),
                office_code: None,
                body: "spam".to_owned(),
                contact: None,
                person_id: None,
                created_at: w.now(),
            },
        )
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    assert!(matches!(
        send(&w, form("complaint", "", "One more.", "")).await,
        Err(CoreError::Busy { .. })
    ));
    // A day later the bound is free again.
    w.advance(chrono::Duration::hours(25));
    assert!(send(&w, form("complaint", "", "One more.", ""))
        .await
        .is_ok());
}
