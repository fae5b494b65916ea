//! Starts the real portal on a random port against a fresh database, like production does.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used)]

pub mod passkey;

use std::net::SocketAddr;
use std::sync::Arc;

use app::host::serve;
use app::server::state::AppState;
use chrono::{DateTime, Utc};
use portal_core::Config;
use portal_core::{admin, Ctx};
use portal_domain::audit::Actor;
use portal_domain::clock::{SharedClock, SystemClock};
use portal_domain::invitation::IssuedInvitation;
use portal_domain::person::Person;
use portal_domain::session::Principal;
use portal_domain::staff::{NewStaff, Staff, StaffRole};
use portal_storage::{query, Conn};
use portal_testkit::{Backend, Cast, TestDatabase};

/// A running portal and what a test needs to talk to it.
pub struct TestApp {
    pub addr: SocketAddr,
    pub state: AppState,
    pub client: reqwest::Client,
    /// The database and data folder (shared with the instances started beside this one).
    pub db: Arc<TestDatabase>,
    shutdown: Option<tokio::sync::oneshot::Sender<()>>,
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{}", self.addr, path)
    }

    /// Submits the verifier page's form and returns the result page's HTML (the post answers
    /// 303 to `/verify?result=<32 hex digits>`).
    pub async fn verify_page(&self, form: reqwest::multipart::Form) -> String {
        let response = self
            .client
            .post(self.url("/verify"))
            .multipart(form)
            .send()
            .await
            .unwrap();
        assert_eq!(response.status().as_u16(), 303);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        assert!(location.starts_with("/verify?result="), "{location}");
        assert_eq!(location.len(), "/verify?result=".len() + 32);
        self.get(&location).await.text().await.unwrap()
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
    pub async fn session_cookie(&self, principal: Principal) -> String {
        self.session_cookie_at(principal, self.state.clock.now())
            .await
    }

    /// A cookie for a session of `principal` that signed in with a passkey at `at` and has
    /// been used since (at `at` in the past: not fresh enough for a download).
    pub async fn session_cookie_at(&self, principal: Principal, at: DateTime<Utc>) -> String {
        use portal_core::auth::sessions;
        let policy = &self.state.policy;
        let mut tx = self.state.store.begin().await.unwrap();
        let (_, anonymous) = sessions::start_anonymous(&mut tx, policy, at)
            .await
            .unwrap();
        let (token, _) = sessions::sign_in(&mut tx, policy, &anonymous.hash, principal, at)
            .await
            .unwrap();
        portal_storage::sessions::touch(&mut tx, &token.hash(), self.state.clock.now())
            .await
            .unwrap();
        tx.commit().await.unwrap();
        format!("portal_session={}", token.expose())
    }

    /// A signed-in cookie of a person.
    pub async fn person_cookie(&self, person: &Person) -> String {
        self.session_cookie(Principal::Person(person.id)).await
    }

    /// A signed-in cookie of a staff member.
    pub async fn staff_cookie(&self, staff: &Staff) -> String {
        self.session_cookie(Principal::Staff(staff.id)).await
    }

    /// A call of a use case now, from the command line.
    pub fn ctx(&self) -> Ctx<'static> {
        Ctx::at(self.state.clock.now())
    }

    /// A connection for reading (or for an attacker's raw SQL).
    pub async fn read(&self) -> Conn {
        self.state.store.read().await.unwrap()
    }

    /// A number read with `sql` (a `COUNT(*)`).
    pub async fn count(&self, sql: &'static str) -> i64 {
        self.read().await.scalar(query(sql)).await.unwrap()
    }

    /// A new staff account, as an operator adds it.
    pub async fn add_staff(&self, email: &str, roles: &[StaffRole], office: Option<&str>) -> Staff {
        let account = NewStaff::parse(email, "Test Staff", roles, office).unwrap();
        let mut tx = self.state.store.begin().await.unwrap();
        let id = admin::add_staff(&mut tx, &self.ctx(), &account, "test")
            .await
            .unwrap();
        tx.commit().await.unwrap();
        admin::staff_by_id(&mut self.read().await, id)
            .await
            .unwrap()
            .unwrap()
    }

    /// An enrollment invitation for `principal`, as an operator issues it.
    pub async fn invite(&self, principal: Principal) -> IssuedInvitation {
        let mut tx = self.state.store.begin().await.unwrap();
        let lifetime = self.state.config.invitation_lifetime();
        let invitation = portal_core::auth::invitations::issue(
            &mut tx,
            &self.ctx(),
            principal,
            lifetime,
            false,
            Actor::System,
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        invitation
    }

    /// A partner system's API token with `scopes`; one that issues may issue the examples'
    /// `ExampleCredential` and `ExampleAlumniCredential`.
    pub async fn api_token(&self, scopes: &[&str]) -> String {
        let types: &[&str] = if scopes.contains(&"issue") {
            &["ExampleCredential", "ExampleAlumniCredential"]
        } else {
            &[]
        };
        self.api_token_for(scopes, types, "test partner").await
    }

    /// A partner system's API token with `scopes`, granted `types`, labelled `label`.
    pub async fn api_token_for(&self, scopes: &[&str], types: &[&str], label: &str) -> String {
        let owned = |items: &[&str]| items.iter().map(|s| (*s).to_owned()).collect::<Vec<_>>();
        let mut tx = self.state.store.begin().await.unwrap();
        let (_, secret) = admin::create_api_token(
            &mut tx,
            &self.ctx(),
            &owned(scopes),
            &owned(types),
            label,
            "test",
        )
        .await
        .unwrap();
        tx.commit().await.unwrap();
        secret.expose().to_owned()
    }

    /// Posts the people search form (`q`, `born_from`, `born_to`) asking for JSON: the first
    /// page of results.
    pub async fn find(&self, cookie: Option<&str>, args: &[(&str, &str)]) -> (u16, String) {
        let mut request = self
            .client
            .post(self.url("/api/staff/people/find"))
            .header("accept", "application/json")
            .form(args);
        if let Some(cookie) = cookie {
            request = request.header("cookie", cookie);
        }
        let response = request.send().await.unwrap();
        (response.status().as_u16(), response.text().await.unwrap())
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
    portal_testkit::config_for(db, &[])
}

/// Starts the portal on `backend` with an empty (migrated) database.
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_with(backend, &[]).await
}

/// Starts the portal on `backend` with the demo data (seeded now) and returns its cast.
pub async fn spawn_demo(backend: Backend) -> (TestApp, Cast) {
    let app = spawn_app(backend).await;
    let ctx = portal_core::Ctx::at(app.state.clock.now());
    portal_core::seed::seed_demo(&app.state.store, &ctx)
        .await
        .unwrap();
    let cast = Cast::load(&app.state.store).await;
    (app, cast)
}

/// Starts the portal on `backend` with an empty (migrated) database and further `PORTAL_*`
/// variables.
pub async fn spawn_with(backend: Backend, vars: &[(&str, &str)]) -> TestApp {
    let db = Arc::new(TestDatabase::create(backend).await);
    spawn_on(db, vars).await
}

/// Starts another instance on `first`'s database and data folder, on its own port, with
/// further `PORTAL_*` variables: several instances behind one proxy.
pub async fn spawn_beside(first: &TestApp, vars: &[(&str, &str)]) -> TestApp {
    spawn_on(first.db.clone(), vars).await
}

async fn spawn_on(db: Arc<TestDatabase>, vars: &[(&str, &str)]) -> TestApp {
    let config = portal_testkit::config_for(&db, vars);
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
