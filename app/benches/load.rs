//! A load generator on loopback for the portal's everyday routes, driven through the HTTP
//! contract only (so it measures any build of the portal the same way).
//!
//! It starts a release binary against a fresh database with the demo data (and, with
//! `--people N`, N generated people: `portal seed-demo --people N`), enrolls a refugee and an
//! approver with software passkeys (the real WebAuthn ceremonies), then measures:
//!
//! - `GET /` (anonymous landing page), `POST /auth/signin/start` (sign-in begin),
//!   `GET /me` ("My record" with a session) and `POST /credentials/verify` (a VC-JWT) at a
//!   fixed number of concurrent connections for a fixed time (closed loop: throughput);
//! - `GET /me` again at a fixed rate (`--rate`, default 200 a second; open loop: each request
//!   leaves on time whatever the earlier ones do, so the latency is what a crowd sees);
//! - `POST /api/me/appointments` (booking a slot) and its cancel, one after another;
//! - `POST /api/staff/requests/{id}/decide` (an approver deciding a phone change), one
//!   decision after another, each on a request the person has just sent;
//! - `POST /credentials/issue` in each securing form, and the person's "get my credential"
//!   (`POST /api/me/credentials/registration`), at a fixed rate (`--issue-rate`, default 20 a
//!   second; open loop);
//! - raw Ed25519 verifications a second on one thread in this process, the yardstick of the
//!   verify route.
//!
//! Prints one line per route: requests, errors, requests per second, p50 and p99 latency.
//! Nothing is asserted: speed is reported, not tested. `scripts/load.sh` runs it on SQLite and
//! PostgreSQL with 100,000 people.
//!
//! ```text
//! cargo bench -p app --bench load -- --portal target/release/portal [--seconds 10]
//!     [--connections 8] [--decisions 200] [--bookings 200] [--rate 200] [--issue-rate 20]
//!     [--people 0]
//!     [--database-url postgres://…]
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

/// The status of `request`'s answer once its whole body arrived (0: no whole answer).
async fn status_of(request: reqwest::RequestBuilder) -> u16 {
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            if response.bytes().await.is_ok() {
                status
            } else {
                0
            }
        }
        Err(_) => 0,
    }
}

/// How to make one request of a run.
type Make = Arc<dyn Fn(&reqwest::Client) -> reqwest::RequestBuilder + Send + Sync>;

/// `connections` loops sending `GET url` for `seconds`, each with the same client (cookies).
async fn hammer(client: &reqwest::Client, url: String, options: &Options) -> Sample {
    let make: Make = Arc::new(move |client| client.get(url.as_str()));
    hammer_with(client, make, options).await
}

/// `connections` loops sending what `make` makes for `seconds`; anything but 200 is an error.
async fn hammer_with(client: &reqwest::Client, make: Make, options: &Options) -> Sample {
    let deadline = Instant::now() + Duration::from_secs(options.seconds);
    let started = Instant::now();
    let mut tasks = Vec::new();
    for _ in 0..options.connections {
        let client = client.clone();
        let make = make.clone();
        tasks.push(tokio::spawn(async move {
            let mut sample = Sample::default();
            while Instant::now() < deadline {
                let sent = Instant::now();
                let status = status_of(make(&client)).await;
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

/// `GET url` `rate` times a second for `seconds`, each request on time whatever the earlier
/// ones do (open loop), all with the same client.
async fn paced(client: &reqwest::Client, url: String, rate: u32, seconds: u64) -> Sample {
    let make: Make = Arc::new(move |client| client.get(url.as_str()));
    paced_with(client, make, rate, seconds, 200).await
}

/// Sends the request `make` builds `rate` times a second for `seconds`, each on time whatever
/// the earlier ones do; any status but `expected` counts as an error.
async fn paced_with(
    client: &reqwest::Client,
    make: Make,
    rate: u32,
    seconds: u64,
    expected: u16,
) -> Sample {
    let started = Instant::now();
    let mut ticks = tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(rate.max(1))));
    ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Burst);
    let total = u64::from(rate) * seconds;
    let mut tasks = Vec::with_capacity(usize::try_from(total).unwrap_or(0));
    for _ in 0..total {
        ticks.tick().await;
        let (client, make) = (client.clone(), Arc::clone(&make));
        tasks.push(tokio::spawn(async move {
            let sent = Instant::now();
            let status = status_of(make(&client)).await;
            (sent.elapsed(), status)
        }));
    }
    let mut sample = Sample::default();
    for task in tasks {
        let (latency, status) = task.await.unwrap();
        sample.latencies.push(latency);
        if status != expected {
            sample.errors += 1;
            *sample.statuses.entry(status).or_default() += 1;
        }
    }
    sample.elapsed = started.elapsed();
    sample
}

/// The person books the first free slot and cancels it, `count` times; each is timed.
async fn bookings(portal: &Portal, person: &Device, count: usize) -> (Sample, Sample) {
    let choices: Value = person
        .client
        .post(format!("{}/api/me/appointments/options", portal.base))
        .form(&[("service", "document-renewal"), ("location", "")])
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    // The last day offered: far past the cutoff (an appointment within a day of its start
    // can no longer be cancelled online).
    let slot = choices["days"]
        .as_array()
        .and_then(|days| days.last())
        .and_then(|day| day["slots"].as_array())
        .and_then(|slots| slots.first())
        .and_then(|slot| slot["id"].as_str())
        .expect("a free slot")
        .to_owned();
    let (mut booked, mut cancelled) = (Sample::default(), Sample::default());
    let started = Instant::now();
    for _ in 0..count {
        let sent = Instant::now();
        let response = person
            .client
            .post(format!("{}/api/me/appointments", portal.base))
            .header("accept", "application/json")
            .form(&[("slot", slot.as_str()), ("service", "document-renewal")])
            .send()
            .await
            .unwrap();
        let ok = response.status() == 201;
        let body: Value = response.json().await.unwrap_or(Value::Null);
        booked.latencies.push(sent.elapsed());
        if !ok {
            booked.errors += 1;
            continue;
        }
        let id = body["id"].as_str().unwrap().to_owned();
        let sent = Instant::now();
        let response = person
            .client
            .post(format!("{}/api/me/appointments/{id}/cancel", portal.base))
            .header("accept", "application/json")
            .send()
            .await
            .unwrap();
        if !response.status().is_success() {
            cancelled.errors += 1;
        }
        let _ = response.bytes().await;
        cancelled.latencies.push(sent.elapsed());
    }
    booked.elapsed = started.elapsed();
    cancelled.elapsed = booked.elapsed;
    (booked, cancelled)
}

/// A partner token that may issue `BenchmarkCredential`s (made by `portal api-token`).
fn issue_token(portal: &Portal) -> String {
    let out = portal.run(&[
        "api-token",
        "create",
        "--scope",
        "issue",
        "--types",
        "BenchmarkCredential",
        "--label",
        "load",
    ]);
    out.lines().last().unwrap().trim().to_owned()
}

/// A VC-API issue request for a `BenchmarkCredential` with the given options (the W3C examples
/// context gives the type a meaning, which `eddsa-rdfc-2022` needs).
fn issue_request(options: &Value) -> Value {
    json!({
        "credential": {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2"
            ],
            "type": ["VerifiableCredential", "BenchmarkCredential"],
            "credentialSubject": { "id": "did:example:load" }
        },
        "options": options
    })
}

/// A VC-JWT the portal issued (through the VC-API with a partner token), as the body of a
/// verify request.
async fn issued_jwt(portal: &Portal, token: &str) -> Value {
    let issued: Value = reqwest::Client::new()
        .post(format!("{}/credentials/issue", portal.base))
        .bearer_auth(token)
        .json(&issue_request(&json!({ "format": "vc+jwt" })))
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    json!({ "verifiableCredential": issued["verifiableCredential"] })
}

/// Raw Ed25519 verifications a second on one thread (ed25519-dalek), the verify route's
/// yardstick.
fn raw_verifications_per_second() -> f64 {
    use ed25519_dalek::{Signer, SigningKey, Verifier};
    let key = SigningKey::from_bytes(&[7; 32]);
    let message = [42u8; 300];
    let signature = key.sign(&message);
    let public = key.verifying_key();
    let rounds = 20_000;
    let started = Instant::now();
    for _ in 0..rounds {
        assert!(public.verify(&message, &signature).is_ok());
    }
    f64::from(rounds) / started.elapsed().as_secs_f64()
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
    // Per-client and per-token budgets lifted: one loopback client would measure refusals.
    let portal = Portal::start(
        &options,
        &[
            ("PORTAL_VERIFY_PER_MINUTE", "100000"),
            ("PORTAL_ISSUE_PER_MINUTE", "100000"),
        ],
    );
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
    let start: Make = Arc::new({
        let url = format!("{}/auth/signin/start", portal.base);
        move |client| client.post(url.as_str()).json(&json!({}))
    });
    hammer_with(&anonymous, start, &options)
        .await
        .report("POST /auth/signin/start (sign-in begin)");
    hammer(&amina.client, format!("{}/me", portal.base), &options)
        .await
        .report(&format!(
            "GET /me (session, {} connections)",
            options.connections
        ));
    paced(
        &amina.client,
        format!("{}/me", portal.base),
        options.rate,
        options.seconds,
    )
    .await
    .report(&format!("GET /me (session, {} a second)", options.rate));
    let token = Arc::new(issue_token(&portal));
    let body = Arc::new(issued_jwt(&portal, &token).await);
    let verify: Make = Arc::new({
        let url = format!("{}/credentials/verify", portal.base);
        move |client| client.post(url.as_str()).json(body.as_ref())
    });
    let checks = hammer_with(&anonymous, verify, &options).await;
    let checked_per_second = checks.latencies.len() as f64 / checks.elapsed.as_secs_f64();
    checks.report("POST /credentials/verify (VC-JWT)");
    for (form, issue_options) in [
        (
            "eddsa-rdfc-2022",
            json!({ "cryptosuite": "eddsa-rdfc-2022" }),
        ),
        ("eddsa-jcs-2022", json!({ "cryptosuite": "eddsa-jcs-2022" })),
        ("VC-JWT", json!({ "format": "vc+jwt" })),
    ] {
        let body = Arc::new(issue_request(&issue_options));
        let token = Arc::clone(&token);
        let url = format!("{}/credentials/issue", portal.base);
        let issue: Make = Arc::new(move |client| {
            client
                .post(url.as_str())
                .bearer_auth(token.as_str())
                .json(body.as_ref())
        });
        paced_with(&anonymous, issue, options.issue_rate, options.seconds, 201)
            .await
            .report(&format!(
                "POST /credentials/issue ({form}, {} a second)",
                options.issue_rate
            ));
    }
    // "Get my credential": the first tap issues the person's credential (every securing form
    // and the QR code), the later ones hand back the same one.
    let obtain: Make = Arc::new({
        let url = format!("{}/api/me/credentials/registration", portal.base);
        move |client| {
            client
                .post(url.as_str())
                .header("accept", "application/json")
                .form(&[("then", "")])
        }
    });
    paced_with(
        &amina.client,
        obtain,
        options.issue_rate,
        options.seconds,
        200,
    )
    .await
    .report(&format!(
        "POST /api/me/credentials/registration (get my credential, {} a second)",
        options.issue_rate
    ));
    let (booked, cancelled) = bookings(&portal, &amina, options.bookings).await;
    booked.report("POST /api/me/appointments (book)");
    cancelled.report("POST /api/me/appointments/{id}/cancel");
    decisions(&portal, &amina, &jonas, options.decisions)
        .await
        .report("POST /api/staff/requests/{id}/decide");
    let raw = raw_verifications_per_second();
    println!(
        "\nraw Ed25519 verifications on one thread: {raw:.0}/s; the verify route served {checked_per_second:.0}/s = {:.0} % of it",
        100.0 * checked_per_second / raw
    );
    let warnings = portal.warnings();
    if !warnings.is_empty() {
        println!("\nthe server logged:");
        for line in warnings {
            println!("  {line}");
        }
    }
}
