//! Attacks on the open routes, performed against the real server on SQLite and PostgreSQL:
//! each test sends what an attacker would and checks that the answer is quick, specific and
//! leaves the server serving everyone else. (No test measures time: a regression shows up as
//! a test that hangs, and `scripts/bench.sh` measures the throughput under attack.)
use std::io::Cursor;

use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

use portal_testkit::on_both_backends;
use portal_testkit::Backend;
use serde_json::{json, Value};

use crate::support::{spawn_app, spawn_demo, spawn_with, TestApp};

on_both_backends! {
    a_poison_graph_is_refused_on_every_verify_route,
    photos_built_to_be_slow_find_no_code,
    a_client_that_checks_too_often_is_told_to_wait,
    a_partner_token_that_issues_too_often_is_told_to_wait,
    a_full_verification_pool_answers_busy_and_the_portal_keeps_serving,
    a_client_that_never_finishes_its_headers_is_cut_off,
    a_partner_cannot_mint_the_portals_own_credentials_or_choose_their_status,
    a_partner_issues_only_its_types_and_the_verifier_names_it,
    connections_over_the_limit_are_closed_and_the_portal_recovers,
}

/// A credential signed by the portal for a partner (`eddsa-rdfc-2022`) whose subject is then
/// replaced by a complete graph of eight blank nodes, each `knows` every other: under 2 KB,
/// and about ten million steps of RDF canonicalization without a budget.
async fn poison_credential(app: &TestApp) -> Value {
    let token = app.api_token(&["issue"]).await;
    let unsigned = json!({
        "@context": [
            "https://www.w3.org/ns/credentials/v2",
            "https://www.w3.org/ns/credentials/examples/v2"
        ],
        "type": ["VerifiableCredential", "ExampleCredential"],
        "credentialSubject": { "id": "did:example:someone" }
    });
    let response = app
        .client
        .post(app.url("/credentials/issue"))
        .bearer_auth(&token)
        .json(&json!({ "credential": unsigned, "options": { "cryptosuite": "eddsa-rdfc-2022" } }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    let mut credential = response.json::<Value>().await.unwrap()["verifiableCredential"].clone();
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
    assert!(serde_json::to_vec(&credential).unwrap().len() < 2048);
    credential
}

fn reason_codes(answer: &Value) -> Vec<String> {
    answer["reasons"]
        .as_array()
        .map(|reasons| {
            reasons
                .iter()
                .filter_map(|r| r["code"].as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

async fn post_json(app: &TestApp, path: &str, body: &Value) -> (u16, Value) {
    let response = app
        .client
        .post(app.url(path))
        .json(body)
        .send()
        .await
        .unwrap();
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn a_poison_graph_is_refused_on_every_verify_route(backend: Backend) {
    let app = spawn_app(backend).await;
    let poison = poison_credential(&app).await;

    let (status, answer) = post_json(
        &app,
        "/credentials/verify",
        &json!({ "verifiableCredential": poison }),
    )
    .await;
    assert_eq!(status, 422, "{answer}");
    assert_eq!(reason_codes(&answer), ["canonicalization-limit"]);

    let presentation = json!({
        "@context": ["https://www.w3.org/ns/credentials/v2"],
        "type": ["VerifiablePresentation"],
        "verifiableCredential": [poison.clone()],
    });
    let (status, answer) = post_json(
        &app,
        "/presentations/verify",
        &json!({ "verifiablePresentation": presentation }),
    )
    .await;
    assert_eq!(status, 422, "{answer}");
    assert!(
        reason_codes(&answer).contains(&"canonicalization-limit".to_owned()),
        "{answer}"
    );

    // The verifier page: the pasted text is refused as unreadable, never genuine.
    let form = reqwest::multipart::Form::new().text("credential", poison.to_string());
    let page = app.verify_page(form).await;
    assert!(page.contains(r#"data-outcome="unreadable""#), "{page}");
    assert!(!page.contains(r#"data-outcome="genuine""#));

    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
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

async fn photos_built_to_be_slow_find_no_code(backend: Backend) {
    let app = spawn_app(backend).await;
    for photo in slow_photos() {
        let form = reqwest::multipart::Form::new().part(
            "image",
            reqwest::multipart::Part::bytes(photo)
                .file_name("qr.png")
                .mime_str("image/png")
                .unwrap(),
        );
        let page = app.verify_page(form).await;
        assert!(page.contains(r#"data-outcome="unreadable""#));
        assert!(
            page.contains("No QR code was found in the picture"),
            "{page}"
        );
    }
}

async fn a_client_that_checks_too_often_is_told_to_wait(backend: Backend) {
    let app = spawn_with(backend, &[("PORTAL_VERIFY_PER_MINUTE", "5")]).await;
    let body = json!({ "verifiableCredential": "not a credential" });
    for _ in 0..5 {
        let (status, _) = post_json(&app, "/credentials/verify", &body).await;
        assert_eq!(status, 400);
    }
    let response = app
        .client
        .post(app.url("/presentations/verify"))
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 429);
    let wait: u64 = response.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&wait));
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = response.json().await.unwrap();
    assert!(problem["detail"].as_str().unwrap().contains("wait"));
    // The page's form shares the budget; pages and the DID document do not.
    let form = reqwest::multipart::Form::new().text("credential", "x");
    let page = app
        .client
        .post(app.url("/verify"))
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(page.status().as_u16(), 429);
    for open in ["/verify", "/.well-known/did.json", "/healthz"] {
        let response = app.client.get(app.url(open)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{open}");
    }
}

async fn a_partner_token_that_issues_too_often_is_told_to_wait(backend: Backend) {
    let app = spawn_with(backend, &[("PORTAL_ISSUE_PER_MINUTE", "3")]).await;
    let (busy, other) = (
        app.api_token(&["issue"]).await,
        app.api_token(&["issue"]).await,
    );
    let body = json!({
        "credential": {
            "@context": ["https://www.w3.org/ns/credentials/v2"],
            "type": ["VerifiableCredential"],
            "credentialSubject": { "id": "did:example:someone" }
        }
    });
    let issue = |token: String| {
        let request = app
            .client
            .post(app.url("/credentials/issue"))
            .bearer_auth(token)
            .json(&body);
        async move { request.send().await.unwrap() }
    };
    for _ in 0..3 {
        assert_eq!(issue(busy.clone()).await.status().as_u16(), 201);
    }
    let refused = issue(busy.clone()).await;
    assert_eq!(refused.status().as_u16(), 429);
    assert!(refused.headers().contains_key("retry-after"));
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/too-many-requests");
    // Another partner's budget is its own.
    assert_eq!(issue(other).await.status().as_u16(), 201);
}

async fn a_full_verification_pool_answers_busy_and_the_portal_keeps_serving(backend: Backend) {
    let (app, _cast) = spawn_demo(backend).await;
    let pool = app.state.verifier.pool.clone();
    // Every thread of the pool taken by slow work (as a flood of checks would).
    let (release, wait) = std::sync::mpsc::channel::<()>();
    let wait = std::sync::Arc::new(std::sync::Mutex::new(wait));
    let mut holders = Vec::new();
    for _ in 0..pool.size() {
        let (pool, wait) = (pool.clone(), wait.clone());
        holders.push(tokio::spawn(async move {
            pool.run(move || {
                let _ = wait.lock().map(|w| w.recv());
            })
            .await
        }));
    }
    while pool.busy() < pool.size() {
        tokio::task::yield_now().await;
    }

    let response = app
        .client
        .post(app.url("/credentials/verify"))
        .json(&json!({ "verifiableCredential": "RP1:anything" }))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers()["retry-after"], "2");
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["type"], "/problems/busy");

    // The page says nothing was decided.
    let form = reqwest::multipart::Form::new().text("credential", "RP1:anything");
    let page = app.verify_page(form).await;
    assert!(
        page.contains("Nothing was decided about this proof"),
        "{page}"
    );

    // Everything else is served meanwhile.
    for open in ["/healthz", "/", "/signin", "/verify"] {
        let response = app.client.get(app.url(open)).send().await.unwrap();
        assert_eq!(response.status().as_u16(), 200, "{open}");
    }

    for _ in 0..pool.size() {
        release.send(()).unwrap();
    }
    for holder in holders {
        holder.await.unwrap().unwrap();
    }
    let (status, _) = post_json(
        &app,
        "/credentials/verify",
        &json!({ "verifiableCredential": "RP1:anything" }),
    )
    .await;
    assert_ne!(status, 503);
}

/// Reads from `stream` until the server closes it (or resets it); panics when it stays open
/// for a minute (far beyond any timeout these tests set).
async fn closed_by_server(stream: &mut TcpStream) -> Vec<u8> {
    let mut received = Vec::new();
    let reading = async {
        let mut buffer = [0u8; 1024];
        loop {
            match stream.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => received.extend_from_slice(&buffer[..n]),
            }
        }
    };
    tokio::time::timeout(std::time::Duration::from_secs(60), reading)
        .await
        .expect("the server kept a stalled connection open");
    received
}

async fn a_client_that_never_finishes_its_headers_is_cut_off(backend: Backend) {
    let app = spawn_with(backend, &[("PORTAL_HEADER_TIMEOUT_SECONDS", "1")]).await;
    // One connection trickles half a request head, another says nothing at all.
    let mut trickle = TcpStream::connect(app.addr).await.unwrap();
    trickle
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: portal\r\nX-Slow: ")
        .await
        .unwrap();
    let mut silent = TcpStream::connect(app.addr).await.unwrap();
    // Meanwhile everyone else is served.
    let health = app.client.get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(health.status().as_u16(), 200);
    let answer = closed_by_server(&mut trickle).await;
    assert!(
        answer.is_empty() || answer.starts_with(b"HTTP/1.1 408"),
        "{}",
        String::from_utf8_lossy(&answer)
    );
    closed_by_server(&mut silent).await;
}

async fn connections_over_the_limit_are_closed_and_the_portal_recovers(backend: Backend) {
    let app = spawn_with(
        backend,
        &[
            ("PORTAL_MAX_CONNECTIONS", "3"),
            ("PORTAL_HEADER_TIMEOUT_SECONDS", "30"),
        ],
    )
    .await;
    // Three idle connections take every place.
    let mut idle = Vec::new();
    for _ in 0..3 {
        idle.push(TcpStream::connect(app.addr).await.unwrap());
    }
    // Give the server the moment it needs to accept them.
    for _ in 0..50 {
        tokio::task::yield_now().await;
        tokio::time::sleep(std::time::Duration::from_millis(10)).await;
    }
    let mut over = TcpStream::connect(app.addr).await.unwrap();
    let _ = over
        .write_all(b"GET /healthz HTTP/1.1\r\nHost: portal\r\n\r\n")
        .await;
    let answer = closed_by_server(&mut over).await;
    assert!(answer.is_empty(), "{}", String::from_utf8_lossy(&answer));
    // When they go, the portal serves again.
    drop(idle);
    let mut served = false;
    for _ in 0..100 {
        let client = reqwest::Client::new();
        if let Ok(response) = client.get(app.url("/healthz")).send().await {
            served = response.status() == 200;
            if served {
                break;
            }
        }
        tokio::time::sleep(std::time::Duration::from_millis(20)).await;
    }
    assert!(served, "the portal serves again once connections close");
}

async fn a_partner_cannot_mint_the_portals_own_credentials_or_choose_their_status(
    backend: Backend,
) {
    let (app, _cast) = spawn_demo(backend).await;
    let token = app.api_token(&["issue"]).await;
    let issue = |body: Value| {
        let request = app
            .client
            .post(app.url("/credentials/issue"))
            .bearer_auth(&token)
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let v2 = "https://www.w3.org/ns/credentials/v2";
    let examples = "https://www.w3.org/ns/credentials/examples/v2";
    // A made-up person's "proof of registration", in four disguises.
    for (credential, member) in [
        (
            json!({
                "@context": [v2, examples],
                "type": ["VerifiableCredential", "RefugeeRegistrationCredential"],
                "credentialSubject": { "name": "Nobody" }
            }),
            "type",
        ),
        (
            json!({
                "@context": [v2, examples],
                "type": ["VerifiableCredential"],
                "credentialSubject": { "name": "Nobody", "registrationNumber": "AMM-26-999999" }
            }),
            "credentialSubject",
        ),
        (
            json!({
                "@context": [v2, "https://refugee-portal.example/ns/credentials/v1"],
                "type": ["VerifiableCredential"],
                "credentialSubject": { "name": "Nobody" }
            }),
            "@context",
        ),
        // The context the test server serves (its public URL is the default one).
        (
            json!({
                "@context": [v2, "http://localhost:3000/ns/credentials/v1"],
                "type": ["VerifiableCredential"],
                "credentialSubject": { "name": "Nobody" }
            }),
            "@context",
        ),
    ] {
        let (status, problem) = issue(json!({ "credential": credential })).await;
        assert_eq!(status, 422, "{problem}");
        assert_eq!(problem["type"], "/problems/issue-refused");
        assert_eq!(problem["member"], member, "{problem}");
    }
    // A status entry chosen by the caller (another credential's bit) is refused.
    let status_list = format!("{}/status/revocation/0", app.url(""));
    let (status, problem) = issue(json!({ "credential": {
        "@context": [v2],
        "type": ["VerifiableCredential"],
        "credentialSubject": { "id": "did:example:someone" },
        "credentialStatus": {
            "type": "BitstringStatusListEntry",
            "statusPurpose": "revocation",
            "statusListIndex": "0",
            "statusListCredential": status_list
        }
    }}))
    .await;
    assert_eq!(status, 422, "{problem}");
    assert_eq!(problem["member"], "credentialStatus");
    // The VC-API's way to ask for one: the portal allocates it.
    let (status, issued) = issue(json!({
        "credential": {
            "@context": [v2],
            "type": ["VerifiableCredential"],
            "credentialSubject": { "id": "did:example:someone" }
        },
        "options": { "credentialStatus": { "type": "BitstringStatusListEntry", "statusPurpose": "revocation" } }
    }))
    .await;
    assert_eq!(status, 201, "{issued}");
    let entries = issued["verifiableCredential"]["credentialStatus"]
        .as_array()
        .unwrap();
    assert_eq!(entries.len(), 2);
    let (status, _) = issue(json!({
        "credential": { "@context": [v2], "type": ["VerifiableCredential"], "credentialSubject": {} },
        "options": { "credentialStatus": { "type": "StatusList2021Entry" } }
    }))
    .await;
    assert_eq!(status, 400);
}

/// A clinic's token may issue clinic visits only, in every securing form; a school record it
/// sends is refused (422 naming `type`); the verifier page says which partner vouches for a
/// clinic visit (and nothing of the kind for the portal's own, see the credentials tests).
async fn a_partner_issues_only_its_types_and_the_verifier_names_it(backend: Backend) {
    let app = spawn_app(backend).await;
    let token = app
        .api_token_for(
            &["issue"],
            &["ClinicVisitCredential"],
            "Amman Mobile Clinic",
        )
        .await;
    let credential = |kind: &str| {
        json!({
            "@context": [
                "https://www.w3.org/ns/credentials/v2",
                "https://www.w3.org/ns/credentials/examples/v2"
            ],
            "type": ["VerifiableCredential", kind],
            "credentialSubject": { "id": "did:example:patient-7" }
        })
    };
    let issue = |body: Value| {
        let request = app
            .client
            .post(app.url("/credentials/issue"))
            .bearer_auth(&token)
            .json(&body);
        async move {
            let response = request.send().await.unwrap();
            let status = response.status().as_u16();
            (
                status,
                response.json::<Value>().await.unwrap_or(Value::Null),
            )
        }
    };
    let mut issued = Vec::new();
    for suite in ["eddsa-rdfc-2022", "eddsa-jcs-2022", "vc+jwt"] {
        let options = match suite {
            "vc+jwt" => json!({ "format": "vc+jwt" }),
            suite => json!({ "cryptosuite": suite }),
        };
        let (status, refused) = issue(json!({
            "credential": credential("SchoolEnrollmentCredential"),
            "options": options,
        }))
        .await;
        assert_eq!(status, 422, "{suite}: {refused}");
        assert_eq!(refused["type"], "/problems/issue-refused");
        assert_eq!(refused["member"], "type");
        assert!(
            refused["detail"]
                .as_str()
                .unwrap()
                .contains("ClinicVisitCredential"),
            "{refused}"
        );
        let (status, ok) = issue(json!({
            "credential": credential("ClinicVisitCredential"),
            "options": options,
        }))
        .await;
        assert_eq!(status, 201, "{suite}: {ok}");
        issued.push(ok["verifiableCredential"].clone());
    }
    let page = app
        .verify_page(reqwest::multipart::Form::new().text("credential", issued[1].to_string()))
        .await;
    assert!(page.contains("data-outcome=\"genuine\""), "{page}");
    assert!(
        page.contains("Issued through the portal by the partner")
            && page.contains("Amman Mobile Clinic"),
        "the verifier names the partner"
    );
}
