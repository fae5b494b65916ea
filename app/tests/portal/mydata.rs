//! "My data" over HTTP: the file and the readable page, only for the person, never cached,
//! every export audited.
use portal_testkit::{on_both_backends, Backend};
use serde_json::Value;

use crate::support::spawn_demo;

on_both_backends! {
    a_person_downloads_and_reads_everything_held_about_them,
}

async fn a_person_downloads_and_reads_everything_held_about_them(backend: Backend) {
    let (app, cast) = spawn_demo(backend).await;
    assert_eq!(portal_web::mydata::ROUTES, [("GET", "/api/me/data.json")]);
    let amina = app.person_cookie(&cast.amina).await;
    let exports = || app.count("SELECT COUNT(*) FROM audit_events WHERE action = 'data.export'");
    assert_eq!(exports().await, 0);

    let file = app
        .client
        .get(app.url("/api/me/data.json"))
        .header("cookie", &amina)
        .send()
        .await
        .unwrap();
    assert_eq!(file.status().as_u16(), 200);
    assert_eq!(
        file.headers()["content-disposition"],
        "attachment; filename=\"my-data.json\""
    );
    assert_eq!(file.headers()["cache-control"], "private, no-store");
    let json: Value = file.json().await.unwrap();
    assert_eq!(json["format"], "refugee-portal/my-data/1");
    assert_eq!(json["record"]["registrationNumber"], "AMM-26-000001");
    assert_eq!(exports().await, 1);

    // Nobody else gets it: no session, or a staff session.
    let anonymous = app.get("/api/me/data.json").await;
    assert_eq!(anonymous.status().as_u16(), 401);
    let staff = app
        .client
        .get(app.url("/api/me/data.json"))
        .header("cookie", app.staff_cookie(&cast.jonas).await)
        .send()
        .await
        .unwrap();
    assert!(staff.status().is_client_error());
    assert_eq!(exports().await, 1);

    // The readable page, in Arabic: words, not codes; reading it is an export too.
    let html = app
        .client
        .get(app.url("/me/data"))
        .header("cookie", &amina)
        .header("accept-language", "ar")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(html.contains("بياناتي"), "{html}");
    assert!(html.contains("AMM-26-000001"));
    assert!(html.contains(r#"href="/api/me/data.json""#));
    assert!(
        html.contains("سوريا") && html.contains("أنثى"),
        "nationality and sex in words"
    );
    for code in [">female<", ">SYR<", ">principal<", "ara;eng"] {
        assert!(!html.contains(code), "{code} shown as a code");
    }
    assert!(!html.contains("/pkg/"), "a lean page");
    assert_eq!(exports().await, 2);
}
