//! The verifier under attack, on loopback: how much valid verification and `/healthz` keep
//! while anonymous clients post what costs the most to check.
//!
//! Starts a release binary (demo data; the per-client verify budget lifted, as if the load
//! came from many addresses), issues a valid `eddsa-jcs-2022` credential through the VC-API,
//! and builds the attacks: a credential whose subject is a complete graph of eight blank nodes
//! (about ten million canonicalization steps without a budget) and two photos built to be slow
//! for a QR detector (a picture tiled with finder patterns, a large photo of noise). Then, for
//! `--seconds` each:
//!
//! 1. baseline: `--connections` clients post the valid credential to `/credentials/verify`,
//!    while one client reads `/healthz` every 20 ms;
//! 2. under attack: the same, while four clients post the poison graph to
//!    `/credentials/verify` and two post the slow photos to `/verify`, each in a loop.
//!
//! Prints the valid verifications per second in both phases (and their ratio), the
//! `/healthz` latencies, and how the attacks were answered. Nothing is asserted.
//!
//! ```text
//! cargo bench -p app --features ssr --bench attack -- --portal $PWD/target/release/portal
//!     [--seconds 15] [--connections 8]
//! ```
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod support;

use std::io::Cursor;
use std::sync::Arc;
use std::time::{Duration, Instant};

use serde_json::{json, Value};
use support::{options, Portal, Sample};

/// Posts `body` (JSON) to `url` in a loop until `deadline`; `expected` is the status a
/// normal answer has.
async fn post_loop(
    client: reqwest::Client,
    url: Arc<String>,
    body: Arc<Vec<u8>>,
    expected: u16,
    deadline: Instant,
) -> Sample {
    let mut sample = Sample::default();
    let started = Instant::now();
    while Instant::now() < deadline {
        let sent = Instant::now();
        let status = match client
            .post(url.as_str())
            .header("content-type", "application/json")
            .body(body.to_vec())
            .send()
            .await
        {
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
        if status != expected {
            sample.errors += 1;
            *sample.statuses.entry(status).or_default() += 1;
        }
    }
    sample.elapsed = started.elapsed();
    sample
}

/// Posts `photo` to the verifier page in a loop until `deadline`, counting every answer by
/// status.
async fn photo_loop(
    client: reqwest::Client,
    url: Arc<String>,
    photo: Arc<Vec<u8>>,
    deadline: Instant,
) -> Sample {
    let mut sample = Sample::default();
    let started = Instant::now();
    while Instant::now() < deadline {
        let part = reqwest::multipart::Part::bytes(photo.to_vec())
            .file_name("photo.png")
            .mime_str("image/png")
            .unwrap();
        let form = reqwest::multipart::Form::new().part("image", part);
        let sent = Instant::now();
        let status = match client.post(url.as_str()).multipart(form).send().await {
            Ok(response) => response.status().as_u16(),
            Err(_) => 0,
        };
        sample.latencies.push(sent.elapsed());
        *sample.statuses.entry(status).or_default() += 1;
    }
    sample.elapsed = started.elapsed();
    sample
}

/// Reads `/healthz` every 20 ms until `deadline`.
async fn probe(client: reqwest::Client, url: String, deadline: Instant) -> Sample {
    let mut sample = Sample::default();
    let started = Instant::now();
    while Instant::now() < deadline {
        let sent = Instant::now();
        let ok = match client.get(&url).send().await {
            Ok(response) => response.status().is_success() && response.bytes().await.is_ok(),
            Err(_) => false,
        };
        sample.latencies.push(sent.elapsed());
        if !ok {
            sample.errors += 1;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    sample.elapsed = started.elapsed();
    sample
}

/// Answers of `sample` that were the expected status, per second.
fn verified_per_second(sample: &Sample) -> f64 {
    (sample.latencies.len() - sample.errors) as f64 / sample.elapsed.as_secs_f64().max(f64::EPSILON)
}

/// A client with its own connection pool (one keep-alive connection per loop).
fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .timeout(Duration::from_secs(60))
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap()
}

async fn issue(portal: &Portal, token: &str, suite: &str) -> Value {
    let body = json!({
        "credential": {
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2"
            ],
            "type": ["VerifiableCredential", "ExampleCredential"],
            "credentialSubject": { "id": "did:example:benchmark" }
        },
        "options": { "cryptosuite": suite }
    });
    let response = client()
        .post(format!("{}/credentials/issue", portal.base))
        .bearer_auth(token)
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    response.json::<Value>().await.unwrap()["verifiableCredential"].clone()
}

/// The signed credential with its subject replaced by a complete graph of eight blank nodes.
fn poisoned(mut credential: Value) -> Value {
    let nodes: Vec<Value> = (0..8)
        .map(|i| {
            let others: Vec<Value> = (0..8)
                .filter(|j| *j != i)
                .map(|j| json!({ "id": format!("_:n{j}") }))
                .collect();
            json!({ "id": format!("_:n{i}"), "knows": others })
        })
        .collect();
    credential["credentialSubject"] = Value::Array(nodes);
    credential
}

fn png(image: &image::GrayImage) -> Vec<u8> {
    let mut out = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut out), image::ImageFormat::Png)
        .unwrap();
    out
}

/// A picture tiled with QR finder patterns, and a large photo of noise.
fn slow_photos() -> [Vec<u8>; 2] {
    let tiles = image::GrayImage::from_fn(1024, 1024, |x, y| {
        let (mx, my) = ((x / 4) % 8, (y / 4) % 8);
        let ring = mx.min(my).min(6 - mx.min(6)).min(6 - my.min(6));
        let dark = mx < 7 && my < 7 && (ring == 0 || ring >= 2);
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut seed: u32 = 0x9e37_79b9;
    let noise = image::GrayImage::from_fn(2400, 2400, |_, _| {
        seed ^= seed << 13;
        seed ^= seed >> 17;
        seed ^= seed << 5;
        image::Luma([if seed & 1 == 0 { 0 } else { 255 }])
    });
    [png(&tiles), png(&noise)]
}

/// A request body shared by the loops that send it.
type Payload = Arc<Vec<u8>>;

/// What the attackers send: the poison graph and the two slow photos.
struct Attack<'a> {
    poison: &'a Payload,
    photos: &'a [Payload; 2],
}

/// One phase: valid verifications and the health probe, with or without the attackers.
async fn phase(
    portal: &Portal,
    connections: usize,
    seconds: u64,
    valid: &Payload,
    attack: Option<Attack<'_>>,
) -> (Sample, Sample, Sample, Sample) {
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let verify = Arc::new(format!("{}/credentials/verify", portal.base));
    let page = Arc::new(format!("{}/verify", portal.base));
    let mut valid_loops = Vec::new();
    for _ in 0..connections {
        valid_loops.push(tokio::spawn(post_loop(
            client(),
            verify.clone(),
            valid.clone(),
            200,
            deadline,
        )));
    }
    let health = tokio::spawn(probe(
        client(),
        format!("{}/healthz", portal.base),
        deadline,
    ));
    let mut poison_loops = Vec::new();
    let mut photo_loops = Vec::new();
    if let Some(Attack { poison, photos }) = attack {
        for _ in 0..4 {
            poison_loops.push(tokio::spawn(post_loop(
                client(),
                verify.clone(),
                poison.clone(),
                422,
                deadline,
            )));
        }
        for photo in photos {
            photo_loops.push(tokio::spawn(photo_loop(
                client(),
                page.clone(),
                photo.clone(),
                deadline,
            )));
        }
    }
    let mut merged = [Sample::default(), Sample::default(), Sample::default()];
    for (slot, tasks) in [valid_loops, poison_loops, photo_loops]
        .into_iter()
        .enumerate()
    {
        for task in tasks {
            let sample = task.await.unwrap();
            merged[slot].elapsed = merged[slot].elapsed.max(sample.elapsed);
            merged[slot].merge(sample);
        }
    }
    let [valid, poison, photos] = merged;
    (valid, health.await.unwrap(), poison, photos)
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let options = options();
    let portal = Portal::start(
        &options,
        &[
            // Valid load and attackers come from one address here; in the field they come
            // from many, each within its own budget.
            ("PORTAL_VERIFY_PER_MINUTE", "100000"),
            ("PORTAL_ISSUE_PER_MINUTE", "1000"),
        ],
    );
    portal.wait_ready(&client()).await;
    let token = portal
        .run(&[
            "api-token",
            "create",
            "--scope",
            "issue",
            "--types",
            "ExampleCredential",
            "--label",
            "attack benchmark",
        ])
        .lines()
        .last()
        .unwrap()
        .to_owned();
    let valid = issue(&portal, &token, "eddsa-jcs-2022").await;
    let valid = Arc::new(serde_json::to_vec(&json!({ "verifiableCredential": valid })).unwrap());
    let poison = poisoned(issue(&portal, &token, "eddsa-rdfc-2022").await);
    let poison = Arc::new(serde_json::to_vec(&json!({ "verifiableCredential": poison })).unwrap());
    let photos = slow_photos().map(Arc::new);
    println!(
        "attack payloads: poison graph {} bytes; photos {} and {} bytes",
        poison.len(),
        photos[0].len(),
        photos[1].len()
    );

    println!(
        "{:44} {:>8} {:>7} {:>10} {:>9} {:>9}",
        "", "requests", "errors", "req/s", "p50 ms", "p99 ms"
    );
    let (base_valid, base_health, _, _) =
        phase(&portal, options.connections, options.seconds, &valid, None).await;
    let base_rate = verified_per_second(&base_valid);
    base_valid.report("baseline: valid POST /credentials/verify");
    base_health.report("baseline: GET /healthz every 20 ms");
    let (valid_now, health_now, poison_now, photos_now) = phase(
        &portal,
        options.connections,
        options.seconds,
        &valid,
        Some(Attack {
            poison: &poison,
            photos: &photos,
        }),
    )
    .await;
    let rate = verified_per_second(&valid_now);
    valid_now.report("attack: valid POST /credentials/verify");
    health_now.report("attack: GET /healthz every 20 ms");
    poison_now.report("attack: 4 x poison graph (422 expected)");
    photos_now.report("attack: 2 x slow photo to /verify (by status)");
    println!(
        "\nvalid credentials verified (200) under attack: {:.0}% of the baseline ({rate:.0} vs {base_rate:.0} per second)",
        100.0 * rate / base_rate.max(f64::EPSILON)
    );
    let warnings = portal.warnings();
    if !warnings.is_empty() {
        println!("\nthe server logged:");
        for line in warnings {
            println!("  {line}");
        }
    }
}
