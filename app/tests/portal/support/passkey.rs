//! Signing in over HTTP with a phone holding a passkey (`portal_testkit::Phone`).

use serde_json::{json, Value};

pub use portal_testkit::Phone;

use super::TestApp;

/// A browser with its own cookie jar.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

/// Posts `body` as JSON to `path` of `app` in `browser`.
pub async fn post(
    app: &TestApp,
    browser: &reqwest::Client,
    path: &str,
    body: Value,
) -> reqwest::Response {
    browser
        .post(app.url(path))
        .json(&body)
        .send()
        .await
        .unwrap()
}

/// Answers an enrollment invitation with `answers`, then creates `phone`'s passkey named
/// `name`, in `browser`; returns the response of the last step (it signs in).
async fn enroll_with(
    app: &TestApp,
    browser: &reqwest::Client,
    phone: &mut Phone,
    answers: Value,
    name: &str,
) -> reqwest::Response {
    let response = post(app, browser, "/auth/enroll/verify", answers).await;
    assert_eq!(response.status(), 200);
    let credential = phone.create(response.json().await.unwrap());
    post(
        app,
        browser,
        "/auth/enroll/finish",
        json!({ "credential": credential, "name": name }),
    )
    .await
}

/// Enrolls `phone` with the invitation `token` of the person with these answers, in `browser`;
/// returns the response of the last step (it signs in).
pub async fn enroll(
    app: &TestApp,
    browser: &reqwest::Client,
    phone: &mut Phone,
    token: &str,
    registration_number: &str,
    date_of_birth: &str,
) -> reqwest::Response {
    let answers = json!({
        "invitation": token,
        "registration_number": registration_number,
        "date_of_birth": date_of_birth,
    });
    let done = enroll_with(app, browser, phone, answers, "My phone").await;
    assert_eq!(done.status(), 200);
    done
}

/// Enrolls `phone` with the invitation `token` of the staff member with work address `email`,
/// in `browser`; returns the response of the last step (it signs in).
pub async fn enroll_staff(
    app: &TestApp,
    browser: &reqwest::Client,
    phone: &mut Phone,
    token: &str,
    email: &str,
) -> reqwest::Response {
    let answers = json!({ "invitation": token, "email": email });
    enroll_with(app, browser, phone, answers, "Work phone").await
}

/// Starts a sign-in and answers it with `phone` in `browser`, whatever the answer.
pub async fn try_sign_in(
    app: &TestApp,
    browser: &reqwest::Client,
    phone: &mut Phone,
) -> reqwest::Response {
    let start = post(app, browser, "/auth/signin/start", json!({})).await;
    assert_eq!(start.status(), 200);
    let assertion = phone.assert(start.json().await.unwrap());
    post(
        app,
        browser,
        "/auth/signin/finish",
        json!({ "credential": assertion }),
    )
    .await
}

/// Signs in with `phone` in `browser`; returns the response of the last step.
pub async fn sign_in(
    app: &TestApp,
    browser: &reqwest::Client,
    phone: &mut Phone,
) -> reqwest::Response {
    let done = try_sign_in(app, browser, phone).await;
    assert_eq!(done.status(), 200);
    done
}
