//! How a person is told of news, over HTTP: the choice of channels on "My messages", and a
//! running portal sending an SMS to the gateway (a local HTTP listener that records what it
//! receives) when the office asks that person a question.
use portal_testkit::{on_both_backends, Backend, SmsSink};

use crate::support::{spawn_demo, spawn_with, TestApp};

on_both_backends! {
    a_person_chooses_sms_and_the_running_portal_sends_one_for_news,
    sms_cannot_be_chosen_where_the_portal_has_no_gateway,
}

async fn post_channels(
    app: &TestApp,
    cookie: &str,
    fields: &[(&str, &str)],
    json: bool,
) -> reqwest::Response {
    let mut request = app
        .client
        .post(app.url("/api/me/channels"))
        .header("cookie", cookie)
        .form(fields);
    if json {
        request = request.header("accept", "application/json");
    }
    request.send().await.unwrap()
}

async fn page(app: &TestApp, cookie: &str, path: &str) -> String {
    app.client
        .get(app.url(path))
        .header("cookie", cookie)
        .header("accept-language", "en")
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap()
}

async fn a_person_chooses_sms_and_the_running_portal_sends_one_for_news(backend: Backend) {
    assert_eq!(portal_web::messages::ROUTES, [("POST", "/api/me/channels")]);
    let gateway = SmsSink::start();
    let app = spawn_with(
        backend,
        &[
            ("PORTAL_SMS_URL", gateway.url.as_str()),
            ("PORTAL_MAIL_POLL_SECONDS", "1"),
        ],
    )
    .await;
    let ctx = portal_core::Ctx::at(app.state.clock.now());
    portal_core::seed::seed_demo(&app.state.store, &ctx)
        .await
        .unwrap();
    let cast = portal_testkit::Cast::load(&app.state.store).await;
    let amina = app.person_cookie(&cast.amina).await;

    // Nobody signed in: refused.
    let anonymous = app
        .client
        .post(app.url("/api/me/channels"))
        .header("accept", "application/json")
        .form(&[("sms", "1")])
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);

    // A browser posts the form: back to the page, which says it is saved and shows the ticks.
    let response = post_channels(&app, &amina, &[("sms", "1")], false).await;
    assert_eq!(response.status().as_u16(), 303);
    assert_eq!(
        response.headers()["location"],
        "/me/messages?saved=1#channels"
    );
    let html = page(&app, &amina, "/me/messages?saved=1").await;
    assert!(html.contains("Your choice is saved."), "{html}");
    assert!(
        html.contains(r#"id="channel-sms" name="sms" value="1" checked"#),
        "{html}"
    );
    assert!(!html.contains(r#"id="channel-mail" name="mail" value="1" checked"#));

    // Khaled has no email address: mail cannot be ticked, and the page says why.
    let khaled = app.person_cookie(&cast.khaled).await;
    let html = page(&app, &khaled, "/me/messages").await;
    assert!(html.contains("add an email address first"), "{html}");

    // The office asks Amina a question about her request: the running portal's job sends the
    // SMS (her number, a text pointing to My messages) and no mail.
    let form = reqwest::multipart::Form::new()
        .text("kind", "contact")
        .text("address", "Zaatari camp, district 6");
    let created: serde_json::Value = app
        .client
        .post(app.url("/api/me/requests"))
        .header("cookie", &amina)
        .header("accept", "application/json")
        .multipart(form)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    let id = created["id"].as_str().unwrap().to_owned();
    let request = portal_storage::requests::by_id(
        &mut app.read().await,
        portal_domain::requests::RequestId(id.parse().unwrap()),
    )
    .await
    .unwrap()
    .unwrap();
    let jonas = app.staff_cookie(&cast.jonas).await;
    let asked = app
        .client
        .post(app.url(&format!("/api/staff/requests/{id}/ask")))
        .header("cookie", &jonas)
        .header("accept", "application/json")
        .form(&[
            ("row_version", request.row_version.to_string().as_str()),
            ("question", "Which district exactly?"),
        ])
        .send()
        .await
        .unwrap();
    assert!(
        asked.status().is_success(),
        "{}",
        asked.text().await.unwrap()
    );
    let mut received = Vec::new();
    for _ in 0..100 {
        received = gateway.received();
        if !received.is_empty() {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(received.len(), 1, "one SMS reached the gateway");
    assert_eq!(received[0].body["to"], "+962791234567");
    let text = received[0].body["text"].as_str().unwrap();
    assert!(text.contains("/me/messages"), "{text}");
    assert!(!text.contains("district") && !text.contains(&request.id.reference()));
    assert_eq!(
        app.count("SELECT COUNT(*) FROM notifications WHERE mail_state = 'pending'")
            .await,
        0
    );
}

async fn sms_cannot_be_chosen_where_the_portal_has_no_gateway(backend: Backend) {
    let (app, cast) = spawn_demo(backend).await;
    let amina = app.person_cookie(&cast.amina).await;
    let response = post_channels(&app, &amina, &[("mail", "1"), ("sms", "1")], true).await;
    assert_eq!(response.status().as_u16(), 200);
    let chosen: serde_json::Value = response.json().await.unwrap();
    assert_eq!(chosen, serde_json::json!({ "mail": true, "sms": false }));
    let html = page(&app, &amina, "/me/messages").await;
    assert!(html.contains("not available yet"), "{html}");
    assert!(html.contains(r#"id="channel-mail" name="mail" value="1" checked"#));
}
