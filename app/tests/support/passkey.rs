//! A phone with a passkey, for signing in over HTTP: webauthn-authenticator-rs' SoftPasskey
//! plus what a resident-key authenticator remembers (see `server/tests/passkeys.rs` for why the
//! resident-key requirement is dropped and the user handle attached; nothing signed changes).

use serde_json::{json, Value};
use url::Url;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_rs_proto::{CreationChallengeResponse, PublicKeyCredential, RequestChallengeResponse};

use super::TestApp;

/// The relying party's origin in the test configuration (`PORTAL_PUBLIC_URL` default).
pub const ORIGIN: &str = "http://localhost:3000";

/// A phone holding one passkey.
pub struct Phone {
    authenticator: SoftPasskey,
    credential_id: Option<Vec<u8>>,
    user_handle: Option<Vec<u8>>,
}

impl Phone {
    pub fn new() -> Phone {
        Phone {
            authenticator: SoftPasskey::new(true),
            credential_id: None,
            user_handle: None,
        }
    }

    fn create(&mut self, options: Value) -> Value {
        let mut options: CreationChallengeResponse = serde_json::from_value(options).unwrap();
        let selection = options.public_key.authenticator_selection.as_mut().unwrap();
        selection.resident_key = Some(webauthn_rs_proto::ResidentKeyRequirement::Discouraged);
        selection.require_resident_key = false;
        self.user_handle = Some(options.public_key.user.id.to_vec());
        let credential = self
            .authenticator
            .do_registration(Url::parse(ORIGIN).unwrap(), options)
            .unwrap();
        self.credential_id = Some(credential.raw_id.to_vec());
        serde_json::to_value(credential).unwrap()
    }

    fn assert(&mut self, options: Value) -> Value {
        let mut options: RequestChallengeResponse = serde_json::from_value(options).unwrap();
        options.public_key.allow_credentials = vec![webauthn_rs_proto::AllowCredentials {
            type_: "public-key".into(),
            id: self.credential_id.clone().unwrap(),
            transports: None,
        }];
        let mut assertion: PublicKeyCredential = self
            .authenticator
            .do_authentication(Url::parse(ORIGIN).unwrap(), options)
            .unwrap();
        assertion.response.user_handle = self.user_handle.clone();
        serde_json::to_value(assertion).unwrap()
    }
}

/// A browser with its own cookie jar.
pub fn browser() -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_store(true)
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn post(
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
    let response = post(app, browser, "/auth/enroll/verify", answers).await;
    assert_eq!(response.status(), 200);
    let credential = phone.create(response.json().await.unwrap());
    let done = post(
        app,
        browser,
        "/auth/enroll/finish",
        json!({ "credential": credential, "name": "My phone" }),
    )
    .await;
    assert_eq!(done.status(), 200);
    done
}

/// Signs in with `phone` in `browser`; returns the response of the last step.
pub async fn sign_in(
    app: &TestApp,
    browser: &reqwest::Client,
    phone: &mut Phone,
) -> reqwest::Response {
    let start = post(app, browser, "/auth/signin/start", json!({})).await;
    assert_eq!(start.status(), 200);
    let assertion = phone.assert(start.json().await.unwrap());
    let done = post(
        app,
        browser,
        "/auth/signin/finish",
        json!({ "credential": assertion }),
    )
    .await;
    assert_eq!(done.status(), 200);
    done
}
