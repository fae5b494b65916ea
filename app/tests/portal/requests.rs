//! Update requests over HTTP against the real server, on SQLite and PostgreSQL: every route and
//! every server function of the feature, called by the owner, by another person, by staff of
//! another office, by the wrong kind of account and by nobody. Also the completeness check: every
//! server function of the app is either behind the `/api/me` or `/api/staff` gate or on the
//! short public list, and every JSON route of requests is in the table below.
use chrono::Utc;
use portal_domain::staff::StaffRole;
use portal_testkit::on_both_backends;
use portal_testkit::Backend;

use crate::support::{spawn_app, spawn_demo, TestApp};

const PDF: &[u8] = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n";

struct Cast {
    amina: String,
    khaled: String,
    selam: String,
    farida: String,
    jonas: String,
    priya: String,
    kampala: String,
    second_approver: String,
    amina_id: String,
}

async fn cast(app: &TestApp, people: &portal_testkit::Cast) -> Cast {
    let kampala = app
        .add_staff(
            "kla@agency.example.org",
            &[StaffRole::Clerk, StaffRole::Approver],
            Some("KLA"),
        )
        .await;
    let second = app
        .add_staff(
            "second@agency.example.org",
            &[StaffRole::Approver],
            Some("AMM"),
        )
        .await;
    Cast {
        amina: app.person_cookie(&people.amina).await,
        khaled: app.person_cookie(&people.khaled).await,
        selam: app.person_cookie(&people.selam).await,
        farida: app.staff_cookie(&people.farida).await,
        jonas: app.staff_cookie(&people.jonas).await,
        priya: app.staff_cookie(&people.priya).await,
        kampala: app.staff_cookie(&kampala).await,
        second_approver: app.staff_cookie(&second).await,
        amina_id: people.amina.id.0.to_string(),
    }
}

/// Posts a multipart form as JSON client.
async fn post_multipart(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
    files: &[&[u8]],
) -> (u16, serde_json::Value) {
    let mut form = reqwest::multipart::Form::new();
    for (k, v) in fields {
        form = form.text((*k).to_owned(), (*v).to_owned());
    }
    for bytes in files {
        form = form.part(
            "documents",
            reqwest::multipart::Part::bytes(bytes.to_vec()).file_name("scan.pdf"),
        );
    }
    let mut request = app
        .client
        .post(app.url(path))
        .header("accept", "application/json")
        .multipart(form);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.json().await.unwrap_or(serde_json::Value::Null),
    )
}

async fn post_form(
    app: &TestApp,
    path: &str,
    cookie: Option<&str>,
    fields: &[(&str, &str)],
) -> (u16, serde_json::Value) {
    let mut request = app
        .client
        .post(app.url(path))
        .header("accept", "application/json")
        .form(fields);
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    let status = response.status().as_u16();
    (
        status,
        response.json().await.unwrap_or(serde_json::Value::Null),
    )
}

async fn get_status(app: &TestApp, path: &str, cookie: Option<&str>) -> u16 {
    let mut request = app.client.get(app.url(path));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap().status().as_u16()
}

/// Amina reports a birth with a document; returns the request id and the document address.
async fn birth(app: &TestApp, cast: &Cast) -> (String, String) {
    let (status, body) = post_multipart(
        app,
        "/api/me/requests",
        Some(&cast.amina),
        &[
            ("kind", "birth"),
            ("given_name", "Sami"),
            ("family_name", "Haddad"),
            ("sex", "male"),
            ("date_of_birth", &Utc::now().date_naive().to_string()),
        ],
        &[PDF],
    )
    .await;
    assert_eq!(status, 201, "{body}");
    let id = body["id"].as_str().unwrap().to_owned();
    let (status, detail) = post_form(
        app,
        "/api/me/requests/one",
        Some(&cast.amina),
        &[("id", &id)],
    )
    .await;
    assert_eq!(status, 200, "{detail}");
    let href = detail["documents"][0]["href"].as_str().unwrap().to_owned();
    let sha = href.rsplit('/').next().unwrap().to_owned();
    (id, sha)
}

on_both_backends! {
    every_server_function_is_gated_or_deliberately_public,
    nobody_signed_in_is_refused_everywhere,
    the_wrong_kind_of_account_is_refused_everywhere,
    another_person_cannot_see_or_act_on_a_request,
    staff_of_another_office_and_admins_cannot_see_or_act_on_a_request,
    a_clerk_cannot_approve_a_sensitive_change_over_http,
    two_approvers_posting_at_once_apply_the_birth_once,
    bad_input_gets_problem_details_and_browsers_get_codes_not_values,
    the_pages_render_without_javascript,
    names_and_addresses_with_hidden_direction_characters_are_refused,
    uploads_over_the_request_and_daily_quotas_are_refused_before_anything_is_written,
    a_form_sent_back_keeps_its_values_and_file_for_that_browser_and_account_only,
}

/// The `name=value` of a `Set-Cookie` named `name`.
fn set_cookie(response: &reqwest::Response, name: &str) -> Option<String> {
    response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find(|v| v.starts_with(&format!("{name}=")))
        .and_then(|v| v.split(';').next())
        .map(str::to_owned)
}

/// A correction sent without its reason comes back with what was typed and the file attached,
/// to that browser and account only; sent again with the file ticked, it is kept once and the
/// draft goes.
async fn a_form_sent_back_keeps_its_values_and_file_for_that_browser_and_account_only(
    backend: Backend,
) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let scan = b"%PDF-1.4\n% passport scan\n%%EOF\n".to_vec();
    let attached = app.count("SELECT COUNT(*) FROM request_documents").await;
    let form = reqwest::multipart::Form::new()
        .text("kind", "correction")
        .text("given_name", "Aminah")
        .text("sex", "other")
        .part(
            "documents",
            reqwest::multipart::Part::bytes(scan.clone()).file_name("scan.pdf"),
        );
    let response = app
        .client
        .post(app.url("/api/me/requests"))
        .header("cookie", &cast.amina)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        "/me/requests/new?kind=correction&errors=reason.required"
    );
    let draft = set_cookie(&response, "portal_draft").expect("a draft cookie");
    let page = |cookies: String| {
        let app = &app;
        let location = location.clone();
        async move {
            app.client
                .get(app.url(&location))
                .header("cookie", cookies)
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap()
        }
    };
    let html = page(format!("{}; {draft}", cast.amina)).await;
    assert!(html.contains(r#"value="Aminah""#), "the typed name is back");
    assert!(
        html.contains(r#"value="other" selected"#),
        "the chosen sex is back"
    );
    assert!(
        html.contains(r#"name="keep_0""#),
        "the attached file is kept"
    );
    // Another browser, or another account on this browser, sees an empty form.
    assert!(!page(cast.amina.clone()).await.contains("Aminah"));
    assert!(!page(format!("{}; {draft}", cast.khaled))
        .await
        .contains("Aminah"));

    // Sent again with the reason and the kept file ticked, no file chosen again.
    let form = reqwest::multipart::Form::new()
        .text("kind", "correction")
        .text("given_name", "Aminah")
        .text("sex", "other")
        .text("reason", "Spelling on my passport")
        .text("keep_0", "1");
    let response = app
        .client
        .post(app.url("/api/me/requests"))
        .header("cookie", format!("{}; {draft}", cast.amina))
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    assert_eq!(
        app.count("SELECT COUNT(*) FROM request_documents").await,
        attached + 1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM form_drafts").await, 0);
    assert_eq!(app.count("SELECT COUNT(*) FROM form_draft_files").await, 0);
}

/// Six files in one request, then a twenty-first file in a day: each refused with the field
/// and the reason (a browser is sent back with the code), and nothing of it written.
async fn uploads_over_the_request_and_daily_quotas_are_refused_before_anything_is_written(
    backend: Backend,
) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let pdf = |n: usize| format!("%PDF-1.4\n% file {n}\n%%EOF\n").into_bytes();
    let documents = app.state.config.data_dir.join("documents");
    let stored = || walk(&documents);
    let correction = [
        ("kind", "correction"),
        ("given_name", "Aminah"),
        ("reason", "Spelling on my passport"),
    ];
    let six: Vec<Vec<u8>> = (0..6).map(pdf).collect();
    let six: Vec<&[u8]> = six.iter().map(Vec::as_slice).collect();
    let (status, problem) = post_multipart(
        &app,
        "/api/me/requests",
        Some(&cast.amina),
        &correction,
        &six,
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["field"], "documents");
    assert_eq!(problem["errors"][0]["code"], "too-many", "{problem}");
    assert_eq!(stored(), 0);
    for round in 0..4 {
        let files: Vec<Vec<u8>> = (0..5).map(|i| pdf(100 + round * 5 + i)).collect();
        let files: Vec<&[u8]> = files.iter().map(Vec::as_slice).collect();
        let (status, body) = post_multipart(
            &app,
            "/api/me/requests",
            Some(&cast.amina),
            &correction,
            &files,
        )
        .await;
        assert_eq!(status, 201, "{body}");
    }
    assert_eq!(stored(), 20);
    let one = pdf(999);
    let (status, problem) = post_multipart(
        &app,
        "/api/me/requests",
        Some(&cast.amina),
        &correction,
        &[one.as_slice()],
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["errors"][0]["code"], "daily-limit", "{problem}");
    assert_eq!(stored(), 20, "nothing of the refused upload is written");
    // A browser is sent back to its form with the reason as a code.
    let form = reqwest::multipart::Form::new()
        .text("kind", "correction")
        .text("given_name", "Aminah")
        .text("reason", "Spelling on my passport")
        .part(
            "documents",
            reqwest::multipart::Part::bytes(one.clone()).file_name("scan.pdf"),
        );
    let response = app
        .client
        .post(app.url("/api/me/requests"))
        .header("cookie", &cast.amina)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap();
    assert!(location.contains("documents.daily-limit"), "{location}");
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

/// Server functions that need no session, and why.
const PUBLIC_SERVER_FUNCTIONS: &[&str] = &[
    // Says "nobody" without a session.
    "/api/account",
    // The header's account: none without a session.
    "/api/header",
    // What a form held when this browser sent it back: only its own (draft cookie and account
    // both match), and nothing without a draft cookie.
    "/api/kept-form",
    // The help page: offices, phones and hours, published for anyone.
    "/api/help",
    // Sets the language cookie.
    "/api/locale",
    // The verifier page's result, by a random token that only the form post's redirect knows.
    "/api/verify/result",
    // Where the issuer's DID document and status lists are: published for anyone anyway.
    "/api/verify/sources",
    // A provider's request to a wallet app and its answer, by the sealed text of the page's
    // link that only the provider's form post's redirect knows (anything else answers nothing).
    "/api/verify/ask",
];

async fn every_server_function_is_gated_or_deliberately_public(backend: Backend) {
    let app = spawn_app(backend).await;
    let paths: Vec<&str> = leptos::server_fn::axum::server_fn_paths()
        .map(|(path, _)| path)
        .collect();
    assert!(paths.len() >= 14, "{paths:?}");
    for path in &paths {
        let gated = portal_web::gate::area_of(path).is_some();
        assert!(
            gated || PUBLIC_SERVER_FUNCTIONS.contains(path),
            "{path} is neither behind /api/me or /api/staff nor on the public list"
        );
        if gated {
            let (status, _) = app.call(path, None, &[]).await;
            assert_eq!(status, 401, "{path} without a session");
        }
    }
    for (_, path) in portal_web::requests::ROUTES {
        assert!(
            portal_web::gate::area_of(path).is_some(),
            "{path} is outside the gated prefixes"
        );
    }
}

async fn nobody_signed_in_is_refused_everywhere(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (id, sha) = birth(&app, &cast).await;
    for (method, template) in portal_web::requests::ROUTES {
        let path = template.replace("{id}", &id).replace("{sha256}", &sha);
        let status = if *method == "GET" {
            get_status(&app, &path, None).await
        } else {
            post_form(&app, &path, None, &[("row_version", "1")])
                .await
                .0
        };
        assert_eq!(status, 401, "{method} {path}");
    }
    for page in [
        "/me",
        "/me/requests",
        "/me/requests/new",
        "/me/access-log",
        "/staff/requests",
    ] {
        let response = app.get(page).await;
        assert_eq!(response.status().as_u16(), 303, "{page}");
    }
}

async fn the_wrong_kind_of_account_is_refused_everywhere(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (id, sha) = birth(&app, &cast).await;
    for (method, template) in portal_web::requests::ROUTES {
        let path = template.replace("{id}", &id).replace("{sha256}", &sha);
        let cookie = if template.starts_with("/api/me") {
            &cast.jonas
        } else {
            &cast.amina
        };
        let status = if *method == "GET" {
            get_status(&app, &path, Some(cookie)).await
        } else {
            post_form(&app, &path, Some(cookie), &[("row_version", "1")])
                .await
                .0
        };
        assert_eq!(status, 403, "{method} {path}");
    }
    for endpoint in [
        "/api/staff/requests/review",
        "/api/staff/requests/queue",
        "/api/staff/people/history",
    ] {
        let (status, _) = app.call(endpoint, Some(&cast.amina), &[("id", &id)]).await;
        assert_eq!(status, 403, "{endpoint}");
    }
    let (status, _) = app
        .call("/api/me/requests/one", Some(&cast.jonas), &[("id", &id)])
        .await;
    assert_eq!(status, 403);
}

async fn another_person_cannot_see_or_act_on_a_request(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (id, sha) = birth(&app, &cast).await;
    for other in [&cast.khaled, &cast.selam] {
        let (status, _) = app
            .call("/api/me/requests/one", Some(other), &[("id", &id)])
            .await;
        assert_eq!(status, 404);
        let (status, body) = app.call("/api/me/requests/list", Some(other), &[]).await;
        assert_eq!(status, 200);
        assert!(!body.contains(&id), "{body}");
        let (status, _) = post_form(
            &app,
            &format!("/api/me/requests/{id}/cancel"),
            Some(other),
            &[],
        )
        .await;
        assert_eq!(status, 404);
        let (status, _) = post_multipart(
            &app,
            &format!("/api/me/requests/{id}/answer"),
            Some(other),
            &[("answer", "mine")],
            &[],
        )
        .await;
        assert_eq!(status, 404);
        assert_eq!(
            get_status(&app, &format!("/api/me/documents/{sha}"), Some(other)).await,
            404
        );
        let (status, body) = app.call("/api/me/access-log", Some(other), &[]).await;
        assert_eq!(status, 200);
        assert!(!body.contains(&cast.amina_id));
    }
    // The owner sees all of it.
    assert_eq!(
        get_status(&app, &format!("/api/me/documents/{sha}"), Some(&cast.amina)).await,
        200
    );
    let (status, _) = post_form(
        &app,
        &format!("/api/me/requests/{id}/cancel"),
        Some(&cast.amina),
        &[],
    )
    .await;
    assert_eq!(status, 200);
}

async fn staff_of_another_office_and_admins_cannot_see_or_act_on_a_request(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (id, sha) = birth(&app, &cast).await;
    for outsider in [&cast.kampala, &cast.priya] {
        let (status, _) = app
            .call("/api/staff/requests/review", Some(outsider), &[("id", &id)])
            .await;
        assert_eq!(status, 404);
        let (status, _) = app
            .call(
                "/api/staff/people/history",
                Some(outsider),
                &[("id", &cast.amina_id)],
            )
            .await;
        assert_eq!(status, 404);
        let (status, _) = app
            .call(
                "/api/staff/people/form",
                Some(outsider),
                &[("id", &cast.amina_id)],
            )
            .await;
        assert_eq!(status, 404);
        for action in ["decide", "ask", "recommend"] {
            let (status, _) = post_form(
                &app,
                &format!("/api/staff/requests/{id}/{action}"),
                Some(outsider),
                &[("row_version", "1"), ("approve_0", "on"), ("question", "?")],
            )
            .await;
            assert_eq!(status, 404, "{action}");
        }
        assert_eq!(
            get_status(
                &app,
                &format!("/api/staff/requests/{id}/documents/{sha}"),
                Some(outsider)
            )
            .await,
            404
        );
        let (status, _) = post_multipart(
            &app,
            &format!("/api/staff/people/{}/requests", cast.amina_id),
            Some(outsider),
            &[("kind", "contact"), ("phone", "+962790001234")],
            &[],
        )
        .await;
        assert_eq!(status, 404);
    }
    let (status, body) = app
        .call(
            "/api/staff/requests/queue",
            Some(&cast.kampala),
            // Asking for another office's queue changes nothing for staff bound to an office.
            &[
                ("kind", ""),
                ("status", ""),
                ("age", "0"),
                ("office", "AMM"),
            ],
        )
        .await;
    assert_eq!(status, 200);
    assert!(!body.contains(&id));
    // Their own office's queue names the person and the preparer, newest first when asked.
    let (status, body) = app
        .call(
            "/api/staff/requests/queue",
            Some(&cast.farida),
            &[
                ("kind", ""),
                ("status", ""),
                ("age", "0"),
                ("office", ""),
                ("sort", "newest"),
            ],
        )
        .await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains(&id) && body.contains("AMM-26-000001"),
        "{body}"
    );
    // Their own office's staff may read the document, and that is audited.
    assert_eq!(
        get_status(
            &app,
            &format!("/api/staff/requests/{id}/documents/{sha}"),
            Some(&cast.farida)
        )
        .await,
        200
    );
}

async fn a_clerk_cannot_approve_a_sensitive_change_over_http(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (id, _) = birth(&app, &cast).await;
    let (status, review) = app
        .call(
            "/api/staff/requests/review",
            Some(&cast.farida),
            &[("id", &id)],
        )
        .await;
    assert_eq!(status, 200, "{review}");
    let review: serde_json::Value = serde_json::from_str(&review).unwrap();
    assert_eq!(review["refused"], "needs-approver");
    let version = review["row_version"].to_string();
    let (status, problem) = post_form(
        &app,
        &format!("/api/staff/requests/{id}/decide"),
        Some(&cast.farida),
        &[("row_version", &version), ("approve_0", "on")],
    )
    .await;
    assert_eq!(status, 403, "{problem}");
    assert!(
        problem["type"]
            .as_str()
            .is_some_and(|t| t.ends_with("refused")),
        "{problem}"
    );
    let (status, _) = post_form(
        &app,
        &format!("/api/staff/requests/{id}/decide"),
        Some(&cast.jonas),
        &[("row_version", &version), ("approve_0", "on")],
    )
    .await;
    assert_eq!(status, 200);
}

async fn two_approvers_posting_at_once_apply_the_birth_once(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (id, _) = birth(&app, &cast).await;
    let path = format!("/api/staff/requests/{id}/decide");
    let fields = [("row_version", "1"), ("approve_0", "on")];
    let (a, b) = tokio::join!(
        post_form(&app, &path, Some(&cast.jonas), &fields),
        post_form(&app, &path, Some(&cast.second_approver), &fields),
    );
    let mut statuses = [a.0, b.0];
    statuses.sort_unstable();
    assert_eq!(statuses, [200, 409], "{a:?} {b:?}");
    let (_, record) = app.call("/api/me/record", Some(&cast.amina), &[]).await;
    let record: serde_json::Value = serde_json::from_str(&record).unwrap();
    let sami = record["household"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|m| m["name"] == "Sami Haddad")
        .count();
    assert_eq!(sami, 1);
}

async fn bad_input_gets_problem_details_and_browsers_get_codes_not_values(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (status, problem) = post_multipart(
        &app,
        "/api/me/requests",
        Some(&cast.amina),
        &[
            ("kind", "contact"),
            ("phone", "0791234567"),
            ("email", "amina@@x"),
        ],
        &[],
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(
        problem["type"].as_str().map(|t| t.ends_with("validation")),
        Some(true),
        "{problem}"
    );
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["phone", "email"]);
    let (status, problem) = post_multipart(
        &app,
        "/api/me/requests",
        Some(&cast.amina),
        &[("kind", "holiday")],
        &[],
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    // A browser (no JSON accepted) is sent back to the form with codes only.
    let form = reqwest::multipart::Form::new()
        .text("kind", "contact")
        .text("phone", "0791234567");
    let response = app
        .client
        .post(app.url("/api/me/requests"))
        .header("cookie", &cast.amina)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 303);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        "/me/requests/new?kind=contact&errors=phone.format"
    );
    assert!(!location.contains("0791234567"));
    // A disguised file is refused by its content.
    let (status, problem) = post_multipart(
        &app,
        "/api/me/requests",
        Some(&cast.amina),
        &[("kind", "correction"), ("sex", "other"), ("reason", "x")],
        &[b"<html><script>alert(1)</script></html>"],
    )
    .await;
    assert_eq!(status, 422);
    assert!(
        problem.to_string().contains("unsupported-type"),
        "{problem}"
    );
    // A stale review form gets 409, not a silent overwrite.
    let (id, _) = birth(&app, &cast).await;
    let (status, problem) = post_form(
        &app,
        &format!("/api/staff/requests/{id}/decide"),
        Some(&cast.jonas),
        &[("row_version", "7"), ("approve_0", "on")],
    )
    .await;
    assert_eq!(status, 409, "{problem}");
    let (status, _) = post_form(
        &app,
        &format!("/api/staff/requests/{id}/decide"),
        Some(&cast.jonas),
        &[("nothing", "x")],
    )
    .await;
    assert_eq!(status, 422);
    let (status, _) = post_form(
        &app,
        "/api/staff/requests/not-a-uuid/decide",
        Some(&cast.jonas),
        &[("row_version", "1")],
    )
    .await;
    assert_eq!(status, 404);
}

async fn the_pages_render_without_javascript(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (id, _) = birth(&app, &cast).await;
    let page = |path: String, cookie: String| {
        let app = &app;
        async move {
            let response = app
                .client
                .get(app.url(&path))
                .header("cookie", cookie)
                .header("accept-language", "en")
                .send()
                .await
                .unwrap();
            assert_eq!(response.status().as_u16(), 200, "{path}");
            assert_eq!(response.headers()["cache-control"], "no-store", "{path}");
            response.text().await.unwrap()
        }
    };
    let me = page("/me".into(), cast.amina.clone()).await;
    assert!(
        me.contains("My record")
            && me.contains("Khaled Haddad")
            && me.contains("Requests in progress")
    );
    let list = page("/me/requests".into(), cast.amina.clone()).await;
    assert!(list.contains("A baby was born"));
    let form = page(
        "/me/requests/new?kind=correction&errors=reason.required".into(),
        cast.amina.clone(),
    )
    .await;
    assert!(form.contains("enctype=\"multipart/form-data\"") && form.contains("This is required."));
    let detail = page(format!("/me/requests/{id}"), cast.amina.clone()).await;
    assert!(detail.contains("Sami Haddad") && detail.contains("Cancel this request"));
    let review = page(format!("/staff/requests/{id}"), cast.jonas.clone()).await;
    assert!(review.contains("Save the decision") && review.contains("row_version"));
    let queue = page("/staff/requests".into(), cast.jonas.clone()).await;
    assert!(queue.contains(&format!("/staff/requests/{id}")));
    let log = page("/me/access-log".into(), cast.amina.clone()).await;
    assert!(
        log.contains("Opened your request"),
        "the review was audited and shown to her"
    );
    let arabic = page("/me".into(), format!("{}; portal_lang=ar", cast.amina)).await;
    assert!(arabic.contains("dir=\"rtl\""));
}

/// A name or an address that reorders itself on screen (a right-to-left override turns
/// "Camp 4, Block 21" into something else in the clerk's queue) or hides letters behind
/// zero-width characters is refused field by field; a Dari name written with its zero-width
/// non-joiner is not.
async fn names_and_addresses_with_hidden_direction_characters_are_refused(backend: Backend) {
    let (app, people) = spawn_demo(backend).await;
    let cast = cast(&app, &people).await;
    let (status, problem) = post_multipart(
        &app,
        "/api/me/requests",
        Some(&cast.amina),
        &[
            ("kind", "contact"),
            ("address", "Camp 4, Block \u{202E}12\u{202C}"),
            ("reason", "new\u{200B}tent"),
        ],
        &[],
    )
    .await;
    assert_eq!(status, 422, "{problem}");
    let errors: Vec<(String, String)> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["field"].as_str().unwrap().to_owned(),
                e["code"].as_str().unwrap().to_owned(),
            )
        })
        .collect();
    assert!(
        errors.contains(&("address".to_owned(), "hidden-characters".to_owned())),
        "{problem}"
    );
    assert!(
        errors.contains(&("reason".to_owned(), "hidden-characters".to_owned())),
        "{problem}"
    );
    let (status, problem) = post_multipart(
        &app,
        "/api/me/requests",
        Some(&cast.amina),
        &[("kind", "contact"), ("address", "کمپ ۴، خانه\u{200C}ی ۲۱")],
        &[],
    )
    .await;
    assert_eq!(status, 201, "{problem}");
}
