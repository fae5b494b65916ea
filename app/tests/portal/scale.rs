//! Several `portal serve` instances on one PostgreSQL, as behind a load-balancing proxy that
//! sends each request wherever it likes: what one instance starts, another continues. (On
//! SQLite the portal is one instance; these budgets and results stay in its memory.)
use portal_domain::credential::{StatusAction, StatusReason};
use portal_domain::session::Principal;
use portal_testkit::{on_both_backends, Backend, Cast};
use serde_json::{json, Value};

use super::support::passkey::{browser, post, Phone};
use super::support::{spawn_beside, spawn_with, TestApp};

const BUDGET: &str = "8";

#[tokio::test]
async fn instances_on_one_postgresql_continue_each_others_sign_ins_budgets_and_results() {
    let vars = [("PORTAL_AUTH_ATTEMPTS_PER_MINUTE", BUDGET)];
    let a = spawn_with(Backend::Postgres, &vars).await;
    portal_core::seed::seed_demo(&a.state.store, &a.ctx())
        .await
        .unwrap();
    let cast = Cast::load(&a.state.store).await;
    let b = spawn_beside(&a, &vars).await;
    assert_ne!(a.addr, b.addr);

    // Enrollment: the invitation answered on A, the passkey made on B.
    let invitation = a.invite(Principal::Person(cast.amina.id)).await;
    let phone_browser = browser();
    let mut phone = Phone::new();
    let answers = json!({
        "invitation": invitation.token.expose(),
        "registration_number": "AMM-26-000001",
        "date_of_birth": cast.amina.record.date_of_birth.date.to_string(),
    });
    let challenge = post(&a, &phone_browser, "/auth/enroll/verify", answers).await;
    assert_eq!(challenge.status(), 200);
    let credential = phone.create(challenge.json().await.unwrap());
    let done = post(
        &b,
        &phone_browser,
        "/auth/enroll/finish",
        json!({ "credential": credential, "name": "My phone" }),
    )
    .await;
    assert_eq!(done.status(), 200, "the ceremony A started finishes on B");

    // Signed in by B, she is signed in on A.
    let on_a = phone_browser.get(a.url("/me")).send().await.unwrap();
    assert_eq!(on_a.status(), 200, "the session B made is known to A");
    let page = on_a.text().await.unwrap();
    assert!(
        page.contains(cast.amina.record.given_name.as_str()),
        "her own page"
    );

    // A new phone's browser: sign-in starts on B and finishes on A.
    let other = browser();
    let start = post(&b, &other, "/auth/signin/start", json!({})).await;
    assert_eq!(start.status(), 200);
    let assertion = phone.assert(start.json().await.unwrap());
    let finished = post(
        &a,
        &other,
        "/auth/signin/finish",
        json!({ "credential": assertion }),
    )
    .await;
    assert_eq!(
        finished.status(),
        200,
        "the ceremony B started finishes on A"
    );
    let on_b = other.get(b.url("/me")).send().await.unwrap();
    assert_eq!(on_b.status(), 200);

    // Attempts counted on B count on A: four went through the two so far; B takes the rest
    // of the budget, then A refuses too (in memory, A would have counted two).
    let stranger = browser();
    let mut allowed_on_b = 0;
    loop {
        let response = post(&b, &stranger, "/auth/signin/start", json!({})).await;
        if response.status() == 429 {
            break;
        }
        assert_eq!(response.status(), 200);
        allowed_on_b += 1;
        assert!(allowed_on_b <= 8, "B never refused");
    }
    assert!(
        allowed_on_b <= 4,
        "B saw the attempts made on A: {allowed_on_b}"
    );
    let refused = post(&a, &stranger, "/auth/signin/start", json!({})).await;
    assert_eq!(refused.status(), 429, "A counts what B counted");
    assert!(refused.headers().contains_key("retry-after"));
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["status"], 429);

    // The database holds pseudonyms of the client, never its address.
    let clients: Vec<String> = a
        .read()
        .await
        .scalars(portal_storage::query("SELECT client FROM rate_budgets"))
        .await
        .unwrap();
    assert!(!clients.is_empty());
    assert!(clients
        .iter()
        .all(|c| c.len() == 32 && !c.contains("127.0.0.1")));

    // The verifier page's result, posted to A, is shown by B; sealed in the database.
    let form = reqwest::multipart::Form::new().text("text", "not a credential at all");
    let posted = a
        .client
        .post(a.url("/verify"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(posted.status(), 303);
    let location = posted.headers()["location"].to_str().unwrap().to_owned();
    let shown = b.get(&location).await.text().await.unwrap();
    assert!(shown.contains(r#"data-outcome="unreadable""#), "{shown}");
    let sealed: Vec<Vec<u8>> = a
        .read()
        .await
        .scalars(portal_storage::query("SELECT sealed FROM verify_results"))
        .await
        .unwrap();
    assert_eq!(sealed.len(), 1);
    assert!(!String::from_utf8_lossy(&sealed[0]).contains("unreadable"));
    let token = location.trim_start_matches("/verify?result=");
    let guessed = format!(
        "{}{}",
        &token[..31],
        if token.ends_with('0') { "1" } else { "0" }
    );
    let other_token = b
        .get(&format!("/verify?result={guessed}"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !other_token.contains("data-outcome="),
        "a near token shows nothing"
    );

    // Both keep the status lists they decoded for checking; a revocation made through A counts
    // on A at once and on B within FRESH_FOR.
    let cookies = super::credentials::cast(&a, &cast).await;
    let id = super::credentials::obtain(&a, &cookies).await;
    let credential = super::credentials::stored_jcs(&a, &id).await;
    let check = |app: &TestApp| {
        let request = json!({ "verifiableCredential": credential.clone() });
        let url = app.url("/credentials/verify");
        let client = app.client.clone();
        async move {
            let response = client.post(url).json(&request).send().await.unwrap();
            let status = response.status().as_u16();
            (status, response.json::<Value>().await.unwrap())
        }
    };
    for app in [&a, &b, &a, &b] {
        let (status, body) = check(app).await;
        assert_eq!((status, &body["verified"]), (200, &json!(true)), "{body}");
    }
    let mut tx = a.state.store.begin().await.unwrap();
    portal_core::credentials::status::change(
        &mut tx,
        &a.ctx(),
        &cast.jonas,
        uuid::Uuid::parse_str(&id).unwrap(),
        None,
        StatusAction::Revoke,
        StatusReason::RecordError,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let (status, body) = check(&a).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("revoked"), "{body}");
    tokio::time::sleep(portal_core::credentials::issuer::FRESH_FOR).await;
    let (status, body) = check(&b).await;
    assert_eq!(status, 422, "{body}");
    assert!(body.to_string().contains("revoked"), "{body}");
}

on_both_backends! {
    behind_a_trusted_proxy_each_client_keeps_its_own_budget,
    a_client_cannot_pick_its_own_budget_with_a_forwarded_header,
}

/// Starts sign-ins claiming to come from `client` until one is refused; how many went through.
async fn attempts_until_refused(app: &TestApp, client: &str) -> usize {
    for allowed in 0..10 {
        let response = app
            .client
            .post(app.url("/auth/signin/start"))
            .header("x-forwarded-for", client)
            .json(&json!({}))
            .send()
            .await
            .unwrap();
        if response.status() == 429 {
            return allowed;
        }
        assert_eq!(response.status(), 200);
    }
    panic!("never refused");
}

async fn behind_a_trusted_proxy_each_client_keeps_its_own_budget(backend: Backend) {
    let app = spawn_with(
        backend,
        &[
            ("PORTAL_AUTH_ATTEMPTS_PER_MINUTE", "3"),
            ("PORTAL_TRUSTED_PROXIES", "127.0.0.1"),
        ],
    )
    .await;
    assert_eq!(attempts_until_refused(&app, "203.0.113.1").await, 3);
    assert_eq!(
        attempts_until_refused(&app, "203.0.113.2").await,
        3,
        "another phone behind the same proxy"
    );
    // What a client writes left of the address the proxy appended is not believed.
    assert_eq!(
        attempts_until_refused(&app, "198.51.100.9, 203.0.113.1").await,
        0
    );
}

async fn a_client_cannot_pick_its_own_budget_with_a_forwarded_header(backend: Backend) {
    let app = spawn_with(backend, &[("PORTAL_AUTH_ATTEMPTS_PER_MINUTE", "3")]).await;
    assert_eq!(attempts_until_refused(&app, "203.0.113.1").await, 3);
    assert_eq!(
        attempts_until_refused(&app, "203.0.113.2").await,
        0,
        "no proxy is trusted: the header changes nothing"
    );
}
