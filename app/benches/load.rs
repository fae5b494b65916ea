//! A load generator on loopback for the portal's everyday routes, driven through the HTTP
//! contract only (so it measures any build of the portal the same way).
//!
//! It starts a release binary against a fresh database with the demo data, enrolls a refugee
//! and an approver with software passkeys (the real WebAuthn ceremonies), then measures:
//!
//! - `GET /` (anonymous landing page) and `GET /me` ("My record" with a session) at a fixed
//!   number of concurrent connections for a fixed time;
//! - `POST /api/staff/requests/{id}/decide` (an approver deciding a phone change), one
//!   decision after another, each on a request the person has just sent.
//!
//! Prints one line per route: requests, errors, requests per second, p50 and p99 latency.
//! Nothing is asserted: speed is reported, not tested.
//!
//! ```text
//! cargo bench -p app --bench load -- --portal target/release/portal [--seconds 10]
//!     [--connections 8] [--decisions 200] [--database-url postgres://…]
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{options, Options, Portal, Sample};
use url::Url;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_rs_proto::{CreationChallengeResponse, PublicKeyCredential, RequestChallengeResponse};

/// A browser (cookie jar) holding one software passkey.
struct Device {
    client: reqwest::Client,
    passkey: SoftPasskey,
    origin: Url,
    credential_id: Option<Vec<u8>>,
    user_handle: Option<Vec<u8>>,
}

impl Device {
    fn new(origin: &str) -> Device {
        Device {
            client: reqwest::Client::builder()
                .cookie_store(true)
                .redirect(reqwest::redirect::Policy::none())
                .pool_max_idle_per_host(64)
                .build()
                .unwrap(),
            passkey: SoftPasskey::new(true),
            origin: Url::parse(origin).unwrap(),
            credential_id: None,
            user_handle: None,
        }
    }

    async fn post(&self, url: String, body: Value) -> Value {
        let response = self.client.post(url).json(&body).send().await.unwrap();
        assert!(response.status().is_success(), "{}", response.status());
        response.json().await.unwrap_or(Value::Null)
    }

    /// Enrolls with an invitation and the answers it asks for; the portal signs in at the end.
    async fn enroll(&mut self, base: &str, answers: Value) {
        let options = self
            .post(format!("{base}/auth/enroll/verify"), answers)
            .await;
        let mut options: CreationChallengeResponse = serde_json::from_value(options).unwrap();
        // A software passkey is not discoverable: keep what a resident key would remember.
        let selection = options.public_key.authenticator_selection.as_mut().unwrap();
        selection.resident_key = Some(webauthn_rs_proto::ResidentKeyRequirement::Discouraged);
        selection.require_resident_key = false;
        self.user_handle = Some(options.public_key.user.id.to_vec());
        let credential = self
            .passkey
            .do_registration(self.origin.clone(), options)
            .unwrap();
        self.credential_id = Some(credential.raw_id.to_vec());
        self.post(
            format!("{base}/auth/enroll/finish"),
            json!({ "credential": credential, "name": "load" }),
        )
        .await;
    }

    /// Signs in again with the passkey (a fresh session).
    async fn sign_in(&mut self, base: &str) {
        let options = self
            .post(format!("{base}/auth/signin/start"), json!({}))
            .await;
        let mut options: RequestChallengeResponse = serde_json::from_value(options).unwrap();
        options.public_key.allow_credentials = vec![webauthn_rs_proto::AllowCredentials {
            type_: "public-key".into(),
            id: self.credential_id.clone().unwrap(),
            transports: None,
        }];
        let mut assertion: PublicKeyCredential = self
            .passkey
            .do_authentication(self.origin.clone(), options)
            .unwrap();
        assertion.response.user_handle = self.user_handle.clone();
        self.post(
            format!("{base}/auth/signin/finish"),
            json!({ "credential": assertion }),
        )
        .await;
    }
}

/// `connections` loops sending `GET path` for `seconds`, each with the same client (cookies).
async fn hammer(client: &reqwest::Client, url: String, options: &Options) -> Sample {
    let url = Arc::new(url);
    let deadline = Instant::now() + Duration::from_secs(options.seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..options.connections {
        let client = client.clone();
        let url = url.clone();
        tasks.push(tokio::spawn(async move {
            let mut sample = Sample::default();
            while Instant::now() < deadline {
                let sent = Instant::now();
                let status = match client.get(url.as_str()).send().await {
                    Ok(response) => {
                        let status = response.status().as_u16();
                        if response.bytes().await.is_ok() {
                            status
                        } else {
                            0
                        }
                    }
                    Err(_) => 0,
                };
                sample.latencies.push(sent.elapsed());
                if status != 200 {
                    sample.errors += 1;
                    *sample.statuses.entry(status).or_default() += 1;
                }
            }
            sample
        }));
    }
    let mut total = Sample::default();
    for task in tasks {
        total.merge(task.await.unwrap());
    }
    total.elapsed = started.elapsed();
    total
}

/// The person sends a phone change, the approver decides it; only the decision is timed.
async fn decisions(portal: &Portal, person: &Device, approver: &Device, count: usize) -> Sample {
    let mut sample = Sample::default();
    let started = Instant::now();
    for i in 0..count {
        let form = reqwest::multipart::Form::new()
            .text("kind", "contact")
            .text("phone", format!("+9627{:08}", 10_000_000 + i));
        let created: Value = person
            .client
            .post(format!("{}/api/me/requests", portal.base))
            .header("accept", "application/json")
            .multipart(form)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        let id = created["id"].as_str().unwrap().to_owned();
        let sent = Instant::now();
        let response = approver
            .client
            .post(format!("{}/api/staff/requests/{id}/decide", portal.base))
            .header("accept", "application/json")
            .form(&[("row_version", "1"), ("approve_0", "on")])
            .send()
            .await
            .unwrap();
        let ok = response.status().is_success();
        let _ = response.bytes().await;
        sample.latencies.push(sent.elapsed());
        if !ok {
            sample.errors += 1;
        }
    }
    sample.elapsed = started.elapsed();
    sample
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let options = options();
    let portal = Portal::start(&options, &[]);
    let probe = reqwest::Client::new();
    portal.wait_ready(&probe).await;

    let mut amina = Device::new(&portal.origin);
    let token = portal.invitation(&["--registration-number", "AMM-26-000001"]);
    amina
        .enroll(
            &portal.base,
            json!({ "invitation": token, "registration_number": "AMM-26-000001", "date_of_birth": "1992-03-14" }),
        )
        .await;
    amina.sign_in(&portal.base).await;
    let mut jonas = Device::new(&portal.origin);
    let token = portal.invitation(&["--staff-email", "jonas@agency.example.org"]);
    jonas
        .enroll(
            &portal.base,
            json!({ "invitation": token, "email": "jonas@agency.example.org" }),
        )
        .await;

    println!(
        "{:44} {:>8} {:>7} {:>10} {:>9} {:>9}",
        "route", "requests", "errors", "req/s", "p50 ms", "p99 ms"
    );
    let anonymous = reqwest::Client::builder()
        .pool_max_idle_per_host(64)
        .build()
        .unwrap();
    hammer(&anonymous, format!("{}/", portal.base), &options)
        .await
        .report("GET / (landing)");
    hammer(&amina.client, format!("{}/me", portal.base), &options)
        .await
        .report(&format!(
            "GET /me (session, {} connections)",
            options.connections
        ));
    decisions(&portal, &amina, &jonas, options.decisions)
        .await
        .report("POST /api/staff/requests/{id}/decide");
    let warnings = portal.warnings();
    if !warnings.is_empty() {
        println!("\nthe server logged:");
        for line in warnings {
            println!("  {line}");
        }
    }
}
