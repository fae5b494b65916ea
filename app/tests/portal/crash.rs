//! Nothing acknowledged is lost: the `portal serve` process is killed with SIGKILL while people
//! keep sending update requests and booking and cancelling appointments; after a restart every
//! write that was answered with success is there, in the state last acknowledged, and the
//! audit chain verifies. On SQLite and PostgreSQL.
use std::collections::BTreeMap;
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::Utc;
use portal_domain::session::Principal;
use portal_testkit::{on_both_backends, Backend, Cast, TestDatabase};

on_both_backends! {
    every_acknowledged_write_survives_a_kill_during_load,
    a_stop_lets_a_request_in_flight_finish_and_takes_nothing_new,
}

/// A `portal` process on the test's database and data folder.
fn portal(db: &TestDatabase, port: u16) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_portal"));
    command
        .env_clear()
        .env("PORTAL_DATA_DIR", db.dir.path().join("data"))
        .env("PORTAL_DATABASE_URL", &db.url)
        .env("PORTAL_ADDR", format!("127.0.0.1:{port}"))
        .env("PORTAL_PUBLIC_URL", format!("http://localhost:{port}"))
        .env("PORTAL_LOG", "warn")
        .current_dir(db.dir.path())
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    command
}

/// `portal audit verify` on the test's database says the chain is intact.
fn assert_audit_intact(db: &TestDatabase) {
    let audit = portal(db, 0)
        .args(["audit", "verify"])
        .stdout(Stdio::piped())
        .output()
        .unwrap();
    let said = String::from_utf8_lossy(&audit.stdout);
    assert!(
        audit.status.success() && said.contains("Audit trail intact"),
        "{said}"
    );
}

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// Starts `portal serve` and waits until it is ready.
async fn serve(db: &TestDatabase, port: u16, client: &reqwest::Client) -> Child {
    let mut child = portal(db, port).arg("serve").spawn().unwrap();
    let url = format!("http://127.0.0.1:{port}/readyz");
    let mut ready = false;
    for _ in 0..300 {
        ready = client
            .get(&url)
            .send()
            .await
            .is_ok_and(|response| response.status().is_success());
        if ready {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    if !ready {
        child.kill().unwrap();
        child.wait().unwrap();
        panic!("the portal did not get ready");
    }
    child
}

/// What the server acknowledged, by the id it answered with.
#[derive(Default)]
struct Acknowledged {
    /// Update requests: id → the phone asked for, and whose session asked.
    requests: BTreeMap<String, (String, String)>,
    /// Bookings: id → (cookie, whether a cancel was acknowledged).
    bookings: BTreeMap<String, (String, bool)>,
}

async fn every_acknowledged_write_survives_a_kill_during_load(backend: Backend) {
    let db = TestDatabase::create(backend).await;
    let seeded = portal(&db, 0).arg("seed-demo").status().unwrap();
    assert!(seeded.success());
    let store = db.open().await;
    let cast = Cast::load(&store).await;
    let config = portal_testkit::config_for(&db, &[]);
    let policy = config.session_policy();
    let cookie = |principal| {
        let (store, policy) = (&store, &policy);
        async move {
            use portal_core::auth::sessions;
            let now = Utc::now();
            let mut tx = store.begin().await.unwrap();
            let (_, anonymous) = sessions::start_anonymous(&mut tx, policy, now)
                .await
                .unwrap();
            let (token, _) = sessions::sign_in(&mut tx, policy, &anonymous.hash, principal, now)
                .await
                .unwrap();
            tx.commit().await.unwrap();
            format!("portal_session={}", token.expose())
        }
    };
    let mut writers = Vec::new();
    for person in [&cast.amina, &cast.khaled, &cast.mahmoud, &cast.selam] {
        writers.push((person.id, cookie(Principal::Person(person.id)).await));
    }
    // Free slots for the two households that book (one booking per household and service).
    let mut slots = BTreeMap::new();
    for person in [&cast.amina, &cast.mahmoud] {
        let mut conn = store.read().await.unwrap();
        let ctx = portal_core::Ctx::at(Utc::now());
        let location = portal_core::booking::locations_for_person(&mut conn, person.id)
            .await
            .unwrap()
            .remove(0);
        let free: Vec<String> = portal_core::booking::free_slots(
            &mut conn,
            &ctx,
            person.id,
            location.id,
            "document-renewal",
            28,
        )
        .await
        .unwrap()
        .into_iter()
        .filter(|s| s.starts_at > Utc::now() + chrono::Duration::days(2))
        .map(|s| s.id.to_string())
        .collect();
        assert!(free.len() > 20, "enough slots to book in a loop");
        slots.insert(person.id, free);
    }
    store.close().await;

    let port = free_port();
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut server = serve(&db, port, &client).await;
    let base = format!("http://127.0.0.1:{port}");
    let acknowledged = Arc::new(Mutex::new(Acknowledged::default()));
    let mut tasks = Vec::new();
    for (n, (person, cookie)) in writers.iter().enumerate() {
        // Update requests: a new phone each time.
        {
            let (client, base, cookie, acknowledged) = (
                client.clone(),
                base.clone(),
                cookie.clone(),
                acknowledged.clone(),
            );
            tasks.push(tokio::spawn(async move {
                for i in 0.. {
                    let phone = format!("+96279{n}{i:05}");
                    let form = reqwest::multipart::Form::new()
                        .text("kind", "contact")
                        .text("phone", phone.clone());
                    let Ok(response) = client
                        .post(format!("{base}/api/me/requests"))
                        .header("cookie", &cookie)
                        .header("accept", "application/json")
                        .multipart(form)
                        .send()
                        .await
                    else {
                        return;
                    };
                    if response.status().as_u16() != 201 {
                        return;
                    }
                    let Ok(body) = response.json::<serde_json::Value>().await else {
                        return;
                    };
                    let id = body["id"].as_str().unwrap().to_owned();
                    acknowledged
                        .lock()
                        .unwrap()
                        .requests
                        .insert(id, (phone, cookie.clone()));
                }
            }));
        }
        // Bookings: book a slot, cancel it, book the next.
        let Some(free) = slots.get(person).cloned() else {
            continue;
        };
        let (client, base, cookie, acknowledged) = (
            client.clone(),
            base.clone(),
            cookie.clone(),
            acknowledged.clone(),
        );
        tasks.push(tokio::spawn(async move {
            for slot in free {
                let Ok(response) = client
                    .post(format!("{base}/api/me/appointments"))
                    .header("cookie", &cookie)
                    .header("accept", "application/json")
                    .form(&[("slot", &slot)])
                    .send()
                    .await
                else {
                    return;
                };
                if response.status().as_u16() != 201 {
                    return;
                }
                let Ok(body) = response.json::<serde_json::Value>().await else {
                    return;
                };
                let id = body["id"].as_str().unwrap().to_owned();
                acknowledged
                    .lock()
                    .unwrap()
                    .bookings
                    .insert(id.clone(), (cookie.clone(), false));
                let Ok(response) = client
                    .post(format!("{base}/api/me/appointments/{id}/cancel"))
                    .header("cookie", &cookie)
                    .header("accept", "application/json")
                    .send()
                    .await
                else {
                    return;
                };
                if !response.status().is_success() {
                    return;
                }
                acknowledged
                    .lock()
                    .unwrap()
                    .bookings
                    .insert(id, (cookie.clone(), true));
            }
        }));
    }
    // Let writes pile up, then kill the server in the middle of them.
    for _ in 0..200 {
        tokio::time::sleep(Duration::from_millis(25)).await;
        let seen = acknowledged.lock().unwrap();
        if seen.requests.len() >= 60 && seen.bookings.len() >= 6 {
            break;
        }
    }
    server.kill().unwrap();
    server.wait().unwrap();
    for task in tasks {
        task.await.unwrap();
    }
    let acknowledged = std::mem::take(&mut *acknowledged.lock().unwrap());
    assert!(
        acknowledged.requests.len() >= 20 && !acknowledged.bookings.is_empty(),
        "the load ran: {} requests, {} bookings acknowledged",
        acknowledged.requests.len(),
        acknowledged.bookings.len()
    );

    // A restart on the same database and data folder.
    let mut server = serve(&db, port, &client).await;
    for (id, (phone, cookie)) in &acknowledged.requests {
        let response = client
            .post(format!("{base}/api/me/requests/one"))
            .header("cookie", cookie)
            .form(&[("id", id)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "request {id} is there");
        let body = response.text().await.unwrap();
        let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
        let shown: String = body.chars().filter(char::is_ascii_digit).collect();
        assert!(
            shown.contains(&digits[3..]),
            "request {id} asks for {phone}"
        );
    }
    for (id, (cookie, cancelled)) in &acknowledged.bookings {
        let response = client
            .post(format!("{base}/api/me/appointments/one"))
            .header("cookie", cookie)
            .form(&[("id", id)])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 200, "booking {id} is there");
        let body = response.text().await.unwrap();
        if *cancelled {
            assert!(
                body.contains("cancelled"),
                "booking {id} stays cancelled: {body}"
            );
        }
    }
    // The restarted portal takes new writes.
    let response = client
        .post(format!("{base}/api/me/requests"))
        .header("cookie", &writers[0].1)
        .header("accept", "application/json")
        .multipart(
            reqwest::multipart::Form::new()
                .text("kind", "contact")
                .text("phone", "+962791112233"),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 201);
    server.kill().unwrap();
    server.wait().unwrap();

    assert_audit_intact(&db);
    eprintln!(
        "{backend:?}: {} update requests and {} bookings acknowledged before the kill, all there after the restart",
        acknowledged.requests.len(),
        acknowledged.bookings.len()
    );
}

/// SIGTERM while a signed-in person's request is half sent: the portal takes no new
/// connection, lets that request finish and write, then exits by itself (its jobs stopped
/// within the grace time), and the audit chain verifies.
async fn a_stop_lets_a_request_in_flight_finish_and_takes_nothing_new(backend: Backend) {
    use tokio::io::{AsyncReadExt, AsyncWriteExt};

    let db = TestDatabase::create(backend).await;
    assert!(portal(&db, 0).arg("seed-demo").status().unwrap().success());
    let store = db.open().await;
    let cast = Cast::load(&store).await;
    let config = portal_testkit::config_for(&db, &[]);
    let policy = config.session_policy();
    let cookie = {
        use portal_core::auth::sessions;
        let now = Utc::now();
        let mut tx = store.begin().await.unwrap();
        let (_, anonymous) = sessions::start_anonymous(&mut tx, &policy, now)
            .await
            .unwrap();
        let (token, _) = sessions::sign_in(
            &mut tx,
            &policy,
            &anonymous.hash,
            Principal::Person(cast.amina.id),
            now,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        format!("portal_session={}", token.expose())
    };
    store.close().await;

    let port = free_port();
    let client = reqwest::Client::builder()
        .timeout(Duration::from_secs(5))
        .build()
        .unwrap();
    let mut server = serve(&db, port, &client).await;

    // Her language switch, sent up to the middle of its body.
    let body = "locale=fr";
    let mut stream = tokio::net::TcpStream::connect(("127.0.0.1", port))
        .await
        .unwrap();
    let head = format!(
        "POST /api/locale HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nCookie: {cookie}\r\n\
         Sec-Fetch-Site: same-origin\r\nContent-Type: application/x-www-form-urlencoded\r\n\
         Content-Length: {}\r\nConnection: close\r\n\r\n{}",
        body.len(),
        &body[..4]
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;

    let stopped = Command::new("kill")
        .args(["-TERM", &server.id().to_string()])
        .status()
        .unwrap();
    assert!(stopped.success());
    let mut refused = false;
    for _ in 0..50 {
        tokio::time::sleep(Duration::from_millis(50)).await;
        if tokio::net::TcpStream::connect(("127.0.0.1", port))
            .await
            .is_err()
        {
            refused = true;
            break;
        }
    }
    assert!(refused, "no new connection after the stop");
    assert!(
        server.try_wait().unwrap().is_none(),
        "still finishing the request in flight"
    );

    // The rest of the body: the request completes and is answered.
    stream.write_all(&body.as_bytes()[4..]).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    let status = answer.split_whitespace().nth(1).unwrap_or_default();
    assert!(
        status.starts_with('2') || status.starts_with('3'),
        "{answer}"
    );

    // The portal exits by itself, its jobs stopped.
    let mut exited = None;
    for _ in 0..200 {
        if let Some(status) = server.try_wait().unwrap() {
            exited = Some(status);
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let exited = exited.expect("the portal exits after its stop");
    assert!(exited.success(), "{exited:?}");

    let store = db.open().await;
    let language =
        portal_storage::people::portal_language(&mut store.read().await.unwrap(), cast.amina.id)
            .await
            .unwrap();
    assert_eq!(
        language,
        Some(portal_i18n::Locale::Fr),
        "the write is there"
    );
    store.close().await;
    assert_audit_intact(&db);
}
