//! Passkey enrollment and sign-in, for real: webauthn-rs on the server, a software
//! authenticator (webauthn-authenticator-rs' SoftPasskey) as the browser's security key, over
//! HTTP against the JSON endpoints, on SQLite and PostgreSQL.
//!
//! The phone is `portal_testkit::Phone`: it stands in for what a resident-key authenticator
//! remembers (see its documentation); every cryptographic check on the server runs unchanged.

use std::net::SocketAddr;
use std::sync::Arc;

use chrono::Duration;
use portal_core::auth::invitations::issue;
use portal_domain::audit::{Actor, SubjectKind};
use portal_domain::invitation::{default_lifetime, IssuedInvitation};
use portal_domain::person::Person;
use portal_domain::session::Principal;
use portal_storage::{passkeys, query};
use portal_testkit::passkey::ORIGIN;
use portal_testkit::{on_both_backends, Backend, Phone, World};
use portal_web::WebState;
use serde_json::{json, Value};

/// The JSON endpoints of `portal-web` behind the same guards as in the portal, on a random
/// port, over the demo world (whose clock the server reads).
struct Portal {
    addr: SocketAddr,
    w: World,
    amina: Person,
}

impl Portal {
    async fn start(backend: Backend) -> Portal {
        let w = World::new(backend).await;
        // 20 attempts a minute per address, so the rate limit test stays small.
        let config = w.config(&[("PORTAL_AUTH_ATTEMPTS_PER_MINUTE", "20")]);
        let state = WebState::new(config, w.store.clone(), Arc::new(w.clock.clone())).unwrap();
        let app = portal_web::guarded(portal_web::router(state.clone()), &state, || {
            axum::response::IntoResponse::into_response(axum::http::StatusCode::SERVICE_UNAVAILABLE)
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move {
            let _ = axum::serve(
                listener,
                app.into_make_service_with_connect_info::<SocketAddr>(),
            )
            .await;
        });
        let amina = w.cast.amina.clone();
        Portal { addr, w, amina }
    }

    fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .build()
            .unwrap()
    }

    async fn post(&self, client: &reqwest::Client, path: &str, body: Value) -> (u16, Value) {
        let response = client
            .post(format!("http://{}{path}", self.addr))
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = response.status().as_u16();
        (status, response.json().await.unwrap_or(Value::Null))
    }

    async fn invite(&self, person: &Person, lifetime: Duration) -> IssuedInvitation {
        let mut tx = self.w.begin().await;
        let principal = Principal::Person(person.id);
        let invitation = issue(
            &mut tx,
            &self.w.ctx(),
            principal,
            lifetime,
            false,
            Actor::System,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        invitation
    }

    async fn invite_amina(&self, lifetime: Duration) -> IssuedInvitation {
        self.invite(&self.amina, lifetime).await
    }

    fn amina_answers(&self, invitation: &str) -> Value {
        json!({
            "invitation": invitation,
            "registration_number": "amm-26-000001",
            "date_of_birth": self.amina.record.date_of_birth.date.to_string(),
        })
    }

    async fn audit_actions(&self) -> Vec<String> {
        let subject = self.amina.id.0.to_string();
        portal_storage::audit::for_subject(
            &mut self.w.read().await,
            SubjectKind::Person,
            &subject,
            100,
        )
        .await
        .unwrap()
        .into_iter()
        .map(|r| r.event.action)
        .collect()
    }

    async fn aminas_passkeys(&self) -> Vec<passkeys::StoredPasskey> {
        passkeys::of(&mut self.w.read().await, Principal::Person(self.amina.id))
            .await
            .unwrap()
    }
}

/// What the server asks of a new passkey: a discoverable credential with user verification.
fn assert_asks_for_a_passkey(options: &Value) {
    let selection = &options["publicKey"]["authenticatorSelection"];
    assert_eq!(
        selection["residentKey"], "required",
        "discoverable credential asked for: {options}"
    );
    assert_eq!(
        selection["userVerification"], "required",
        "user verification required: {options}"
    );
}

/// A sign-in (or re-authentication) without a user name names no credential.
fn assert_usernameless(options: &Value) {
    let allowed = options["publicKey"]["allowCredentials"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(allowed, 0, "username-less: no credential list: {options}");
}

async fn enroll(portal: &Portal, client: &reqwest::Client, phone: &mut Phone) {
    let invitation = portal.invite_amina(default_lifetime()).await;
    let (status, options) = portal
        .post(
            client,
            "/auth/enroll/verify",
            portal.amina_answers(invitation.token.expose()),
        )
        .await;
    assert_eq!(status, 200, "{options}");
    let credential = {
        assert_asks_for_a_passkey(&options);
        phone.create(options)
    };
    let (status, done) = portal
        .post(
            client,
            "/auth/enroll/finish",
            json!({ "credential": credential, "name": "My phone" }),
        )
        .await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["redirect"], "/me");
}

async fn sign_in(
    portal: &Portal,
    client: &reqwest::Client,
    phone: &mut Phone,
    origin: &str,
) -> (u16, Value) {
    let (status, options) = portal.post(client, "/auth/signin/start", json!({})).await;
    assert_eq!(status, 200, "{options}");
    assert_usernameless(&options);
    let assertion = phone.assert_at(options, origin);
    portal
        .post(
            client,
            "/auth/signin/finish",
            json!({ "credential": assertion }),
        )
        .await
}

on_both_backends! {
    a_person_enrolls_with_a_passkey_and_signs_in_with_it,
    a_replayed_assertion_is_refused,
    an_assertion_for_another_origin_is_refused,
    an_expired_invitation_is_refused,
    a_used_invitation_is_refused,
    five_wrong_answers_lock_the_invitation,
    refusals_look_the_same_whatever_failed,
    a_signature_counter_going_backwards_is_refused_and_audited,
    signing_out_everywhere_ends_every_session,
    attempts_beyond_the_budget_get_429_with_retry_after,
    a_person_adds_a_second_passkey_and_removes_one_but_never_the_last,
    passkey_changes_need_a_fresh_passkey_assertion,
    reauthentication_with_someone_elses_passkey_is_refused,
}

async fn attempts_beyond_the_budget_get_429_with_retry_after(backend: Backend) {
    // This portal allows 20 attempts a minute per address; 25 arrive at once.
    let portal = Portal::start(backend).await;
    let client = portal.browser();
    let url = format!("http://{}/auth/enroll/verify", portal.addr);
    let attempts = (0..25).map(|_| {
        let request = client
            .post(&url)
            .json(&json!({ "invitation": "ABCDE-FGHJK" }));
        tokio::spawn(async move {
            let response = request.send().await.unwrap();
            let retry_after = response.headers().contains_key("retry-after");
            (response.status().as_u16(), retry_after)
        })
    });
    let mut statuses = Vec::new();
    for attempt in attempts.collect::<Vec<_>>() {
        let (status, retry_after) = attempt.await.unwrap();
        assert!(status != 429 || retry_after, "429 says when to retry");
        statuses.push(status);
    }
    assert_eq!(
        statuses.iter().filter(|s| **s == 400).count(),
        20,
        "{statuses:?}"
    );
    assert_eq!(
        statuses.iter().filter(|s| **s == 429).count(),
        5,
        "{statuses:?}"
    );
}

async fn a_person_enrolls_with_a_passkey_and_signs_in_with_it(backend: Backend) {
    let portal = Portal::start(backend).await;
    let mut phone = Phone::new();
    enroll(&portal, &portal.browser(), &mut phone).await;
    let (status, done) = sign_in(&portal, &portal.browser(), &mut phone, ORIGIN).await;
    assert_eq!(status, 200, "{done}");
    assert_eq!(done["redirect"], "/me");
    let passkeys = portal.aminas_passkeys().await;
    assert_eq!(passkeys.len(), 1);
    assert_eq!(passkeys[0].name, "My phone");
    assert!(passkeys[0].last_used_at.is_some());
    let actions = portal.audit_actions().await;
    for action in [
        "enrollment.invite",
        "enrollment.answers-confirmed",
        "passkey.create",
        "signin",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} missing from {actions:?}"
        );
    }
}

async fn a_replayed_assertion_is_refused(backend: Backend) {
    let portal = Portal::start(backend).await;
    let mut phone = Phone::new();
    enroll(&portal, &portal.browser(), &mut phone).await;
    let client = portal.browser();
    let (_, options) = portal.post(&client, "/auth/signin/start", json!({})).await;
    assert_usernameless(&options);
    let assertion = phone.assert(options);
    let (status, _) = portal
        .post(
            &client,
            "/auth/signin/finish",
            json!({ "credential": assertion.clone() }),
        )
        .await;
    assert_eq!(status, 200);
    // The same answer again: the ceremony was single-use.
    let (status, problem) = portal
        .post(
            &client,
            "/auth/signin/finish",
            json!({ "credential": assertion.clone() }),
        )
        .await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (400, Some("/problems/ceremony-expired"))
    );
    // Or against a fresh ceremony: the challenge does not match.
    let (_, _) = portal.post(&client, "/auth/signin/start", json!({})).await;
    let (status, problem) = portal
        .post(
            &client,
            "/auth/signin/finish",
            json!({ "credential": assertion }),
        )
        .await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (401, Some("/problems/signin-refused"))
    );
}

async fn an_assertion_for_another_origin_is_refused(backend: Backend) {
    let portal = Portal::start(backend).await;
    let mut phone = Phone::new();
    enroll(&portal, &portal.browser(), &mut phone).await;
    // Same host, other port: another web origin, which a browser would happily sign for.
    let (status, problem) = sign_in(
        &portal,
        &portal.browser(),
        &mut phone,
        "http://localhost:4000",
    )
    .await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (401, Some("/problems/signin-refused"))
    );
}

async fn an_expired_invitation_is_refused(backend: Backend) {
    let portal = Portal::start(backend).await;
    let invitation = portal.invite_amina(Duration::hours(72)).await;
    portal.w.advance(Duration::hours(72));
    let (status, problem) = portal
        .post(
            &portal.browser(),
            "/auth/enroll/verify",
            portal.amina_answers(invitation.token.expose()),
        )
        .await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (400, Some("/problems/enrollment-refused"))
    );
}

async fn a_used_invitation_is_refused(backend: Backend) {
    let portal = Portal::start(backend).await;
    let client = portal.browser();
    let invitation = portal.invite_amina(default_lifetime()).await;
    let mut phone = Phone::new();
    let (_, options) = portal
        .post(
            &client,
            "/auth/enroll/verify",
            portal.amina_answers(invitation.token.expose()),
        )
        .await;
    let credential = {
        assert_asks_for_a_passkey(&options);
        phone.create(options)
    };
    let (status, _) = portal
        .post(
            &client,
            "/auth/enroll/finish",
            json!({ "credential": credential }),
        )
        .await;
    assert_eq!(status, 200);
    for text in [
        invitation.token.expose().to_owned(),
        invitation.code.display(),
    ] {
        let (status, _) = portal
            .post(
                &portal.browser(),
                "/auth/enroll/verify",
                portal.amina_answers(&text),
            )
            .await;
        assert_eq!(
            status, 400,
            "a used invitation (as link or as code) opens nothing"
        );
    }
}

async fn five_wrong_answers_lock_the_invitation(backend: Backend) {
    let portal = Portal::start(backend).await;
    let invitation = portal.invite_amina(default_lifetime()).await;
    let client = portal.browser();
    for _ in 0..5 {
        let wrong = json!({ "invitation": invitation.code.display(), "registration_number": "AMM-26-000001", "date_of_birth": "1999-01-01" });
        assert_eq!(
            portal.post(&client, "/auth/enroll/verify", wrong).await.0,
            400
        );
    }
    let (status, _) = portal
        .post(
            &client,
            "/auth/enroll/verify",
            portal.amina_answers(&invitation.code.display()),
        )
        .await;
    assert_eq!(status, 400, "locked even for the right answers");
    let actions = portal.audit_actions().await;
    assert_eq!(
        actions
            .iter()
            .filter(|a| *a == "enrollment.wrong-answer")
            .count(),
        4
    );
    assert!(actions.iter().any(|a| a == "enrollment.locked"));
}

async fn refusals_look_the_same_whatever_failed(backend: Backend) {
    let portal = Portal::start(backend).await;
    let invitation = portal.invite_amina(default_lifetime()).await;
    let client = portal.browser();
    let cases = [
        json!({ "invitation": "not a code" }),
        json!({ "invitation": "ABCDE-FGHJK", "registration_number": "AMM-26-000001", "date_of_birth": "1992-03-14" }),
        json!({ "invitation": invitation.code.display(), "registration_number": "AMM-26-000002", "date_of_birth": "1992-03-14" }),
        json!({ "invitation": invitation.code.display(), "registration_number": "AMM-26-000001" }),
    ];
    let mut bodies = Vec::new();
    for case in cases {
        let (status, problem) = portal.post(&client, "/auth/enroll/verify", case).await;
        assert_eq!(status, 400);
        bodies.push(problem);
    }
    assert!(bodies.windows(2).all(|w| w[0] == w[1]), "{bodies:?}");
}

async fn a_signature_counter_going_backwards_is_refused_and_audited(backend: Backend) {
    let portal = Portal::start(backend).await;
    let mut phone = Phone::new();
    enroll(&portal, &portal.browser(), &mut phone).await;
    // The stored counter is ahead of the authenticator: a sign of a cloned credential.
    let stored = &portal.aminas_passkeys().await[0];
    let mut credential: Value = serde_json::from_str(&stored.credential_json).unwrap();
    credential["cred"]["counter"] = json!(1000);
    let sql = "UPDATE passkeys SET credential = $1 WHERE id = $2";
    portal
        .w
        .read()
        .await
        .execute(query(sql).bind(credential.to_string()).bind(stored.id))
        .await
        .unwrap();
    let (status, problem) = sign_in(&portal, &portal.browser(), &mut phone, ORIGIN).await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (401, Some("/problems/signin-refused"))
    );
    assert!(portal
        .audit_actions()
        .await
        .iter()
        .any(|a| a == "signin.counter-regression"));
}

async fn signing_out_everywhere_ends_every_session(backend: Backend) {
    let portal = Portal::start(backend).await;
    let mut phone = Phone::new();
    let first = portal.browser();
    enroll(&portal, &first, &mut phone).await;
    let second = portal.browser();
    assert_eq!(sign_in(&portal, &second, &mut phone, ORIGIN).await.0, 200);
    let (status, _) = portal
        .post(&second, "/auth/signout-everywhere", json!({}))
        .await;
    assert_eq!(status, 200);
    let (status, _) = portal
        .post(&first, "/auth/signout-everywhere", json!({}))
        .await;
    assert_eq!(status, 401, "the first browser's session ended too");
}

async fn add_passkey_with(
    portal: &Portal,
    client: &reqwest::Client,
    phone: &mut Phone,
    other: &mut Phone,
) -> (u16, Value) {
    let (status, options) = portal.post(client, "/auth/reauth/start", json!({})).await;
    assert_eq!(status, 200, "{options}");
    assert_usernameless(&options);
    let assertion = phone.assert(options);
    let (status, body) = portal
        .post(
            client,
            "/auth/reauth/finish",
            json!({ "credential": assertion }),
        )
        .await;
    assert_eq!(status, 204, "{body}");
    let (status, options) = portal
        .post(client, "/auth/passkeys/add/start", json!({}))
        .await;
    assert_eq!(status, 200, "{options}");
    let excluded = options["publicKey"]["excludeCredentials"]
        .as_array()
        .map_or(0, Vec::len);
    assert_eq!(excluded, 1, "the existing passkey is excluded: {options}");
    let credential = {
        assert_asks_for_a_passkey(&options);
        other.create(options)
    };
    portal
        .post(
            client,
            "/auth/passkeys/add/finish",
            json!({ "credential": credential, "name": "Sister's phone" }),
        )
        .await
}

async fn a_person_adds_a_second_passkey_and_removes_one_but_never_the_last(backend: Backend) {
    let portal = Portal::start(backend).await;
    let client = portal.browser();
    let mut phone = Phone::new();
    enroll(&portal, &client, &mut phone).await;
    let mut sisters_phone = Phone::new();
    let (status, body) = add_passkey_with(&portal, &client, &mut phone, &mut sisters_phone).await;
    assert_eq!(status, 201, "{body}");
    let passkeys = portal.aminas_passkeys().await;
    assert_eq!(passkeys.len(), 2);
    // The sister's phone signs in as Amina too.
    assert_eq!(
        sign_in(&portal, &portal.browser(), &mut sisters_phone, ORIGIN)
            .await
            .0,
        200
    );

    let first = passkeys[0].id.to_string();
    let second = passkeys[1].id.to_string();
    let (status, _) = portal
        .post(&client, "/auth/passkeys/remove", json!({ "id": first }))
        .await;
    assert_eq!(status, 204);
    let (status, problem) = portal
        .post(&client, "/auth/passkeys/remove", json!({ "id": second }))
        .await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (409, Some("/problems/last-passkey"))
    );
    let actions = portal.audit_actions().await;
    assert!(actions.iter().any(|a| a == "passkey.remove"));
}

async fn passkey_changes_need_a_fresh_passkey_assertion(backend: Backend) {
    let portal = Portal::start(backend).await;
    let client = portal.browser();
    let mut phone = Phone::new();
    enroll(&portal, &client, &mut phone).await;
    portal.w.advance(Duration::minutes(6));
    let (status, problem) = portal
        .post(&client, "/auth/passkeys/add/start", json!({}))
        .await;
    assert_eq!(
        (status, problem["type"].as_str()),
        (403, Some("/problems/reauthentication-required"))
    );
    let id = portal.aminas_passkeys().await[0].id.to_string();
    let (status, _) = portal
        .post(&client, "/auth/passkeys/remove", json!({ "id": id }))
        .await;
    assert_eq!(status, 403);
    let (status, _) = portal
        .post(&portal.browser(), "/auth/passkeys/add/start", json!({}))
        .await;
    assert_eq!(status, 401, "not signed in at all");
}

async fn reauthentication_with_someone_elses_passkey_is_refused(backend: Backend) {
    let portal = Portal::start(backend).await;
    let amina = portal.browser();
    let mut aminas_phone = Phone::new();
    enroll(&portal, &amina, &mut aminas_phone).await;
    // Mahmoud enrolls his own phone.
    let mahmoud = portal.w.cast.mahmoud.clone();
    let invitation = portal.invite(&mahmoud, default_lifetime()).await;
    let his = portal.browser();
    let mut his_phone = Phone::new();
    let answers = json!({ "invitation": invitation.code.display(), "registration_number": "AMM-26-000005", "date_of_birth": mahmoud.record.date_of_birth.date.to_string() });
    let (_, options) = portal.post(&his, "/auth/enroll/verify", answers).await;
    let credential = {
        assert_asks_for_a_passkey(&options);
        his_phone.create(options)
    };
    assert_eq!(
        portal
            .post(
                &his,
                "/auth/enroll/finish",
                json!({ "credential": credential })
            )
            .await
            .0,
        200
    );
    // Amina's session asks for a re-authentication; Mahmoud's phone answers.
    let (_, options) = portal.post(&amina, "/auth/reauth/start", json!({})).await;
    assert_usernameless(&options);
    let assertion = his_phone.assert(options);
    let (status, _) = portal
        .post(
            &amina,
            "/auth/reauth/finish",
            json!({ "credential": assertion }),
        )
        .await;
    assert_eq!(status, 401);
}
