//! Starts the real portal on a random port against a fresh database, like production does.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod passkey;

use std::net::SocketAddr;
use std::sync::Arc;

use app::server::serve;
use app::server::state::AppState;
use portal_core::Config;
use portal_domain::clock::SharedClock;
use portal_domain::clock::SystemClock;
use portal_testkit::{Backend, TestDatabase};

/// A running portal and what a test needs to talk to it.
pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub client: reqwest::Client,
    pub db: TestDatabase,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client.get(self.url(path)).send().await.unwrap()
    }

    pub async fn get_in(&self, path: &str, accept_language: &str) -> reqwest::Response {
        self.client
            .get(self.url(path))
            .header("accept-language", accept_language)
            .send()
            .await
            .unwrap()
    }
}

impl TestApp {
    /// A cookie for a fresh signed-in session of `principal` (what a passkey sign-in leaves
    /// behind; the ceremony itself is tested in portal-server's passkey tests and in e2e).
    pub async fn session_cookie(&self, principal: portal_domain::session::Principal) -> String {
        let token = portal_domain::tokens::SecretToken::generate();
        let session = self.state.policy.signed_in(principal, chrono::Utc::now());
        self.state
            .store
            .insert_session(&token.hash(), &session)
            .await
            .unwrap();
        format!("portal_session={}", token.expose())
    }

    /// Calls a server function with form arguments, as a cookie-holding browser would.
    pub async fn call(
        &self,
        endpoint: &str,
        cookie: Option<&str>,
        args: &[(&str, &str)],
    ) -> (u16, String) {
        let mut request = self.client.post(self.url(endpoint)).form(args);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
    }
}

impl Drop for TestApp {
    fn drop(&mut self) {
        if let Some(shutdown) = self.shutdown.take() {
            let _ = shutdown.send(());
        }
    }
}

/// The configuration a test server runs with: port 0, the test's own data dir and database.
pub fn test_config(db: &TestDatabase) -> Config {
    let data_dir = db.dir.path().join("data");
    let vars = [
        ("PORTAL_ADDR", "127.0.0.1:0".to_owned()),
        ("PORTAL_DATA_DIR", data_dir.display().to_string()),
        ("PORTAL_DATABASE_URL", db.url.clone()),
        ("PORTAL_DATABASE_MAX_CONNECTIONS", "5".to_owned()),
        ("PORTAL_LOG", "warn".to_owned()),
    ];
    Config::from_sources(None, &|name| {
        vars.iter()
            .find(|(k, _)| *k == name)
            .map(|(_, v)| v.clone())
    })
    .unwrap()
}

/// Starts the portal on `backend` with an empty (migrated) database.
pub async fn spawn_app(backend: Backend) -> TestApp {
    let db = TestDatabase::create(backend).await;
    let config = test_config(&db);
    let store = serve::open_store(&config).await.unwrap();
    let clock: SharedClock = Arc::new(SystemClock);
    let state = serve::state(config, store, clock).unwrap();
    let listener = serve::bind(&state.config).await.unwrap();
    let addr = listener.local_addr().unwrap();
    let (shutdown, stopped) = tokio::sync::oneshot::channel::<()>();
    let serving = state.clone();
    tokio::spawn(async move {
        let _ = serve::serve(serving, listener, async {
            let _ = stopped.await;
        })
        .await;
    });
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    TestApp {
        addr,
        state,
        client,
        db,
        shutdown: Some(shutdown),
    }
}

/// A PNG of `text` as a QR code (level M, 4 px per module, quiet zone), as a phone photo of
/// a screen would show it to the verifier.
pub fn qr_png(text: &str) -> Vec<u8> {
    let code = qrcode::QrCode::with_error_correction_level(text, qrcode::EcLevel::M).unwrap();
    let side = code.width() as u32;
    let (scale, quiet) = (4, 4);
    let colors = code.to_colors();
    let size = (side + 2 * quiet) * scale;
    let img = image::GrayImage::from_fn(size, size, |x, y| {
        let (mx, my) = (x / scale, y / scale);
        let inside = mx >= quiet && my >= quiet && mx < side + quiet && my < side + quiet;
        let dark =
            inside && colors[((my - quiet) * side + (mx - quiet)) as usize] == qrcode::Color::Dark;
        image::Luma([if dark { 0 } else { 255 }])
    });
    let mut png = Vec::new();
    img.write_to(&mut std::io::Cursor::new(&mut png), image::ImageFormat::Png)
        .unwrap();
    png
}
