//! Trusted helpers over HTTP: Amina lets Mahmoud ask for changes for her; he enters the code
//! with his own account, acts for her within the limits and nothing more, everything he does
//! is recorded as his for her; she ends it and his session is his own again. Staff see and end
//! delegations of people they may see.
use portal_testkit::{on_both_backends, Backend};

use crate::support::{spawn_demo, TestApp};

on_both_backends! {
    a_helper_acts_within_the_limits_until_the_person_ends_it,
    codes_work_once_for_someone_else_and_staff_can_end_a_delegation,
}

async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: &str,
    fields: &[(&str, &str)],
    json: bool,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url(path))
        .header("cookie", cookie)
        .form(fields);
    if json {
        request = request.header("accept", "application/json");
    }
    request.send().await.unwrap()
}

async fn get(app: &TestApp, path: &str, cookie: &str) -> reqwest::Response {
    app.client
        .get(app.url(path))
        .header("cookie", cookie)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
}

async fn html(app: &TestApp, path: &str, cookie: &str) -> String {
    get(app, path, cookie)
        .await
        .text()
        .await
        .unwrap()
        .replace(['\u{2068}', '\u{2069}'], "")
}

/// Amina grants as a browser does; returns the code the page shows her once.
async fn grant(app: &TestApp, amina: &str, fields: &[(&str, &str)]) -> String {
    let response = post_form(app, "/api/me/trusted", amina, fields, false).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(response.headers()["location"], "/me/trusted?granted=1#code");
    let cookie = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with("portal_helper_code="))
        .expect("the code comes back in a cookie, not in the URL")
        .to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("Path=/me/trusted"));
    let code_cookie = cookie.split(';').next().unwrap().to_owned();
    let page = html(
        app,
        "/me/trusted?granted=1",
        &format!("{amina}; {code_cookie}"),
    )
    .await;
    let code = code_cookie.split_once('=').unwrap().1.to_owned();
    assert!(page.contains(&code), "the page shows the code");
    code
}

async fn a_helper_acts_within_the_limits_until_the_person_ends_it(backend: Backend) {
    let (app, cast) = spawn_demo(backend).await;
    assert_eq!(portal_web::trusted::ROUTES.len(), 6);
    let amina = app.person_cookie(&cast.amina).await;
    let mahmoud = app.person_cookie(&cast.mahmoud).await;

    // Bad input is explained field by field.
    let bad = post_form(
        &app,
        "/api/me/trusted",
        &amina,
        &[("helper_days", "400")],
        false,
    )
    .await;
    assert_eq!(
        bad.headers()["location"],
        "/me/trusted?errors=helper_name.required,helper_days.format#grant"
    );
    let page = html(
        &app,
        "/me/trusted?errors=helper_name.required,helper_days.format",
        &amina,
    )
    .await;
    assert!(
        page.contains("field-helper_name-error"),
        "the name's error is beside it"
    );
    assert!(page.contains("field--error"), "{page}");

    let code = grant(
        &app,
        &amina,
        &[
            ("helper_name", "Mahmoud, my neighbour"),
            ("helper_days", "30"),
            ("may_request", "1"),
        ],
    )
    .await;

    // Mahmoud enters it (typed in lower case with spaces: the same code) and acts for her.
    let typed = code.to_lowercase().replace('-', " ");
    let accepted = post_form(
        &app,
        "/api/me/trusted/accept",
        &mahmoud,
        &[("helper_code", &typed)],
        true,
    )
    .await;
    assert_eq!(accepted.status().as_u16(), 200);
    let id = accepted.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let page = html(&app, "/me/trusted", &mahmoud).await;
    assert!(
        page.contains("Amina Haddad") && page.contains("Act for them"),
        "{page}"
    );
    let acting = post_form(
        &app,
        &format!("/api/me/trusted/{id}/act"),
        &mahmoud,
        &[],
        false,
    )
    .await;
    assert_eq!(acting.headers()["location"], "/me");

    // His session now shows her record, says so in the header, and is audited as a view.
    let record = html(&app, "/me", &mahmoud).await;
    assert!(record.contains("AMM-26-000001"), "her record");
    assert!(
        record.contains("You are acting for Amina Haddad."),
        "{record}"
    );
    let views = app
        .count("SELECT COUNT(*) FROM audit_events WHERE action = 'helper.view' AND actor_role = 'helper'")
        .await;
    assert!(views >= 1);

    // Never her credentials, passkeys, data export, access log or channels.
    for page in [
        "/me/credentials",
        "/me/passkeys",
        "/me/data",
        "/me/access-log",
    ] {
        let response = get(&app, page, &mahmoud).await;
        assert_eq!(response.status().as_u16(), 303, "{page}");
        assert_eq!(
            response.headers()["location"],
            "/me/trusted?problem=not-for-helpers",
            "{page}"
        );
    }
    for path in [
        "/api/me/credentials/registration",
        "/api/me/channels",
        "/api/me/trusted",
    ] {
        let response = post_form(&app, path, &mahmoud, &[("sms", "1")], true).await;
        assert_eq!(response.status().as_u16(), 403, "{path}");
    }
    let data = get(&app, "/api/me/data.json", &mahmoud).await;
    assert_eq!(data.status().as_u16(), 403);
    // Booking is beyond this delegation's limits.
    let book = post_form(
        &app,
        "/api/me/appointments",
        &mahmoud,
        &[("slot", "x")],
        true,
    )
    .await;
    assert_eq!(book.status().as_u16(), 403);

    // Asking for a change is within them: the request is hers, done by her helper.
    let form = reqwest::multipart::Form::new()
        .text("kind", "contact")
        .text("address", "Zaatari camp, district 7");
    let created = app
        .client
        .post(app.url("/api/me/requests"))
        .header("cookie", &mahmoud)
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(created.status().as_u16(), 201);
    let request = created.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let theirs = html(&app, &format!("/me/requests/{request}"), &amina).await;
    assert!(theirs.contains("by your trusted helper"), "{theirs}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'request.submit' AND actor_role = 'helper'")
            .await,
        1
    );
    // The office asks her a question: her news stays unread for her when he looks at it.
    let row_version = portal_storage::requests::by_id(
        &mut app.read().await,
        portal_domain::requests::RequestId(request.parse().unwrap()),
    )
    .await
    .unwrap()
    .unwrap()
    .row_version
    .to_string();
    let jonas = app.staff_cookie(&cast.jonas).await;
    let asked = post_form(
        &app,
        &format!("/api/staff/requests/{request}/ask"),
        &jonas,
        &[("row_version", &row_version), ("question", "Which block?")],
        true,
    )
    .await;
    assert!(asked.status().is_success());
    let unread = || async {
        portal_core::news::unread(&mut app.read().await, cast.amina.id)
            .await
            .unwrap()
    };
    let before = unread().await;
    assert!(before >= 1);
    let messages = html(&app, "/me/messages", &mahmoud).await;
    let reference = portal_domain::requests::RequestId(request.parse().unwrap()).reference();
    assert!(
        messages.contains(&reference),
        "he sees her news: {messages}"
    );
    assert_eq!(unread().await, before, "still unread for her");
    let log = html(&app, "/me/access-log", &amina).await;
    assert!(
        log.contains("your trusted helper Mahmoud, my neighbour"),
        "{log}"
    );

    // She ends it: his next request is his own again, and he cannot act under it any more.
    let ended = post_form(
        &app,
        &format!("/api/me/trusted/{id}/end"),
        &amina,
        &[],
        false,
    )
    .await;
    assert_eq!(ended.headers()["location"], "/me/trusted?ended=1");
    let own = html(&app, "/me", &mahmoud).await;
    assert!(
        own.contains("AMM-26-000005") && !own.contains("You are acting for"),
        "{own}"
    );
    let again = post_form(
        &app,
        &format!("/api/me/trusted/{id}/act"),
        &mahmoud,
        &[],
        true,
    )
    .await;
    assert_eq!(again.status().as_u16(), 404);
}

async fn codes_work_once_for_someone_else_and_staff_can_end_a_delegation(backend: Backend) {
    let (app, cast) = spawn_demo(backend).await;
    let amina = app.person_cookie(&cast.amina).await;
    let khaled = app.person_cookie(&cast.khaled).await;
    let mahmoud = app.person_cookie(&cast.mahmoud).await;
    let code = grant(
        &app,
        &amina,
        &[("helper_name", "Khaled"), ("helper_days", "7")],
    )
    .await;

    // Her own code, a wrong code: the same answer as an unknown one.
    for (cookie, typed) in [
        (&amina, code.as_str()),
        (&khaled, "ABCD-EFGH-JKLM"),
        (&khaled, "<script>"),
    ] {
        let response = post_form(
            &app,
            "/api/me/trusted/accept",
            cookie,
            &[("helper_code", typed)],
            false,
        )
        .await;
        assert_eq!(
            response.headers()["location"],
            "/me/trusted?problem=not-found#accept"
        );
    }
    let first = post_form(
        &app,
        "/api/me/trusted/accept",
        &khaled,
        &[("helper_code", &code)],
        true,
    )
    .await;
    assert_eq!(first.status().as_u16(), 200);
    let id = first.json::<serde_json::Value>().await.unwrap()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let twice = post_form(
        &app,
        "/api/me/trusted/accept",
        &mahmoud,
        &[("helper_code", &code)],
        true,
    )
    .await;
    assert_eq!(twice.status().as_u16(), 404, "a code works once");

    // Someone with no part in it cannot end it.
    let stranger = post_form(
        &app,
        &format!("/api/me/trusted/{id}/end"),
        &mahmoud,
        &[],
        true,
    )
    .await;
    assert_eq!(stranger.status().as_u16(), 404);

    // Staff of another office cannot see it; Amman's clerk sees it and ends it.
    let ruth = app
        .add_staff(
            "ruth@agency.example",
            &[portal_domain::staff::StaffRole::Clerk],
            Some("KLA"),
        )
        .await;
    let kampala = app.staff_cookie(&ruth).await;
    let refused = post_form(
        &app,
        &format!("/api/staff/delegations/{id}/end"),
        &kampala,
        &[],
        true,
    )
    .await;
    assert_eq!(refused.status().as_u16(), 404);
    let farida = app.staff_cookie(&cast.farida).await;
    let page = html(&app, &format!("/staff/people/{}", cast.amina.id.0), &farida).await;
    assert!(
        page.contains("Trusted helpers") && page.contains("Khaled"),
        "{page}"
    );
    let person = cast.amina.id.0.to_string();
    let ended = post_form(
        &app,
        &format!("/api/staff/delegations/{id}/end"),
        &farida,
        &[("person", &person)],
        false,
    )
    .await;
    assert_eq!(
        ended.headers()["location"],
        format!("/staff/people/{person}#helpers").as_str()
    );
    let mine = html(&app, "/me/trusted", &amina).await;
    assert!(mine.contains("ended"), "{mine}");
    assert_eq!(
        app.count("SELECT COUNT(*) FROM delegations WHERE ended_by = 'staff'")
            .await,
        1
    );
}
