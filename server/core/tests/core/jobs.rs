//! Background work across instances: a scheduled run happens once however many instances
//! race for it, a failing run is tried again and then lands on the dead-letter list, and an
//! admin sends dead work (a run, a mail) back. On SQLite and PostgreSQL.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

use portal_core::admin::{console, send_back_by};
use portal_core::jobs::runs::{once, RunOutcome, MAX_RUN_ATTEMPTS};
use portal_core::{CoreError, CoreResult};
use portal_domain::audit::AuditAction;
use portal_domain::requests::{FormInput, RequestKind};
use portal_domain::staff::StaffRole;
use portal_storage::jobs::{due_runs, FailedKind};
use portal_storage::notifications::{self, About, MailOutcome, NewNotification};
use portal_testkit::{on_both_backends, Backend, World};

on_both_backends! {
    a_run_happens_once_however_many_instances_race_for_it,
    a_failing_run_is_retried_then_dead_and_an_admin_sends_it_back,
    a_mail_given_up_on_is_listed_and_sent_back,
}

async fn a_run_happens_once_however_many_instances_race_for_it(backend: Backend) {
    let w = World::new(backend).await;
    let ran = Arc::new(AtomicUsize::new(0));
    let now = w.now();
    let tasks: Vec<_> = (0..8)
        .map(|_| {
            let (store, ran) = (w.store.clone(), ran.clone());
            tokio::spawn(async move {
                once(&store, "test-job", "2026-12-07", now, || async {
                    ran.fetch_add(1, Ordering::SeqCst);
                    CoreResult::Ok(())
                })
                .await
                .unwrap()
            })
        })
        .collect();
    let mut done = 0;
    for task in tasks {
        if task.await.unwrap() == RunOutcome::Done(()) {
            done += 1;
        }
    }
    assert_eq!((done, ran.load(Ordering::SeqCst)), (1, 1));
    // Done is done: not again, not even later.
    let later = now + chrono::Duration::days(1);
    let again = once(&w.store, "test-job", "2026-12-07", later, || async {
        CoreResult::Ok(())
    })
    .await
    .unwrap();
    assert_eq!(again, RunOutcome::NotMine);
    // The next night is a run of its own.
    let next = once(&w.store, "test-job", "2026-12-08", later, || async {
        CoreResult::Ok(())
    })
    .await
    .unwrap();
    assert_eq!(next, RunOutcome::Done(()));
}

async fn fail() -> CoreResult<()> {
    Err(CoreError::File("/data/documents/amina-passport.jpg".into()))
}

async fn a_failing_run_is_retried_then_dead_and_an_admin_sends_it_back(backend: Backend) {
    let w = World::new(backend).await;
    let (job, slot) = ("quality-check", "2026-12-07");
    let mut now = w.now();
    for attempt in 1..=MAX_RUN_ATTEMPTS {
        let outcome = once(&w.store, job, slot, now, fail).await.unwrap();
        if attempt < MAX_RUN_ATTEMPTS {
            let RunOutcome::Retry(at) = outcome else {
                panic!("attempt {attempt}: {outcome:?}");
            };
            assert_eq!(
                once(&w.store, job, slot, now, fail).await.unwrap(),
                RunOutcome::NotMine,
                "not before its time"
            );
            assert!(due_runs(&mut w.read().await, job, now)
                .await
                .unwrap()
                .is_empty());
            assert_eq!(
                due_runs(&mut w.read().await, job, at).await.unwrap(),
                [slot]
            );
            now = at;
        } else {
            assert_eq!(outcome, RunOutcome::Dead);
        }
    }
    // Dead: nobody tries it again; it is on the operation-wide admin's list, without the
    // error's text (which named a file).
    let later = now + chrono::Duration::days(1);
    assert!(due_runs(&mut w.read().await, job, later)
        .await
        .unwrap()
        .is_empty());
    let head = w
        .new_staff("head@agency.example.org", &[StaffRole::Admin], None)
        .await;
    let listed = console(&mut w.read().await, &head)
        .await
        .unwrap()
        .failed
        .unwrap();
    assert_eq!(listed.len(), 1);
    assert_eq!(
        (listed[0].kind, listed[0].what.as_str()),
        (FailedKind::Run, job)
    );
    assert_eq!(listed[0].attempts, MAX_RUN_ATTEMPTS);
    let error = listed[0].error.clone().unwrap();
    assert_eq!(error, "a file could not be read or written");
    let office_admin = w
        .new_staff(
            "amman.head@agency.example.org",
            &[StaffRole::Admin],
            Some("AMM"),
        )
        .await;
    let theirs = console(&mut w.read().await, &office_admin).await.unwrap();
    assert!(theirs.failed.is_none(), "an office's admin does not see it");

    // Sent back (audited): due at once, and it runs.
    let mut tx = w.begin().await;
    assert!(matches!(
        send_back_by(
            &mut tx,
            &w.ctx(),
            &office_admin,
            FailedKind::Run,
            &listed[0].id
        )
        .await,
        Err(CoreError::NotAllowed)
    ));
    send_back_by(&mut tx, &w.ctx(), &head, FailedKind::Run, &listed[0].id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = w.begin().await;
    assert!(matches!(
        send_back_by(&mut tx, &w.ctx(), &head, FailedKind::Run, &listed[0].id).await,
        Err(CoreError::NotFound)
    ));
    drop(tx);
    assert_eq!(
        due_runs(&mut w.read().await, job, w.now()).await.unwrap(),
        [slot]
    );
    let outcome = once(&w.store, job, slot, w.now(), || async { CoreResult::Ok(7) })
        .await
        .unwrap();
    assert_eq!(outcome, RunOutcome::Done(7));
    let listed = console(&mut w.read().await, &head)
        .await
        .unwrap()
        .failed
        .unwrap();
    assert!(listed.is_empty());
    let audited: i64 = w
        .read()
        .await
        .scalar(
            portal_storage::query("SELECT COUNT(*) FROM audit_events WHERE action = $1")
                .bind(AuditAction::WorkSendBack.code()),
        )
        .await
        .unwrap();
    assert_eq!(audited, 1);
    assert!(matches!(
        w.verify_audit().await,
        portal_storage::audit::ChainReport::Intact { .. }
    ));
}

async fn a_mail_given_up_on_is_listed_and_sent_back(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let request = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Contact,
            &FormInput(
                [("phone".to_owned(), "+962 79 000 1111".to_owned())]
                    .into_iter()
                    .collect(),
            ),
            &[],
        )
        .await
        .unwrap();
    let mut tx = w.begin().await;
    notifications::insert(
        &mut tx,
        &NewNotification {
            person: amina.id,
            about: About::Request(request),
            kind: "request.decided",
            status: Some("approved"),
            mail: true,
            sms: false,
        },
        w.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let lease = chrono::Duration::minutes(5);
    let due = notifications::claim_due_mails(&mut w.read().await, w.now(), lease, 50)
        .await
        .unwrap();
    let mail = due
        .into_iter()
        .find(|m| m.request_id == Some(request))
        .unwrap();
    // The delivery failed for good: the server refused it (its reply text, which named the
    // address, is never kept).
    let failure = portal_mail::DeliveryFailure::reason(&portal_mail::MailError::Smtp(
        portal_mail::SmtpFailure::Refused(550),
    ));
    notifications::finish_mail(
        &mut w.read().await,
        mail.id,
        MailOutcome::GiveUp,
        Some(&failure),
    )
    .await
    .unwrap();

    let head = w
        .new_staff("head@agency.example.org", &[StaffRole::Admin], None)
        .await;
    let listed = console(&mut w.read().await, &head)
        .await
        .unwrap()
        .failed
        .unwrap();
    let entry = listed
        .iter()
        .find(|f| f.id == mail.id.to_string())
        .expect("the given-up mail is listed");
    assert_eq!(
        (entry.kind, entry.what.as_str()),
        (FailedKind::Mail, "request.decided")
    );
    assert_eq!(
        entry.error.as_deref(),
        Some("refused 550"),
        "why, as a reason the page shows in words"
    );

    let mut tx = w.begin().await;
    send_back_by(&mut tx, &w.ctx(), &head, FailedKind::Mail, &entry.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let again = notifications::claim_due_mails(&mut w.read().await, w.now(), lease, 50)
        .await
        .unwrap();
    let claimed = again.iter().find(|m| m.id == mail.id).expect("due again");
    assert_eq!(claimed.attempts, 1, "attempts counted afresh");
}
