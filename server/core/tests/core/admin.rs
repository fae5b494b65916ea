//! The admin console's use cases: an account's life (made with its invitation, suspended,
//! reinstated, ended), who may change which account, and the operation's tokens and keys;
//! every change audited as the admin who made it. Both databases.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use portal_core::admin::{
    change_staff, console, create_staff, invite_staff, revoke_token_by, rotate_key_by,
};
use portal_core::auth::account::who;
use portal_core::{CoreError, Refusal};
use portal_domain::audit::SubjectKind;
use portal_domain::invitation::default_lifetime;
use portal_domain::policy::AdminScope;
use portal_domain::session::{Principal, SessionPolicy};
use portal_domain::staff::{AccountRefused, NewStaff, Staff, StaffId, StaffRole, StaffState};
use portal_storage::{invitations, sessions};
use portal_testkit::{on_both_backends, Backend, World};

on_both_backends! {
    an_account_is_made_suspended_reinstated_and_ended_each_step_audited,
    an_office_admin_manages_only_their_offices_clerks_and_approvers,
    tokens_and_keys_are_changed_by_an_operation_wide_admin_only,
}

fn nadia(office: Option<&str>, roles: &[StaffRole]) -> NewStaff {
    NewStaff::parse("nadia@agency.example.org", "Nadia", roles, office).unwrap()
}

async fn state_of(w: &World, id: StaffId) -> StaffState {
    portal_storage::staff::state_of(&mut w.read().await, id)
        .await
        .unwrap()
        .unwrap()
}

async fn change(w: &World, admin: &Staff, id: StaffId, to: StaffState) -> Result<(), CoreError> {
    let mut tx = w.begin().await;
    let changed = change_staff(&mut tx, &w.ctx(), admin, id, to).await;
    if changed.is_ok() {
        tx.commit().await.unwrap();
    }
    changed
}

/// Whether the invitation still opens the account.
async fn live(w: &World, invitation: &portal_domain::invitation::IssuedInvitation) -> bool {
    invitations::by_hash(&mut w.read().await, &invitation.token.hash())
        .await
        .unwrap()
        .unwrap()
        .status
        .expires_at
        > w.now()
}

fn refused(result: Result<impl std::fmt::Debug, CoreError>, why: AccountRefused) {
    match result {
        Err(CoreError::Refused(Refusal::Account(got))) => assert_eq!(got, why),
        other => panic!("expected {why:?}, got {other:?}"),
    }
}

async fn an_account_is_made_suspended_reinstated_and_ended_each_step_audited(backend: Backend) {
    let w = World::new(backend).await;
    let head = w
        .new_staff("head@agency.example.org", &[StaffRole::Admin], None)
        .await;

    // Made, with an invitation that works.
    let mut tx = w.begin().await;
    let (id, invitation) = create_staff(
        &mut tx,
        &w.ctx(),
        &head,
        &nadia(Some("AMM"), &[StaffRole::Clerk]),
        default_lifetime(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    assert_eq!(state_of(&w, id).await, StaffState::Active);
    assert!(live(&w, &invitation).await);

    // Signed in somewhere: suspending signs out and withdraws the invitation.
    let policy = SessionPolicy::default();
    let mut tx = w.begin().await;
    let (_, anonymous) = portal_core::auth::sessions::start_anonymous(&mut tx, &policy, w.now())
        .await
        .unwrap();
    portal_core::auth::sessions::sign_in(
        &mut tx,
        &policy,
        &anonymous.hash,
        Principal::Staff(id),
        w.now(),
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    change(&w, &head, id, StaffState::Suspended).await.unwrap();
    assert_eq!(state_of(&w, id).await, StaffState::Suspended);
    assert!(
        !live(&w, &invitation).await,
        "a suspended account's invitation no longer works"
    );
    let mut tx = w.begin().await;
    assert_eq!(
        sessions::delete_all_of(&mut tx, Principal::Staff(id))
            .await
            .unwrap(),
        0,
        "its sessions ended with the suspension"
    );
    tx.commit().await.unwrap();
    assert!(who(&mut w.read().await, Principal::Staff(id))
        .await
        .unwrap()
        .is_none());
    refused(
        change(&w, &head, id, StaffState::Suspended).await,
        AccountRefused::Unchanged,
    );
    let mut tx = w.begin().await;
    refused(
        invite_staff(&mut tx, &w.ctx(), &head, id, default_lifetime(), false).await,
        AccountRefused::Suspended,
    );
    drop(tx);

    // Reinstated, re-invited, ended; nothing leaves ended.
    change(&w, &head, id, StaffState::Active).await.unwrap();
    let mut tx = w.begin().await;
    invite_staff(&mut tx, &w.ctx(), &head, id, default_lifetime(), true)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    change(&w, &head, id, StaffState::Ended).await.unwrap();
    assert_eq!(state_of(&w, id).await, StaffState::Ended);
    for to in [StaffState::Active, StaffState::Suspended, StaffState::Ended] {
        refused(change(&w, &head, id, to).await, AccountRefused::Ended);
    }
    let mut tx = w.begin().await;
    refused(
        invite_staff(&mut tx, &w.ctx(), &head, id, default_lifetime(), false).await,
        AccountRefused::Ended,
    );
    drop(tx);

    // The admin's own account is changed by another admin only.
    refused(
        change(&w, &head, head.id, StaffState::Suspended).await,
        AccountRefused::OwnAccount,
    );

    // Every step is in the audit trail, as the admin, about the account.
    let audited = portal_storage::audit::for_subject(
        &mut w.read().await,
        SubjectKind::Staff,
        &id.0.to_string(),
        20,
    )
    .await
    .unwrap();
    let actions: Vec<&str> = audited
        .iter()
        .rev()
        .map(|r| r.event.action.as_str())
        .collect();
    assert_eq!(
        actions,
        [
            "staff.create",
            "enrollment.invite",
            "staff.suspend",
            "staff.reinstate",
            "enrollment.invite",
            "passkey.revoke-all",
            "staff.end",
        ]
    );
    for row in &audited {
        assert_eq!(
            row.event.actor,
            portal_domain::audit::Actor::Staff {
                id: head.id.0.to_string(),
                role: "admin".into()
            }
        );
    }
    let suspended = audited
        .iter()
        .find(|r| r.event.action == "staff.suspend")
        .unwrap();
    assert_eq!(suspended.event.details["sessions_ended"], 1);
    assert_eq!(suspended.event.details["from"], "active");
    assert!(matches!(
        w.verify_audit().await,
        portal_storage::audit::ChainReport::Intact { .. }
    ));

    // The console lists the ended account after the active ones.
    let view = console(&mut w.read().await, &head).await.unwrap();
    assert_eq!(view.scope, AdminScope::All);
    assert_eq!(
        view.accounts.last().map(|a| (a.staff.id, a.state)),
        Some((id, StaffState::Ended))
    );
}

async fn an_office_admin_manages_only_their_offices_clerks_and_approvers(backend: Backend) {
    let w = World::new(backend).await;
    let (priya, farida, jonas) = (
        w.cast.priya.clone(),
        w.cast.farida.clone(),
        w.cast.jonas.clone(),
    );
    let kampala = w
        .new_staff("kla@agency.example.org", &[StaffRole::Clerk], Some("KLA"))
        .await;
    let head = w
        .new_staff("head@agency.example.org", &[StaffRole::Admin], None)
        .await;
    let create = |account: NewStaff, by: Staff| {
        let w = &w;
        async move {
            let mut tx = w.begin().await;
            let made = create_staff(&mut tx, &w.ctx(), &by, &account, default_lifetime()).await;
            if made.is_ok() {
                tx.commit().await.unwrap();
            }
            made.map(|(id, _)| id)
        }
    };

    // Priya (admin in Amman) makes Amman clerks and approvers only.
    for account in [
        nadia(Some("KLA"), &[StaffRole::Clerk]),
        nadia(None, &[StaffRole::Clerk]),
        nadia(Some("AMM"), &[StaffRole::Admin]),
    ] {
        assert!(matches!(
            create(account, priya.clone()).await,
            Err(CoreError::NotAllowed)
        ));
    }
    create(
        nadia(Some("AMM"), &[StaffRole::Clerk, StaffRole::Approver]),
        priya.clone(),
    )
    .await
    .unwrap();
    assert!(matches!(
        create(nadia(Some("AMM"), &[StaffRole::Clerk]), priya.clone()).await,
        Err(CoreError::Conflict(_))
    ));

    // She changes Farida; another office's account or an operation admin is "not found".
    change(&w, &priya, farida.id, StaffState::Suspended)
        .await
        .unwrap();
    for other in [kampala.id, head.id] {
        assert!(matches!(
            change(&w, &priya, other, StaffState::Suspended).await,
            Err(CoreError::NotFound)
        ));
    }
    // A clerk administers nothing; a suspended admin neither.
    assert!(matches!(
        change(&w, &jonas, farida.id, StaffState::Active).await,
        Err(CoreError::NotAllowed)
    ));
    assert!(matches!(
        console(&mut w.read().await, &jonas).await,
        Err(CoreError::NotAllowed)
    ));
    let mut suspended = priya.clone();
    suspended.active = false;
    assert!(matches!(
        change(&w, &suspended, farida.id, StaffState::Active).await,
        Err(CoreError::NotAllowed)
    ));

    // Her console: Amman's accounts, no tokens, no keys.
    let view = console(&mut w.read().await, &priya).await.unwrap();
    assert!(view
        .accounts
        .iter()
        .all(|a| a.staff.account.office_code.as_ref().map(|o| o.as_str()) == Some("AMM")));
    assert!(view
        .accounts
        .iter()
        .any(|a| a.staff.id == farida.id && a.state == StaffState::Suspended));
    assert_eq!(
        view.offices
            .iter()
            .map(|o| o.code.as_str())
            .collect::<Vec<_>>(),
        ["AMM"]
    );
    assert!(view.tokens.is_none() && view.keys.is_none());
    let mut tx = w.begin().await;
    assert!(matches!(
        rotate_key_by(&mut tx, &w.ctx(), &w.config(&[]), &priya).await,
        Err(CoreError::NotAllowed)
    ));
}

async fn tokens_and_keys_are_changed_by_an_operation_wide_admin_only(backend: Backend) {
    let w = World::new(backend).await;
    let head = w
        .new_staff("head@agency.example.org", &[StaffRole::Admin], None)
        .await;
    let token = w.api_token(&["status"], &[]).await;
    let priya = w.cast.priya.clone();

    let mut tx = w.begin().await;
    assert!(matches!(
        revoke_token_by(&mut tx, &w.ctx(), &priya, token.id).await,
        Err(CoreError::NotAllowed)
    ));
    revoke_token_by(&mut tx, &w.ctx(), &head, token.id)
        .await
        .unwrap();
    tx.commit().await.unwrap();
    let mut tx = w.begin().await;
    assert!(
        revoke_token_by(&mut tx, &w.ctx(), &head, token.id)
            .await
            .is_err(),
        "a revoked token is not revoked twice"
    );
    drop(tx);

    let config = w.config(&[]);
    let mut tx = w.begin().await;
    let kid = rotate_key_by(&mut tx, &w.ctx(), &config, &head)
        .await
        .unwrap();
    tx.commit().await.unwrap();

    let view = console(&mut w.read().await, &head).await.unwrap();
    let tokens = view.tokens.unwrap();
    assert!(tokens
        .iter()
        .any(|t| t.id == token.id && t.revoked_at.is_some()));
    let keys = view.keys.unwrap();
    assert_eq!(keys.last().map(|k| k.kid.as_str()), Some(kid.as_str()));

    let mut db = w.read().await;
    let audited: Vec<(String, Option<String>, Option<String>)> = db
        .fetch_all(portal_storage::query(
            "SELECT action, actor_id, actor_role FROM audit_events \
             WHERE action IN ('api_token.revoke', 'issuer_key.create') AND actor_kind = 'staff' \
             ORDER BY seq",
        ))
        .await
        .unwrap();
    let by_head = (Some(head.id.0.to_string()), Some("admin".to_owned()));
    assert_eq!(
        audited,
        [
            (
                "api_token.revoke".to_owned(),
                by_head.0.clone(),
                by_head.1.clone()
            ),
            ("issuer_key.create".to_owned(), by_head.0, by_head.1),
        ]
    );
}
