//! `/help` over HTTP: the public page, the feedback form as a browser and as a program posts
//! it, and a client that floods it.
use portal_testkit::{on_both_backends, Backend};
use serde_json::Value;

use crate::support::{spawn_demo, spawn_with};

on_both_backends! {
    the_help_page_lists_offices_and_takes_feedback_without_a_session,
    feedback_errors_come_back_as_codes_never_as_what_was_typed,
    a_client_flooding_the_feedback_form_is_told_to_wait,
}

/// The page in `language`, without the isolation marks around filled-in values.
async fn page(app: &crate::support::TestApp, path: &str, language: &str) -> String {
    app.get_in(path, language)
        .await
        .text()
        .await
        .unwrap()
        .replace(['\u{2068}', '\u{2069}'], "")
}

async fn the_help_page_lists_offices_and_takes_feedback_without_a_session(backend: Backend) {
    let (app, cast) = spawn_demo(backend).await;
    assert_eq!(portal_web::help::ROUTES, [("POST", "/help/feedback")]);
    let html = page(&app, "/help", "ar").await;
    assert!(html.contains(r#"href="tel:+96265000100""#), "{html}");
    assert!(html.contains("https://www.openstreetmap.org/search?query=Khalda%2C"));
    assert!(
        html.contains("الأحد: ٠٨:٣٠–"),
        "the hours in Arabic words and digits"
    );
    assert!(html.contains(r#"action="/help/feedback""#));
    assert!(
        !html.contains("/pkg/"),
        "a lean page: no WebAssembly on a phone that only wants a phone number"
    );

    let sent = app
        .client
        .post(app.url("/help/feedback"))
        .form(&[
            ("kind", "complaint"),
            ("office", "AMM"),
            ("message", "The guard sent me away."),
            ("contact", ""),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(sent.status().as_u16(), 303);
    let location = sent.headers()["location"].to_str().unwrap().to_owned();
    assert!(location.starts_with("/help?sent=FB-"), "{location}");
    assert!(!location.contains("guard"), "nothing typed goes into a URL");
    let reference = location
        .trim_start_matches("/help?sent=")
        .trim_end_matches("#feedback")
        .to_owned();
    let thanks = page(&app, &format!("/help?sent={reference}"), "fr").await;
    assert!(
        thanks.contains(&format!("Votre référence est {reference}")),
        "{thanks}"
    );
    // A forged "reference" in the URL is not shown.
    let forged = page(&app, "/help?sent=<script>x</script>", "en").await;
    assert!(!forged.contains("Your reference is"));

    // A program gets JSON; a signed-in person's feedback keeps who sent it.
    let response = app
        .client
        .post(app.url("/help/feedback"))
        .header("accept", "application/json")
        .header("cookie", app.person_cookie(&cast.amina).await)
        .form(&[("kind", "feedback"), ("message", "Thank you.")])
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let body: Value = response.json().await.unwrap();
    assert!(body["reference"].as_str().unwrap().starts_with("FB-"));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM feedback WHERE person_id IS NOT NULL")
            .await,
        1
    );
    assert_eq!(app.count("SELECT COUNT(*) FROM feedback").await, 2);

    // Staff of the office read them on /staff/feedback.
    let desk = app
        .client
        .get(app.url("/staff/feedback"))
        .header("cookie", app.staff_cookie(&cast.jonas).await)
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(desk.contains(&reference) && desk.contains("The guard sent me away."));
}

async fn feedback_errors_come_back_as_codes_never_as_what_was_typed(backend: Backend) {
    let (app, _) = spawn_demo(backend).await;
    let refused = app
        .client
        .post(app.url("/help/feedback"))
        .form(&[
            ("kind", "complaint"),
            ("office", "NOPE"),
            ("message", " "),
            ("contact", "secret\u{7}number"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status().as_u16(), 303);
    let location = refused.headers()["location"].to_str().unwrap().to_owned();
    assert_eq!(
        location,
        "/help?errors=office_code.not-one-of,message.required,contact.control-characters"
    );
    let html = page(&app, &location, "en").await;
    assert!(html.contains("field-error"), "{html}");
    assert!(!html.contains("secret"));

    let problem = app
        .client
        .post(app.url("/help/feedback"))
        .header("accept", "application/json")
        .form(&[("kind", "praise"), ("message", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(problem.status().as_u16(), 422);
    assert_eq!(
        problem.headers()["content-type"],
        "application/problem+json"
    );
    let body: Value = problem.json().await.unwrap();
    assert_eq!(body["errors"][0]["field"], "kind");
    // Not a form at all: a clear refusal, not a 500.
    let garbage = app
        .client
        .post(app.url("/help/feedback"))
        .header("content-type", "application/x-www-form-urlencoded")
        .body("%%%")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status().as_u16(), 303);
    assert_eq!(app.count("SELECT COUNT(*) FROM feedback").await, 0);
}

async fn a_client_flooding_the_feedback_form_is_told_to_wait(backend: Backend) {
    let app = spawn_with(backend, &[("PORTAL_AUTH_ATTEMPTS_PER_MINUTE", "5")]).await;
    let mut refused = 0;
    for _ in 0..20 {
        let response = app
            .client
            .post(app.url("/help/feedback"))
            .form(&[("kind", "feedback"), ("message", "spam")])
            .send()
            .await
            .unwrap();
        if response.status().as_u16() == 429 {
            refused += 1;
        }
    }
    assert_eq!(refused, 15);
    assert_eq!(app.count("SELECT COUNT(*) FROM feedback").await, 5);
}
