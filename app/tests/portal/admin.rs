//! The admin console over HTTP, against the real server and a real SMTP server: an admin adds
//! a clerk, the clerk enrolls a passkey from the mailed link and signs in; suspended, she can
//! no longer sign in; reinstated, she can; ended, her passkeys are gone for good. Who may post
//! what, route by route, and the operation's tokens and keys. Both databases.

use portal_domain::audit::SubjectKind;
use portal_domain::staff::StaffRole;
use portal_testkit::smtp::body_text;
use portal_testkit::{on_both_backends, Backend, Cast, SmtpSink};

use crate::support::passkey::{browser, enroll_staff, try_sign_in, Phone};
use crate::support::{spawn_with, TestApp};

on_both_backends! {
    an_admin_adds_a_clerk_who_enrolls_from_the_mail_and_is_suspended_reinstated_and_ended,
    each_admin_route_refuses_who_may_not_use_it,
    an_operation_admin_revokes_a_token_and_rotates_the_signing_key,
    an_operation_admin_sees_failed_work_and_sends_it_back,
    a_given_up_mail_is_listed_with_why_in_the_admins_language,
}

const ACCOUNTS: &str = "/api/staff/admin/accounts";

async fn demo_with_mail(backend: Backend, sink: &SmtpSink) -> (TestApp, Cast) {
    let app = spawn_with(backend, &[("PORTAL_SMTP_URL", &sink.url)]).await;
    let ctx = portal_core::Ctx::at(app.state.clock.now());
    portal_core::seed::seed_demo(&app.state.store, &ctx)
        .await
        .unwrap();
    let cast = Cast::load(&app.state.store).await;
    (app, cast)
}

/// The session cookie of a new operation admin (an admin bound to no office).
async fn operation_admin(app: &TestApp) -> String {
    let head = app
        .add_staff("head@agency.example.org", &[StaffRole::Admin], None)
        .await;
    app.staff_cookie(&head).await
}

/// The admin console as `cookie`'s admin sees it in `language`.
async fn admin_console(app: &TestApp, cookie: &str, language: &str) -> String {
    app.client
        .get(app.url("/staff/admin"))
        .header("cookie", cookie)
        .header("accept-language", language)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

/// Posts a form as a browser would; returns the status and where it is sent next.
async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: &str,
    form: &[(&str, &str)],
) -> (u16, String) {
    let response = app
        .client
        .post(app.url(path))
        .header("cookie", cookie)
        .header("sec-fetch-site", "same-origin")
        .form(form)
        .send()
        .await
        .unwrap();
    let next = response
        .headers()
        .get("location")
        .map(|l| l.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (response.status().as_u16(), next)
}

/// Posts a form as a program would; returns the status and the JSON answer.
async fn post_json(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    form: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let mut request = app
        .client
        .post(app.url(path))
        .header("accept", "application/json")
        .header("sec-fetch-site", "same-origin")
        .form(form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or_default())
}

async fn an_admin_adds_a_clerk_who_enrolls_from_the_mail_and_is_suspended_reinstated_and_ended(
    backend: Backend,
) {
    let sink = SmtpSink::start();
    let (app, _) = demo_with_mail(backend, &sink).await;
    let admin = operation_admin(&app).await;

    // Added, with the invitation mailed to her address only.
    let (status, next) = post_form(
        &app,
        ACCOUNTS,
        &admin,
        &[
            ("email", "Nadia@Agency.example.org"),
            ("name", "Nadia Karimi"),
            ("role_clerk", "on"),
            ("office", "amm"),
        ],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(next, "/staff/admin?done=created&mail=sent#accounts");
    let messages = sink.messages();
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains("To: Nadia@agency.example.org"),
        "{}",
        messages[0]
    );
    let text = body_text(&messages[0]);
    let token = text
        .split("/enroll/")
        .nth(1)
        .and_then(|rest| rest.split_whitespace().next())
        .unwrap_or_else(|| panic!("the mail holds the enrollment link: {text}"))
        .to_owned();
    let nadia = portal_core::admin::staff_by_email(
        &mut app.read().await,
        &portal_domain::person::Email::parse("nadia@AGENCY.example.org").unwrap(),
    )
    .await
    .unwrap()
    .unwrap();
    assert_eq!(nadia.account.office_code.unwrap().as_str(), "AMM");
    let accounts = format!("{ACCOUNTS}/{}", nadia.id.0);

    // The page shows her, never the invitation.
    let page = app
        .client
        .get(app.url("/staff/admin"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("Nadia@agency.example.org") && page.contains("Nadia Karimi"));
    assert!(!page.contains(&token), "the admin never sees the link");

    // She enrolls from the mail and signs in.
    let mut phone = Phone::new();
    let her_browser = browser();
    let enrolled = enroll_staff(
        &app,
        &her_browser,
        &mut phone,
        &token,
        "NADIA@agency.example.org",
    )
    .await;
    assert_eq!(enrolled.status(), 200, "her address in any case");
    assert_eq!(
        try_sign_in(&app, &browser(), &mut phone).await.status(),
        200
    );

    // Suspended: signed out, and her passkey no longer signs in.
    let (status, next) = post_form(
        &app,
        &format!("{accounts}/state"),
        &admin,
        &[("state", "suspended")],
    )
    .await;
    assert_eq!(
        (status, next.as_str()),
        (303, "/staff/admin?done=suspended#accounts")
    );
    let staff_page = her_browser.get(app.url("/staff")).send().await.unwrap();
    assert_ne!(staff_page.status(), 200, "her session ended");
    assert_eq!(
        try_sign_in(&app, &browser(), &mut phone).await.status(),
        401
    );
    let (status, body) = post_json(&app, &format!("{accounts}/invite"), Some(&admin), &[]).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (409, Some("/problems/account-suspended"))
    );

    // Reinstated: the same passkey works again.
    let (status, _) = post_form(
        &app,
        &format!("{accounts}/state"),
        &admin,
        &[("state", "active")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        try_sign_in(&app, &browser(), &mut phone).await.status(),
        200
    );

    // Ended: passkeys gone, nothing brings it back.
    let (status, _) = post_form(
        &app,
        &format!("{accounts}/state"),
        &admin,
        &[("state", "ended")],
    )
    .await;
    assert_eq!(status, 303);
    assert_eq!(
        app.count(
            "SELECT COUNT(*) FROM passkeys WHERE staff_id IS NOT NULL AND name = 'Work phone'"
        )
        .await,
        0
    );
    assert_eq!(
        try_sign_in(&app, &browser(), &mut phone).await.status(),
        401
    );
    let (status, body) = post_json(
        &app,
        &format!("{accounts}/state"),
        Some(&admin),
        &[("state", "active")],
    )
    .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (409, Some("/problems/account-ended"))
    );
    let (_, next) = post_form(
        &app,
        &format!("{accounts}/state"),
        &admin,
        &[("state", "active")],
    )
    .await;
    assert_eq!(next, "/staff/admin?problem=account-ended#accounts");

    let actions: Vec<String> = portal_storage::audit::for_subject(
        &mut app.read().await,
        SubjectKind::Staff,
        &nadia.id.0.to_string(),
        50,
    )
    .await
    .unwrap()
    .into_iter()
    .rev()
    .map(|r| r.event.action)
    .collect();
    for action in [
        "staff.create",
        "enrollment.invite",
        "passkey.create",
        "staff.suspend",
        "staff.reinstate",
        "staff.end",
    ] {
        assert!(
            actions.iter().any(|a| a == action),
            "{action} in {actions:?}"
        );
    }
}

async fn each_admin_route_refuses_who_may_not_use_it(backend: Backend) {
    let sink = SmtpSink::start();
    let (app, cast) = demo_with_mail(backend, &sink).await;
    let head = app
        .add_staff("head@agency.example.org", &[StaffRole::Admin], None)
        .await;
    let kampala = app
        .add_staff("kla@agency.example.org", &[StaffRole::Clerk], Some("KLA"))
        .await;
    let (head_cookie, priya, farida, amina) = (
        app.staff_cookie(&head).await,
        app.staff_cookie(&cast.priya).await,
        app.staff_cookie(&cast.farida).await,
        app.person_cookie(&cast.amina).await,
    );
    let farida_state = format!("{ACCOUNTS}/{}/state", cast.farida.id.0);
    let kampala_state = format!("{ACCOUNTS}/{}/state", kampala.id.0);
    let token = "/api/staff/admin/tokens/00000000-0000-0000-0000-000000000000/revoke";
    let rotate = "/api/staff/admin/keys/rotate";
    let new_clerk: &[(&str, &str)] = &[
        ("email", "new@agency.example.org"),
        ("name", "New"),
        ("role_clerk", "on"),
        ("office", "KLA"),
    ];

    // Nobody signed in, a person, a clerk: refused on every route.
    for (method, template) in portal_web::admin::ROUTES {
        assert_eq!(*method, "POST");
        let path = template.replace("{id}", &cast.farida.id.0.to_string());
        for cookie in [None, Some(amina.as_str()), Some(farida.as_str())] {
            let (status, _) = post_json(&app, &path, cookie, &[("state", "suspended")]).await;
            assert!(
                [401, 403, 404].contains(&status),
                "{path} as {cookie:?}: {status}"
            );
        }
    }

    // Priya, admin in Amman: not a Kampala account, not an admin, not tokens or keys.
    assert_eq!(
        post_json(&app, ACCOUNTS, Some(&priya), new_clerk).await.0,
        403
    );
    assert_eq!(
        post_json(
            &app,
            &kampala_state,
            Some(&priya),
            &[("state", "suspended")]
        )
        .await
        .0,
        404
    );
    assert_eq!(post_json(&app, token, Some(&priya), &[]).await.0, 403);
    assert_eq!(post_json(&app, rotate, Some(&priya), &[]).await.0, 403);
    let send_back = "/api/staff/admin/failed/send-back";
    let run = [("kind", "run"), ("id", "quality-check/2026-12-07")];
    assert_eq!(post_json(&app, send_back, Some(&priya), &run).await.0, 403);
    assert_eq!(
        post_json(&app, &farida_state, Some(&priya), &[("state", "suspended")])
            .await
            .0,
        200
    );

    // Nobody changes their own account; bad input gets a specific answer, no account.
    let own = format!("{ACCOUNTS}/{}/state", head.id.0);
    let (status, body) = post_json(&app, &own, Some(&head_cookie), &[("state", "suspended")]).await;
    assert_eq!(
        (status, body["type"].as_str()),
        (403, Some("/problems/own-account"))
    );
    let (status, body) = post_json(
        &app,
        &farida_state,
        Some(&head_cookie),
        &[("state", "deleted")],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let (status, body) = post_json(
        &app,
        ACCOUNTS,
        Some(&head_cookie),
        &[("email", "not-an-email"), ("name", "X"), ("office", "AMM")],
    )
    .await;
    assert_eq!(status, 422, "{body}");
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["field"].as_str())
        .collect();
    assert_eq!(
        fields,
        ["email"],
        "the first problem found is named: {body}"
    );
    let (_, next) = post_form(
        &app,
        ACCOUNTS,
        &head_cookie,
        &[("email", "x@agency.example.org"), ("name", "X")],
    )
    .await;
    assert_eq!(next, "/staff/admin?errors=role.required#new-account");
    let (_, next) = post_form(
        &app,
        ACCOUNTS,
        &head_cookie,
        &[
            ("email", "FARIDA@agency.example.org"),
            ("name", "Again"),
            ("role_clerk", "on"),
            ("office", "AMM"),
        ],
    )
    .await;
    assert_eq!(next, "/staff/admin?problem=conflict#new-account");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM staff WHERE display_name IN ('X', 'Again')")
            .await,
        0
    );
    assert!(sink.messages().is_empty(), "no mail for a refused account");
}

async fn an_operation_admin_revokes_a_token_and_rotates_the_signing_key(backend: Backend) {
    let sink = SmtpSink::start();
    let (app, _) = demo_with_mail(backend, &sink).await;
    let admin = operation_admin(&app).await;
    let secret = app.api_token_for(&["status"], &[], "clinic system").await;
    let tokens = portal_core::admin::api_tokens(&mut app.read().await)
        .await
        .unwrap();
    let id = tokens
        .iter()
        .find(|t| t.label == "clinic system")
        .unwrap()
        .id;

    let status_change = || {
        app.client
            .post(app.url("/credentials/status"))
            .bearer_auth(&secret)
            .json(&serde_json::json!({}))
            .send()
    };
    assert_ne!(
        status_change().await.unwrap().status(),
        401,
        "the token works"
    );
    let (status, next) = post_form(
        &app,
        &format!("/api/staff/admin/tokens/{id}/revoke"),
        &admin,
        &[],
    )
    .await;
    assert_eq!(
        (status, next.as_str()),
        (303, "/staff/admin?done=token-revoked#tokens")
    );
    assert_eq!(
        status_change().await.unwrap().status(),
        401,
        "revoked at once"
    );

    let did = |app: &TestApp| {
        let request = app.client.get(app.url("/.well-known/did.json")).send();
        async move { request.await.unwrap().text().await.unwrap() }
    };
    let before = did(&app).await;
    let (status, body) = post_json(&app, "/api/staff/admin/keys/rotate", Some(&admin), &[]).await;
    assert_eq!(status, 201, "{body}");
    let kid = body["kid"].as_str().unwrap().to_owned();
    assert!(!before.contains(&kid));
    assert!(
        did(&app).await.contains(&kid),
        "the DID document publishes the new key"
    );
    let page = app
        .client
        .get(app.url("/staff/admin"))
        .header("cookie", &admin)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains(&kid) && page.contains("clinic system"));
    assert!(!page.contains(&secret), "never the token");
}

async fn an_operation_admin_sees_failed_work_and_sends_it_back(backend: Backend) {
    use portal_core::jobs::runs::{once, RunOutcome, MAX_RUN_ATTEMPTS};

    let sink = SmtpSink::start();
    let (app, _cast) = demo_with_mail(backend, &sink).await;
    let cookie = operation_admin(&app).await;
    let page = |language: &'static str| admin_console(&app, &cookie, language);
    assert!(page("en").await.contains("Nothing has failed"));

    // The night's checks fail every attempt (as with a broken database).
    let slot = app.state.clock.now().date_naive().to_string();
    let mut now = app.state.clock.now() - chrono::Duration::hours(2);
    for _ in 0..MAX_RUN_ATTEMPTS {
        let outcome = once(&app.state.store, "quality-check", &slot, now, || async {
            Err::<(), _>(portal_core::CoreError::Setup("broken".into()))
        })
        .await
        .unwrap();
        if let RunOutcome::Retry(at) = outcome {
            now = at;
        }
    }
    let html = page("en").await;
    assert!(html.contains("Failed background work"), "{html}");
    assert!(html.contains("Nightly data-quality checks"));
    assert!(html.contains("Attempts: \u{2068}3\u{2069}"));
    let arabic = page("ar").await;
    assert!(
        arabic.contains("فحوص جودة البيانات الليلية"),
        "in her language"
    );

    let send_back = "/api/staff/admin/failed/send-back";
    let id = format!("quality-check/{slot}");
    let (status, body) = post_json(
        &app,
        send_back,
        Some(&cookie),
        &[("kind", "job"), ("id", &id)],
    )
    .await;
    assert_eq!(
        (status, body["type"].as_str()),
        (400, Some("/problems/bad-request"))
    );
    let (status, next) = post_form(&app, send_back, &cookie, &[("kind", "run"), ("id", &id)]).await;
    assert_eq!(
        (status, next.as_str()),
        (303, "/staff/admin?done=sent-back#failed")
    );
    let (status, _) = post_json(
        &app,
        send_back,
        Some(&cookie),
        &[("kind", "run"), ("id", &id)],
    )
    .await;
    assert_eq!(status, 404, "sent back already");

    // The run starts at once and, the database being fine, finishes: the list empties.
    let mut emptied = false;
    for _ in 0..100 {
        if page("en").await.contains("Nothing has failed") {
            emptied = true;
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert!(emptied, "the run sent back ran");
}

/// A mail the server refused for good is on the dead-letter list with why, in words and in the
/// admin's language, with the server's reply code and nothing of whom it was for.
async fn a_given_up_mail_is_listed_with_why_in_the_admins_language(backend: Backend) {
    use portal_storage::notifications::{self, About, MailOutcome, NewNotification};

    let sink = SmtpSink::start();
    let (app, cast) = demo_with_mail(backend, &sink).await;
    let cookie = operation_admin(&app).await;
    let people = crate::credentials::cast(&app, &cast).await;
    let credential =
        uuid::Uuid::parse_str(&crate::credentials::obtain(&app, &people).await).unwrap();
    let now = app.state.clock.now();
    let mut tx = app.state.store.begin().await.unwrap();
    notifications::insert(
        &mut tx,
        &NewNotification {
            person: cast.amina.id,
            about: About::Credential(credential),
            kind: "credential.suspended",
            status: None,
            mail: true,
            sms: false,
        },
        now,
    )
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let mut db = app.state.store.read().await.unwrap();
    let claimed = notifications::claim_due_mails(&mut db, now, chrono::Duration::minutes(5), 50)
        .await
        .unwrap();
    let mail = claimed.first().expect("the mail is due");
    notifications::finish_mail(&mut db, mail.id, MailOutcome::GiveUp, Some("refused 550"))
        .await
        .unwrap();
    drop(db);
    let page = |language: &'static str| admin_console(&app, &cookie, language);
    let html = page("en").await;
    assert!(html.contains(r#"data-failed="mail""#), "{html}");
    assert!(
        html.contains("The server refused it for good (reply \u{2068}550\u{2069})."),
        "{html}"
    );
    assert!(
        !html.contains("Amina") && !html.contains("@example"),
        "whom it was for stays out"
    );
    let arabic = page("ar").await;
    assert!(arabic.contains("رفضه الخادم نهائيًا"), "in her language");
}
