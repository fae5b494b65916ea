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

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use url::Url;
use webauthn_authenticator_rs::softpasskey::SoftPasskey;
use webauthn_authenticator_rs::WebauthnAuthenticator;
use webauthn_rs_proto::{CreationChallengeResponse, PublicKeyCredential, RequestChallengeResponse};

struct Options {
    portal: String,
    seconds: u64,
    connections: usize,
    decisions: usize,
    database_url: Option<String>,
}

fn options() -> Options {
    let mut options = Options {
        portal: "target/release/portal".to_owned(),
        seconds: 10,
        connections: 8,
        decisions: 200,
        database_url: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        let mut value = || args.next().unwrap_or_else(|| panic!("{arg} needs a value"));
        match arg.as_str() {
            "--portal" => options.portal = value(),
            "--seconds" => options.seconds = value().parse().unwrap(),
            "--connections" => options.connections = value().parse().unwrap(),
            "--decisions" => options.decisions = value().parse().unwrap(),
            "--database-url" => options.database_url = Some(value()),
            // `cargo bench` passes `--bench`; anything else is a mistake worth seeing.
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    options
}

/// The portal under test, stopped when dropped.
struct Portal {
    child: Child,
    base: String,
    origin: String,
    binary: String,
    env: Vec<(String, String)>,
    _dir: tempfile::TempDir,
}

impl Portal {
    fn start(options: &Options) -> Portal {
        let dir = tempfile::tempdir().unwrap();
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let origin = format!("http://localhost:{port}");
        let mut env = vec![
            ("PORTAL_ADDR".to_owned(), format!("127.0.0.1:{port}")),
            ("PORTAL_PUBLIC_URL".to_owned(), origin.clone()),
            (
                "PORTAL_DATA_DIR".to_owned(),
                dir.path().join("data").display().to_string(),
            ),
            ("PORTAL_LOG".to_owned(), "warn".to_owned()),
            // The load comes from one address: the sign-in budget is not what is measured.
            (
                "PORTAL_AUTH_ATTEMPTS_PER_MINUTE".to_owned(),
                "100000".to_owned(),
            ),
        ];
        if let Some(url) = &options.database_url {
            env.push(("PORTAL_DATABASE_URL".to_owned(), url.clone()));
        }
        let mut portal = Portal {
            child: Command::new("true").spawn().unwrap(),
            base: format!("http://127.0.0.1:{port}"),
            origin,
            binary: options.portal.clone(),
            env,
            _dir: dir,
        };
        portal.run(&["seed-demo"]);
        let log = std::fs::File::create(portal.log_path()).unwrap();
        portal.child = Command::new(&portal.binary)
            .arg("serve")
            .envs(portal.env.iter().cloned())
            .stdout(Stdio::null())
            .stderr(log)
            .spawn()
            .unwrap();
        portal
    }

    /// Where the server's log goes (warnings only: never personal data): `PORTAL_BENCH_LOG`
    /// keeps it after the run, else it goes with the temporary directory.
    fn log_path(&self) -> std::path::PathBuf {
        std::env::var_os("PORTAL_BENCH_LOG")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| self._dir.path().join("portal.log"))
    }

    /// The distinct warnings the server logged, without their time stamps.
    fn warnings(&self) -> Vec<String> {
        let text = std::fs::read_to_string(self.log_path()).unwrap_or_default();
        let mut seen: Vec<String> = Vec::new();
        for line in text.lines() {
            let line = line.split_once("Z ").map_or(line, |(_, rest)| rest).trim();
            if !line.is_empty() && !seen.iter().any(|s| s == line) && seen.len() < 20 {
                seen.push(line.to_owned());
            }
        }
        seen
    }

    fn run(&self, args: &[&str]) -> String {
        let output = Command::new(&self.binary)
            .args(args)
            .envs(self.env.iter().cloned())
            .output()
            .unwrap();
        assert!(output.status.success(), "portal {args:?} failed");
        String::from_utf8(output.stdout).unwrap()
    }

    /// The enrollment token of a fresh invitation (`portal invite …`).
    fn invitation(&self, args: &[&str]) -> String {
        let mut all = vec!["invite"];
        all.extend_from_slice(args);
        let out = self.run(&all);
        out.split("/enroll/")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .unwrap()
            .to_owned()
    }

    async fn wait_ready(&self, client: &reqwest::Client) {
        for _ in 0..300 {
            if let Ok(response) = client.get(format!("{}/readyz", self.base)).send().await {
                if response.status().is_success() {
                    return;
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("the portal did not become ready");
    }
}

impl Drop for Portal {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

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

/// Latencies of one route, and how many answers were not what was expected.
#[derive(Default)]
struct Sample {
    latencies: Vec<Duration>,
    errors: usize,
    /// The unexpected answers by status (0: no answer at all).
    statuses: std::collections::BTreeMap<u16, usize>,
    elapsed: Duration,
}

impl Sample {
    fn merge(&mut self, other: Sample) {
        self.latencies.extend(other.latencies);
        self.errors += other.errors;
        for (status, n) in other.statuses {
            *self.statuses.entry(status).or_default() += n;
        }
    }

    fn percentile(sorted: &[Duration], p: f64) -> Duration {
        if sorted.is_empty() {
            return Duration::ZERO;
        }
        let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
        sorted[rank.clamp(1, sorted.len()) - 1]
    }

    fn report(mut self, route: &str) {
        self.latencies.sort();
        let count = self.latencies.len();
        let rate = count as f64 / self.elapsed.as_secs_f64().max(f64::EPSILON);
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "{route:44} {count:>8} {errors:>7} {rate:>10.0} {p50:>9.2} {p99:>9.2}",
            errors = self.errors,
            p50 = ms(Self::percentile(&self.latencies, 50.0)),
            p99 = ms(Self::percentile(&self.latencies, 99.0)),
        );
        for (status, n) in &self.statuses {
            println!("{:44} {n:>8} answered {status}", "");
        }
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
    let portal = Portal::start(&options);
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
