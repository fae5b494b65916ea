//! Update requests end to end below HTTP: the workflow against a real database, on SQLite and
//! PostgreSQL. Authorization per person and per staff member, maker-checker, partial approval,
//! version conflicts, races, the audit trail and the notification mail.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use std::sync::Arc;

use portal_core::jobs::notifications::{deliver_due, Delivery};
use portal_core::requests::Upload;
use portal_core::{CoreError, Refusal};
use portal_domain::person::{PersonId, RegistrationStatus};
use portal_domain::requests::{DecisionRefused, FormInput, RequestKind, RequestStatus};
use portal_domain::staff::StaffRole;
use portal_storage::audit::{self, ChainReport};
use portal_storage::requests::QueueFilter;
use portal_storage::{notifications, people};
use portal_testkit::{on_both_backends, Backend, World};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

fn form(pairs: &[(&str, &str)]) -> FormInput {
    FormInput(
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect(),
    )
}

on_both_backends! {
    a_person_past_the_daily_document_quota_is_refused_before_anything_is_written,
    a_phone_change_is_decided_by_a_clerk_and_applied_with_a_new_version,
    a_clerk_cannot_approve_a_sensitive_change_and_nobody_decides_their_own,
    partial_approval_applies_only_the_approved_fields,
    a_record_changed_since_the_request_is_a_conflict_not_an_overwrite,
    two_approvers_deciding_at_once_apply_the_request_once,
    a_cancel_racing_a_decision_has_exactly_one_winner,
    people_cannot_see_or_act_on_each_others_requests,
    staff_of_another_office_cannot_see_a_request,
    a_question_and_an_answer_send_the_request_back_to_the_queue,
    an_approved_birth_adds_a_registered_child,
    the_queue_is_oldest_first_and_counts_by_status,
    the_queue_names_the_person_and_who_prepared_it,
    reading_contact_details_is_audited_and_only_for_desk_roles_of_the_office,
    the_access_log_shows_staff_roles_and_offices_only,
    notification_mails_are_sent_once_even_by_two_workers,
    bad_documents_are_refused_before_anything_is_written,
}

async fn a_phone_change_is_decided_by_a_clerk_and_applied_with_a_new_version(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let id = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Contact,
            &form(&[("phone", "+962 79 000 1111")]),
            &[],
        )
        .await
        .unwrap();
    let review = w.flow().open(&w.cast.farida, id).await.unwrap();
    assert_eq!(review.request.status, RequestStatus::UnderReview);
    assert_eq!(review.may_decide, Ok(()));
    let applied = w
        .flow()
        .decide(
            &w.cast.farida,
            id,
            review.request.row_version,
            vec![true],
            None,
            None,
        )
        .await
        .unwrap();
    assert_eq!(applied.status, RequestStatus::Approved);
    let after = w.person("AMM-26-000001").await;
    assert_eq!(after.record.phone.unwrap().as_str(), "+962790001111");
    assert_eq!(after.record_version, amina.record_version + 1);
    let versions = people::versions(&mut w.read().await, amina.id)
        .await
        .unwrap();
    assert_eq!(
        versions.iter().map(|v| v.version).collect::<Vec<_>>(),
        [amina.record_version + 1, amina.record_version]
    );
    assert_eq!(
        versions[1].record["phone"], "+962791234567",
        "the previous version is kept"
    );
    let notifications = notifications::of(&mut w.read().await, amina.id, 10)
        .await
        .unwrap();
    assert_eq!(notifications.len(), 1);
    assert_eq!(notifications[0].status.as_deref(), Some("approved"));
    assert!(matches!(w.verify_audit().await, ChainReport::Intact { .. }));
    let trail = audit::for_subject(
        &mut w.read().await,
        portal_domain::audit::SubjectKind::Person,
        &amina.id.0.to_string(),
        20,
    )
    .await
    .unwrap();
    let update = trail
        .iter()
        .find(|r| r.event.action == "person.update")
        .expect("an audit row for the change");
    let text = update.event.details.to_string();
    assert!(text.contains("\"field\":\"phone\""), "{text}");
    assert!(
        !text.contains("962790001111") && !text.contains("962791234567"),
        "values are hashed, never stored in clear: {text}"
    );
    assert_eq!(update.event.request_id.as_deref(), Some("test-request"));
}

async fn a_clerk_cannot_approve_a_sensitive_change_and_nobody_decides_their_own(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let pdf = [Upload(PDF.to_vec())];
    let id = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Correction,
            &form(&[
                ("given_name", "Aminah"),
                ("reason", "Spelling on my passport"),
            ]),
            &pdf,
        )
        .await
        .unwrap();
    let seen = w.flow().open(&w.cast.farida, id).await.unwrap();
    assert_eq!(seen.may_decide, Err(DecisionRefused::NeedsApprover));
    assert!(seen.may_recommend);
    let refused = w
        .flow()
        .decide(
            &w.cast.farida,
            id,
            seen.request.row_version,
            vec![true],
            None,
            None,
        )
        .await
        .unwrap_err();
    assert!(
        matches!(
            refused,
            CoreError::Refused(Refusal::Decision(DecisionRefused::NeedsApprover))
        ),
        "{refused:?}"
    );
    // The clerk recommends; the approver then decides.
    w.flow()
        .recommend(
            &w.cast.farida,
            id,
            seen.request.row_version,
            vec![true],
            Some("Matches the passport"),
        )
        .await
        .unwrap();
    let current = portal_storage::requests::by_id(&mut w.read().await, id)
        .await
        .unwrap()
        .unwrap();
    w.flow()
        .decide(
            &w.cast.jonas,
            id,
            current.row_version,
            vec![true],
            None,
            None,
        )
        .await
        .unwrap();
    assert_eq!(
        w.person("AMM-26-000001").await.record.given_name.as_str(),
        "Aminah"
    );

    // A request Jonas prepares himself must be decided by someone else.
    let prepared = w
        .flow()
        .submit_by_staff(
            &w.cast.jonas,
            amina.id,
            RequestKind::Correction,
            &form(&[("sex", "other"), ("reason", "Asked at the desk")]),
            &pdf,
        )
        .await
        .unwrap();
    let request = portal_storage::requests::by_id(&mut w.read().await, prepared)
        .await
        .unwrap()
        .unwrap();
    let own = w
        .flow()
        .decide(
            &w.cast.jonas,
            prepared,
            request.row_version,
            vec![true],
            None,
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(
        own,
        CoreError::Refused(Refusal::Decision(DecisionRefused::OwnRequest))
    ));

    // A staff member registered in the household may not decide for it.
    let second = w
        .new_staff(
            "approver2@agency.example.org",
            &[StaffRole::Approver],
            Some("AMM"),
        )
        .await;
    let khaled = w.person("AMM-26-000002").await;
    let mut tx = w.begin().await;
    portal_core::admin::link_staff_to_person(&mut tx, &w.ctx(), second.id, khaled.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let related = w
        .flow()
        .decide(
            &second,
            prepared,
            request.row_version,
            vec![true],
            None,
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(
        related,
        CoreError::Refused(Refusal::Decision(DecisionRefused::OwnRecord))
    ));
    assert_eq!(
        w.person("AMM-26-000001").await.record.sex.as_str(),
        "female",
        "nothing was applied"
    );
}

async fn partial_approval_applies_only_the_approved_fields(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let id = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Contact,
            &form(&[
                ("phone", "+962790002222"),
                ("email", "amina@new.example.org"),
            ]),
            &[],
        )
        .await
        .unwrap();
    let request = portal_storage::requests::by_id(&mut w.read().await, id)
        .await
        .unwrap()
        .unwrap();
    let no_reason = w
        .flow()
        .decide(
            &w.cast.farida,
            id,
            request.row_version,
            vec![true, false],
            None,
            None,
        )
        .await
        .unwrap_err();
    assert!(matches!(no_reason, CoreError::Invalid(_)));
    let applied = w
        .flow()
        .decide(
            &w.cast.farida,
            id,
            request.row_version,
            vec![true, false],
            Some("information_mismatch"),
            Some("Please come to the desk about the email."),
        )
        .await
        .unwrap();
    assert_eq!(applied.status, RequestStatus::PartlyApproved);
    let after = w.person("AMM-26-000001").await;
    assert_eq!(after.record.phone.unwrap().as_str(), "+962790002222");
    assert_eq!(
        after.record.email.unwrap().as_str(),
        "amina.haddad@example.org"
    );
    let stored = portal_storage::requests::by_id(&mut w.read().await, id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(stored.decision.unwrap().approve, [true, false]);
}

/// Conflicts are per field. Amina asks for a new phone twice and for a new address. Once the
/// address is approved, the first phone request still decides cleanly (another field moved,
/// not its own), and once that is approved its review shows no false "record changed". The
/// second phone request, made against the old phone, is a conflict: deciding it would
/// overwrite the phone the office just approved.
async fn a_record_changed_since_the_request_is_a_conflict_not_an_overwrite(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let submit = |field: &'static str, value: &'static str| {
        let w = &w;
        async move {
            w.flow()
                .submit_by_person(
                    amina.id,
                    RequestKind::Contact,
                    &form(&[(field, value)]),
                    &[],
                )
                .await
                .unwrap()
        }
    };
    let approve = |id| {
        let w = &w;
        async move {
            let version = portal_storage::requests::by_id(&mut w.read().await, id)
                .await
                .unwrap()
                .unwrap()
                .row_version;
            w.flow()
                .decide(&w.cast.farida, id, version, vec![true], None, None)
                .await
        }
    };
    let first = submit("phone", "+962790003333").await;
    let second = submit("address", "Azraq camp, village 3").await;
    let third = submit("phone", "+962790004444").await;

    approve(second).await.unwrap();
    let review = w.flow().open(&w.cast.farida, first).await.unwrap();
    assert_eq!(review.conflicts, [], "the address moved, not the phone");
    approve(first).await.unwrap();
    let after = w.person("AMM-26-000001").await;
    assert_eq!(after.record.phone.unwrap().as_str(), "+962790003333");
    assert_eq!(
        after.record.address.unwrap().as_str(),
        "Azraq camp, village 3"
    );
    assert_eq!(after.record_version, amina.record_version + 2);
    let decided = w.flow().open(&w.cast.farida, first).await.unwrap();
    assert_eq!(decided.conflicts, [], "its own approval is no conflict");

    let review = w.flow().open(&w.cast.farida, third).await.unwrap();
    assert_eq!(review.conflicts, [amina.id]);
    let conflict = approve(third).await.unwrap_err();
    assert!(
        matches!(conflict, CoreError::Stale("record")),
        "{conflict:?}"
    );
    let unchanged = w.person("AMM-26-000001").await;
    assert_eq!(unchanged.record.phone.unwrap().as_str(), "+962790003333");
    let r3 = portal_storage::requests::by_id(&mut w.read().await, third)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        r3.status,
        RequestStatus::UnderReview,
        "nothing half-written"
    );
    assert_eq!(
        notifications::of(&mut w.read().await, amina.id, 10)
            .await
            .unwrap()
            .len(),
        2,
        "news of the two decisions only"
    );
    // Rejecting it with the reason is still possible.
    w.flow()
        .decide(
            &w.cast.farida,
            third,
            r3.row_version,
            vec![false],
            Some("record_changed"),
            None,
        )
        .await
        .unwrap();
}

async fn two_approvers_deciding_at_once_apply_the_request_once(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let second = w
        .new_staff("approver3@agency.example.org", &[StaffRole::Approver], None)
        .await;
    let id = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Birth,
            &form(&[
                ("given_name", "Sami"),
                ("family_name", "Haddad"),
                ("sex", "male"),
                ("date_of_birth", "2026-11-20"),
            ]),
            &[Upload(PDF.to_vec())],
        )
        .await
        .unwrap();
    let request = portal_storage::requests::by_id(&mut w.read().await, id)
        .await
        .unwrap()
        .unwrap();
    let household_before = people::household_members(&mut w.read().await, amina.household_id)
        .await
        .unwrap()
        .len();
    let w = Arc::new(w);
    let second = Arc::new(second);
    let mut tasks = Vec::new();
    for i in 0..8 {
        let w = w.clone();
        let second = second.clone();
        let version = request.row_version;
        tasks.push(tokio::spawn(async move {
            let staff = if i % 2 == 0 { &w.cast.jonas } else { &*second };
            w.flow()
                .decide(staff, id, version, vec![true], None, None)
                .await
        }));
    }
    let mut won = 0;
    for task in tasks {
        match task.await.unwrap() {
            Ok(_) => won += 1,
            Err(CoreError::Stale(_) | CoreError::NotNow(_)) => {}
            Err(other) => panic!("unexpected {other:?}"),
        }
    }
    assert_eq!(won, 1);
    let household_after = people::household_members(&mut w.read().await, amina.household_id)
        .await
        .unwrap()
        .len();
    assert_eq!(
        household_after,
        household_before + 1,
        "the child was added exactly once"
    );
    assert_eq!(
        notifications::of(&mut w.read().await, amina.id, 10)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn a_cancel_racing_a_decision_has_exactly_one_winner(backend: Backend) {
    let w = Arc::new(World::new(backend).await);
    let amina = w.person("AMM-26-000001").await;
    for round in 0..5 {
        let phone = format!("+96279000400{round}");
        let id = w
            .flow()
            .submit_by_person(
                amina.id,
                RequestKind::Contact,
                &form(&[("phone", &phone)]),
                &[],
            )
            .await
            .unwrap();
        let request = portal_storage::requests::by_id(&mut w.read().await, id)
            .await
            .unwrap()
            .unwrap();
        let (a, b) = (w.clone(), w.clone());
        let cancel = tokio::spawn(async move { a.flow().cancel(amina.id, id).await });
        let decide = tokio::spawn(async move {
            b.flow()
                .decide(
                    &b.cast.farida,
                    id,
                    request.row_version,
                    vec![true],
                    None,
                    None,
                )
                .await
        });
        let cancelled = cancel.await.unwrap().is_ok();
        let decided = decide.await.unwrap().is_ok();
        assert!(cancelled ^ decided, "round {round}: exactly one wins");
        let stored = portal_storage::requests::by_id(&mut w.read().await, id)
            .await
            .unwrap()
            .unwrap();
        let phone_now = w.person("AMM-26-000001").await.record.phone.unwrap();
        if cancelled {
            assert_eq!(stored.status, RequestStatus::Cancelled);
            assert_ne!(phone_now.as_str(), phone);
        } else {
            assert_eq!(stored.status, RequestStatus::Approved);
            assert_eq!(phone_now.as_str(), phone);
        }
    }
}

async fn people_cannot_see_or_act_on_each_others_requests(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let khaled = w.person("AMM-26-000002").await;
    let stranger = w.person("AMM-26-000005").await;
    let id = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Birth,
            &form(&[
                ("given_name", "Sami"),
                ("family_name", "Haddad"),
                ("sex", "male"),
                ("date_of_birth", "2026-11-20"),
            ]),
            &[Upload(PDF.to_vec())],
        )
        .await
        .unwrap();
    let doc = portal_storage::requests::documents(&mut w.read().await, id)
        .await
        .unwrap()[0]
        .address
        .clone();
    for other in [khaled.id, stranger.id] {
        assert!(matches!(
            w.flow().request_for_person(other, id).await,
            Err(CoreError::NotFound)
        ));
        assert!(matches!(
            w.flow().cancel(other, id).await,
            Err(CoreError::NotFound)
        ));
        assert!(matches!(
            w.flow().answer(other, id, Some("x"), &[]).await,
            Err(CoreError::NotFound)
        ));
        assert!(matches!(
            w.flow().document_for_person(other, &doc).await,
            Err(CoreError::NotFound)
        ));
        assert!(w.flow().requests_of_person(other).await.unwrap().is_empty());
    }
    assert_eq!(
        w.flow().requests_of_person(amina.id).await.unwrap().len(),
        1
    );
    let (_, bytes) = w.flow().document_for_person(amina.id, &doc).await.unwrap();
    assert_eq!(bytes, PDF);
    // A correction cannot target someone outside the household.
    let outside = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Correction,
            &form(&[
                ("member", &stranger.id.0.to_string()),
                ("sex", "male"),
                ("reason", "x"),
            ]),
            &[Upload(PDF.to_vec())],
        )
        .await
        .unwrap_err();
    assert!(matches!(outside, CoreError::Invalid(_)));
    let unknown = PersonId::random();
    assert!(matches!(
        w.flow()
            .submit_by_person(
                unknown,
                RequestKind::Contact,
                &form(&[("phone", "+962790009999")]),
                &[]
            )
            .await,
        Err(CoreError::NotFound)
    ));
}

async fn staff_of_another_office_cannot_see_a_request(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let kampala = w
        .new_staff(
            "kla@agency.example.org",
            &[StaffRole::Clerk, StaffRole::Approver],
            Some("KLA"),
        )
        .await;
    let admin = w
        .new_staff("root@agency.example.org", &[StaffRole::Admin], None)
        .await;
    let id = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Contact,
            &form(&[("phone", "+962790005555")]),
            &[],
        )
        .await
        .unwrap();
    for staff in [&kampala, &admin] {
        assert!(matches!(
            w.flow().open(staff, id).await,
            Err(CoreError::NotFound)
        ));
        assert!(matches!(
            w.flow().decide(staff, id, 1, vec![true], None, None).await,
            Err(CoreError::NotFound)
        ));
        assert!(matches!(
            w.flow().ask(staff, id, 1, Some("?")).await,
            Err(CoreError::NotFound)
        ));
        assert!(matches!(
            w.flow().record_history(staff, amina.id).await,
            Err(CoreError::NotFound)
        ));
    }
    let (lines, _) = w
        .flow()
        .queue(
            &kampala,
            QueueFilter {
                limit: 50,
                ..QueueFilter::default()
            },
        )
        .await
        .unwrap();
    assert!(
        lines.is_empty(),
        "the Kampala queue does not show Amman requests"
    );
    assert!(matches!(
        w.flow().queue(&admin, QueueFilter::default()).await,
        Err(CoreError::NotAllowed)
    ));
}

async fn a_question_and_an_answer_send_the_request_back_to_the_queue(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let id = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Contact,
            &form(&[("address", "Azraq camp, village 5")]),
            &[],
        )
        .await
        .unwrap();
    let seen = w.flow().open(&w.cast.jonas, id).await.unwrap();
    let stale = w
        .flow()
        .ask(
            &w.cast.jonas,
            id,
            seen.request.row_version - 1,
            Some("Which block?"),
        )
        .await;
    assert!(matches!(stale, Err(CoreError::Stale(_))));
    w.flow()
        .ask(
            &w.cast.jonas,
            id,
            seen.request.row_version,
            Some("Which block?"),
        )
        .await
        .unwrap();
    let view = w.flow().request_for_person(amina.id, id).await.unwrap();
    assert_eq!(view.request.status, RequestStatus::NeedsInfo);
    assert!(view.may_answer);
    assert_eq!(view.request.question.as_deref(), Some("Which block?"));
    let empty = w
        .flow()
        .answer(amina.id, id, Some("   "), &[])
        .await
        .unwrap_err();
    assert!(matches!(empty, CoreError::Invalid(_)));
    w.flow()
        .answer(amina.id, id, Some("Block 7"), &[Upload(PDF.to_vec())])
        .await
        .unwrap();
    let view = w.flow().request_for_person(amina.id, id).await.unwrap();
    assert_eq!(view.request.status, RequestStatus::Submitted);
    assert_eq!(view.documents.len(), 1);
    assert_eq!(
        view.events
            .iter()
            .map(|e| e.action.as_str())
            .collect::<Vec<_>>(),
        ["submit", "open", "ask_info", "answer"]
    );
    assert!(matches!(
        w.flow().answer(amina.id, id, Some("again"), &[]).await,
        Err(CoreError::NotNow(_))
    ));
}

async fn an_approved_birth_adds_a_registered_child(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let id = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Birth,
            &form(&[
                ("given_name", "Sami"),
                ("family_name", "Haddad"),
                ("given_name_original", "سامي"),
                ("sex", "male"),
                ("date_of_birth", "2026-11-20"),
            ]),
            &[Upload(PDF.to_vec())],
        )
        .await
        .unwrap();
    let request = portal_storage::requests::by_id(&mut w.read().await, id)
        .await
        .unwrap()
        .unwrap();
    let applied = w
        .flow()
        .decide(
            &w.cast.jonas,
            id,
            request.row_version,
            vec![true],
            None,
            None,
        )
        .await
        .unwrap();
    let (child_id, number) = applied.added[0].clone();
    assert!(number.as_str().starts_with("AMM-26-"));
    let child = people::by_id(&mut w.read().await, child_id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(child.household_id, amina.household_id);
    assert_eq!(child.record.relationship.as_str(), "child");
    assert_eq!(child.record.nationality.as_str(), "SYR");
    assert_eq!(child.record.registration_status, RegistrationStatus::Active);
    assert_eq!(
        people::versions(&mut w.read().await, child_id)
            .await
            .unwrap()
            .len(),
        1
    );
}

async fn the_queue_is_oldest_first_and_counts_by_status(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let khaled = w.person("AMM-26-000002").await;
    let first = w
        .flow()
        .submit_by_person(
            khaled.id,
            RequestKind::Contact,
            &form(&[("phone", "+962790006666")]),
            &[],
        )
        .await
        .unwrap();
    w.clock.advance(chrono::Duration::days(3));
    let second = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Correction,
            &form(&[("sex", "other"), ("reason", "x")]),
            &[Upload(PDF.to_vec())],
        )
        .await
        .unwrap();
    let (lines, counts) = w
        .flow()
        .queue(
            &w.cast.farida,
            QueueFilter {
                limit: 50,
                ..QueueFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        lines.iter().map(|l| l.id).collect::<Vec<_>>(),
        [first, second]
    );
    assert_eq!(counts.get(&RequestStatus::Submitted), Some(&2));
    let (sensitive, _) = w
        .flow()
        .queue(
            &w.cast.farida,
            QueueFilter {
                kind: Some(RequestKind::Correction),
                limit: 50,
                ..QueueFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(sensitive.len(), 1);
    let now = w.now();
    let (old, _) = w
        .flow()
        .queue(
            &w.cast.farida,
            QueueFilter {
                submitted_before: Some(now - chrono::Duration::days(2)),
                limit: 50,
                ..QueueFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(old.iter().map(|l| l.id).collect::<Vec<_>>(), [first]);
    let (newest, _) = w
        .flow()
        .queue(
            &w.cast.farida,
            QueueFilter {
                newest_first: true,
                limit: 50,
                ..QueueFilter::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        newest.iter().map(|l| l.id).collect::<Vec<_>>(),
        [second, first]
    );
}

async fn the_queue_names_the_person_and_who_prepared_it(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let khaled = w.person("AMM-26-000002").await;
    let by_person = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Contact,
            &form(&[("phone", "+962790006666")]),
            &[],
        )
        .await
        .unwrap();
    let by_clerk = w
        .flow()
        .submit_by_staff(
            &w.cast.farida,
            khaled.id,
            RequestKind::Contact,
            &form(&[("phone", "+962790006667")]),
            &[],
        )
        .await
        .unwrap();
    let (lines, _) = w
        .flow()
        .queue(
            &w.cast.jonas,
            QueueFilter {
                limit: 50,
                ..QueueFilter::default()
            },
        )
        .await
        .unwrap();
    let line = |id| lines.iter().find(|l| l.id == id).unwrap();
    assert_eq!(line(by_person).name, "Amina Haddad");
    assert_eq!(line(by_person).registration_number, "AMM-26-000001");
    assert_eq!(line(by_person).prepared_by, None);
    assert_eq!(line(by_clerk).name, "Khaled Haddad");
    assert_eq!(line(by_clerk).registration_number, "AMM-26-000002");
    assert_eq!(line(by_clerk).prepared_by.as_deref(), Some("Farida Nasser"));
}

async fn reading_contact_details_is_audited_and_only_for_desk_roles_of_the_office(
    backend: Backend,
) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let contact = |staff: portal_domain::staff::Staff| {
        let w = &w;
        async move {
            let mut tx = w.begin().await;
            let found = portal_core::people::contact(&mut tx, &w.ctx(), &staff, amina.id).await;
            tx.commit().await.unwrap();
            found
        }
    };
    let read = contact(w.cast.farida.clone()).await.unwrap();
    assert_eq!(read.phone.as_deref(), Some("+962791234567"));
    assert_eq!(read.email.as_deref(), Some("amina.haddad@example.org"));
    assert!(read.address.unwrap().starts_with("Zaatari camp"));
    let log = w.flow().access_log(amina.id, 10).await.unwrap();
    assert_eq!(log[0].action, "person.contact-view");
    // An admin does not read records; a clerk of another office does not find her.
    let kampala = w
        .new_staff(
            "kla-desk@agency.example.org",
            &[StaffRole::Clerk],
            Some("KLA"),
        )
        .await;
    for staff in [w.cast.priya.clone(), kampala] {
        assert!(matches!(contact(staff).await, Err(CoreError::NotFound)));
    }
    let after = w.flow().access_log(amina.id, 10).await.unwrap();
    assert_eq!(
        after
            .iter()
            .filter(|e| e.action == "person.contact-view")
            .count(),
        1
    );
}

async fn the_access_log_shows_staff_roles_and_offices_only(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let id = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Contact,
            &form(&[("phone", "+962790007777")]),
            &[],
        )
        .await
        .unwrap();
    let seen = w.flow().open(&w.cast.farida, id).await.unwrap();
    w.flow()
        .decide(
            &w.cast.farida,
            id,
            seen.request.row_version,
            vec![true],
            None,
            None,
        )
        .await
        .unwrap();
    let log = w.flow().access_log(amina.id, 50).await.unwrap();
    let actions: Vec<&str> = log.iter().map(|e| e.action.as_str()).collect();
    assert!(actions.contains(&"request.view"), "{actions:?}");
    assert!(actions.contains(&"person.update"), "{actions:?}");
    assert!(actions.contains(&"request.decide"), "{actions:?}");
    assert!(
        !actions.contains(&"request.submit"),
        "her own actions are not staff access"
    );
    assert!(log
        .iter()
        .all(|e| e.role == Some(StaffRole::Clerk) && e.office.as_deref() == Some("AMM")));
}

async fn notification_mails_are_sent_once_even_by_two_workers(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let id = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Contact,
            &form(&[("phone", "+962790008888")]),
            &[],
        )
        .await
        .unwrap();
    let request = portal_storage::requests::by_id(&mut w.read().await, id)
        .await
        .unwrap()
        .unwrap();
    w.flow()
        .decide(
            &w.cast.farida,
            id,
            request.row_version,
            vec![true],
            None,
            None,
        )
        .await
        .unwrap();
    let sink = portal_testkit::SmtpSink::start();
    let url = sink.url.clone();
    let config = portal_core::Config::from_sources(None, &move |name| {
        (name == "PORTAL_SMTP_URL").then(|| url.clone())
    })
    .unwrap();
    let mailer = config.mailer().unwrap();
    let delivery = Delivery {
        mailer: &mailer,
        config: &config,
        sms: None,
    };
    let now = w.now();
    let (a, b) = tokio::join!(
        deliver_due(&w.store, &delivery, now),
        deliver_due(&w.store, &delivery, now),
    );
    assert_eq!(a.unwrap().sent + b.unwrap().sent, 1);
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert!(messages[0].contains(&id.reference()), "{}", messages[0]);
    assert!(
        messages[0].contains("Content-Language: ar"),
        "Amina reads Arabic"
    );
    assert!(
        !messages[0].contains("962790008888"),
        "no personal data in the mail"
    );
    let again = deliver_due(&w.store, &delivery, now).await.unwrap();
    assert_eq!(again.sent, 0);
}

async fn bad_documents_are_refused_before_anything_is_written(backend: Backend) {
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let html = Upload(b"<html><script>alert(1)</script>".to_vec());
    let big = Upload([b"%PDF-".as_slice(), &vec![b'x'; 70 * 1024]].concat());
    let err = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Birth,
            &form(&[
                ("given_name", "Sami"),
                ("family_name", "Haddad"),
                ("sex", "male"),
                ("date_of_birth", "2026-11-20"),
            ]),
            &[html, big],
        )
        .await
        .unwrap_err();
    let CoreError::Invalid(errors) = err else {
        panic!("{err:?}")
    };
    let codes: Vec<&str> = errors.iter().map(|e| e.problem.code()).collect();
    assert!(
        codes.contains(&"unsupported-type") && codes.contains(&"too-large"),
        "{codes:?}"
    );
    assert!(w
        .flow()
        .requests_of_person(amina.id)
        .await
        .unwrap()
        .is_empty());
}

/// `n` distinct small PDFs.
fn pdfs(n: usize, tag: &str) -> Vec<Upload> {
    (0..n)
        .map(|i| Upload([PDF, format!("% {tag} {i}\n").as_bytes()].concat()))
        .collect()
}

/// Files in the world's document folder.
fn stored_files(w: &World) -> usize {
    walk(&w.db.dir.path().join("documents"))
}

fn walk(dir: &std::path::Path) -> usize {
    std::fs::read_dir(dir).map_or(0, |entries| {
        entries
            .flatten()
            .map(|e| {
                if e.path().is_dir() {
                    walk(&e.path())
                } else {
                    1
                }
            })
            .sum()
    })
}

async fn a_person_past_the_daily_document_quota_is_refused_before_anything_is_written(
    backend: Backend,
) {
    use portal_testkit::flow::DOCUMENTS_PER_DAY;
    let w = World::new(backend).await;
    let amina = w.person("AMM-26-000001").await;
    let correction =
        |name: &'static str| form(&[("given_name", name), ("reason", "Spelling on my passport")]);
    let per_request = usize::try_from(DOCUMENTS_PER_DAY / 2).unwrap();
    for (round, name) in ["Aminah", "Amena"].iter().enumerate() {
        w.flow()
            .submit_by_person(
                amina.id,
                RequestKind::Correction,
                &correction(name),
                &pdfs(per_request, &round.to_string()),
            )
            .await
            .unwrap();
    }
    let (files, requests) = (
        stored_files(&w),
        w.flow().requests_of_person(amina.id).await.unwrap().len(),
    );
    assert_eq!(files, 2 * per_request);
    // One more file today is refused, and nothing of it is kept.
    let refused = w
        .flow()
        .submit_by_person(
            amina.id,
            RequestKind::Correction,
            &correction("Aminna"),
            &pdfs(1, "over"),
        )
        .await
        .unwrap_err();
    let CoreError::Invalid(errors) = refused else {
        panic!("{refused:?}")
    };
    assert_eq!(errors[0].problem.code(), "daily-limit");
    assert_eq!(stored_files(&w), files);
    assert_eq!(
        w.flow().requests_of_person(amina.id).await.unwrap().len(),
        requests
    );
    // A request without files still goes through, and a day later files do too.
    w.flow()
        .submit_by_person(
            amina.id,
            RequestKind::Contact,
            &form(&[("phone", "+962790003333")]),
            &[],
        )
        .await
        .unwrap();
    w.advance(chrono::Duration::hours(25));
    w.flow()
        .submit_by_person(
            amina.id,
            RequestKind::Correction,
            &correction("Amyna"),
            &pdfs(1, "tomorrow"),
        )
        .await
        .unwrap();
    assert_eq!(stored_files(&w), files + 1);
}
