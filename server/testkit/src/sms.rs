//! A local HTTP listener standing in for an SMS gateway: it records every request it receives
//! (method, path, authorization, body) and answers `200`, or `503` while told to fail.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

/// One request the gateway received.
#[derive(Clone, Debug)]
pub struct Received {
    /// `POST`, …
    pub method: String,
    /// The request target.
    pub path: String,
    /// The `Authorization` header, if any.
    pub authorization: Option<String>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body, parsed as JSON (`Null` when it was not JSON).
    pub body: serde_json::Value,
}

/// The listener; it stops accepting when the test ends (its thread is detached).
pub struct SmsSink {
    /// `http://127.0.0.1:PORT/send`.
    pub url: String,
    received: Arc<Mutex<Vec<Received>>>,
    failures: Arc<AtomicUsize>,
}

impl SmsSink {
    /// Starts listening on a free port.
    ///
    /// # Panics
    /// When no port can be bound: the test must fail.
    #[allow(clippy::expect_used)]
    pub fn start() -> SmsSink {
        let listener = TcpListener::bind("127.0.0.1:0").expect("free port");
        let port = listener.local_addr().expect("bound").port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let failures = Arc::new(AtomicUsize::new(0));
        let (log, failing) = (received.clone(), failures.clone());
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                let ok = failing
                    .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                    .is_err();
                if let Some(request) = read(&stream) {
                    if let Ok(mut log) = log.lock() {
                        log.push(request);
                    }
                }
                let status = if ok {
                    "200 OK"
                } else {
                    "503 Service Unavailable"
                };
                let mut stream = stream;
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{{}}"
                );
            }
        });
        SmsSink {
            url: format!("http://127.0.0.1:{port}/send"),
            received,
            failures,
        }
    }

    /// Answers the next `n` requests with `503`.
    pub fn fail_next(&self, n: usize) {
        self.failures.store(n, Ordering::SeqCst);
    }

    /// Everything received so far.
    pub fn received(&self) -> Vec<Received> {
        self.received.lock().map(|r| r.clone()).unwrap_or_default()
    }
}

/// Reads one HTTP/1.1 request with a `Content-Length` body.
fn read(stream: &TcpStream) -> Option<Received> {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    reader.read_line(&mut line).ok()?;
    let mut parts = line.split_whitespace();
    let (method, path) = (parts.next()?.to_owned(), parts.next()?.to_owned());
    let (mut length, mut authorization, mut content_type) = (0_usize, None, None);
    loop {
        let mut header = String::new();
        reader.read_line(&mut header).ok()?;
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let (name, value) = header.split_once(':')?;
        let value = value.trim().to_owned();
        match name.to_ascii_lowercase().as_str() {
            "content-length" => length = value.parse().ok()?,
            "authorization" => authorization = Some(value),
            "content-type" => content_type = Some(value),
            _ => {}
        }
    }
    let mut body = vec![0_u8; length.min(1 << 20)];
    reader.read_exact(&mut body).ok()?;
    Some(Received {
        method,
        path,
        authorization,
        content_type,
        body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
    })
}
