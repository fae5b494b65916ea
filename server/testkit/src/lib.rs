//! Test support: a fresh, empty database per test, on either backend.
//!
//! SQLite databases live in a temporary folder; PostgreSQL databases are created with a unique
//! name on the server named by `PORTAL_TEST_POSTGRES_URL` (default: the local server on
//! 127.0.0.1:5432) and dropped when the test ends. Tests never touch the developer's data dir.
//!
//! Owns: test isolation. Must never: be compiled into the portal (feature `testing` only).

use std::fmt;

use sqlx::{Connection, Executor};

use portal_storage::Store;

/// Which database a test runs against.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl fmt::Display for Backend {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        })
    }
}

/// The PostgreSQL server tests create their databases on.
pub fn postgres_admin_url() -> String {
    std::env::var("PORTAL_TEST_POSTGRES_URL")
        .ok()
        .filter(|v| !v.is_empty())
        .unwrap_or_else(|| "postgres://postgres@127.0.0.1:5432/postgres".to_owned())
}

/// A database that exists for one test.
pub struct TestDatabase {
    /// Connection URL of the fresh database.
    pub url: String,
    /// The backend.
    pub backend: Backend,
    /// A temporary folder usable as the data dir (holds the SQLite file too).
    pub dir: tempfile::TempDir,
    postgres_name: Option<String>,
}

impl TestDatabase {
    /// Creates an empty database (not yet migrated).
    ///
    /// # Panics
    /// When the temporary folder or the PostgreSQL database cannot be created: a test that
    /// cannot get its database must fail, not skip.
    #[allow(clippy::expect_used, clippy::panic)]
    pub async fn create(backend: Backend) -> TestDatabase {
        let dir = tempfile::tempdir().expect("temporary folder");
        match backend {
            Backend::Sqlite => {
                let url = format!("sqlite://{}", dir.path().join("portal.db").display());
                TestDatabase {
                    url,
                    backend,
                    dir,
                    postgres_name: None,
                }
            }
            Backend::Postgres => {
                let admin_url = postgres_admin_url();
                let name = format!("portal_test_{}", uuid::Uuid::new_v4().simple());
                let mut admin = sqlx::PgConnection::connect(&admin_url).await.unwrap_or_else(|e| {
                    panic!("PostgreSQL is not reachable at PORTAL_TEST_POSTGRES_URL ({e}); scripts/test.sh starts one")
                });
                admin
                    .execute(format!("CREATE DATABASE {name}").as_str())
                    .await
                    .expect("create test database");
                let _ = admin.close().await;
                let url = match admin_url.rsplit_once('/') {
                    Some((server, _)) => format!("{server}/{name}"),
                    None => panic!("PORTAL_TEST_POSTGRES_URL must end with /database"),
                };
                TestDatabase {
                    url,
                    backend,
                    dir,
                    postgres_name: Some(name),
                }
            }
        }
    }

    /// Creates the database and opens a migrated [`Store`] on it.
    #[allow(clippy::expect_used)]
    pub async fn store(backend: Backend) -> (TestDatabase, Store) {
        let db = TestDatabase::create(backend).await;
        let store = Store::connect(&db.url, 5).await.expect("connect");
        store.migrate().await.expect("migrate");
        (db, store)
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        let Some(name) = self.postgres_name.take() else {
            return;
        };
        // Drop runs inside the test's runtime; a separate thread with its own runtime can block.
        let admin_url = postgres_admin_url();
        let _ = std::thread::spawn(move || {
            let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                .enable_all()
                .build()
            else {
                return;
            };
            runtime.block_on(async move {
                if let Ok(mut admin) = sqlx::PgConnection::connect(&admin_url).await {
                    let _ = admin
                        .execute(format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)").as_str())
                        .await;
                    let _ = admin.close().await;
                }
            });
        })
        .join();
    }
}

/// For each async fn `name(Backend)`, declares a module `name` with a `sqlite` and a
/// `postgres` test that run it (so `cargo test name::postgres` picks one).
#[macro_export]
macro_rules! on_both_backends {
    ($($test:ident),+ $(,)?) => {
        $(
            mod $test {
                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn sqlite() {
                    super::$test($crate::Backend::Sqlite).await;
                }

                #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
                async fn postgres() {
                    super::$test($crate::Backend::Postgres).await;
                }
            }
        )+
    };
}

/// A real SMTP server for tests: Python's aiosmtpd (Debian's `python3-aiosmtpd`, installed by
/// `scripts/setup.sh --test`), storing what it receives in a maildir. Stopped when dropped.
pub struct SmtpSink {
    /// `smtp://127.0.0.1:PORT`.
    pub url: String,
    maildir: tempfile::TempDir,
    process: std::process::Child,
}

impl SmtpSink {
    /// Starts the server on a free port and waits until it accepts connections.
    ///
    /// # Panics
    /// When no Python with aiosmtpd is found or the server does not come up: the test must fail.
    #[allow(clippy::expect_used, clippy::panic)]
    pub fn start() -> SmtpSink {
        let python = ["/usr/bin/python3", "python3"]
            .into_iter()
            .find(|python| {
                std::process::Command::new(python)
                    .args(["-c", "import aiosmtpd"])
                    .output()
                    .is_ok_and(|o| o.status.success())
            })
            .unwrap_or_else(|| panic!("no Python with aiosmtpd: run scripts/setup.sh --test"));
        let port = std::net::TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .expect("free port")
            .port();
        let maildir = tempfile::tempdir().expect("maildir");
        let process = std::process::Command::new(python)
            .args([
                "-m",
                "aiosmtpd",
                "-n",
                "-l",
                &format!("127.0.0.1:{port}"),
                "-c",
                "aiosmtpd.handlers.Mailbox",
            ])
            .arg(maildir.path().join("mail"))
            .stdout(std::process::Stdio::null())
            .stderr(std::process::Stdio::null())
            .spawn()
            .expect("start aiosmtpd");
        let deadline = std::time::Instant::now() + std::time::Duration::from_secs(20);
        while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                std::time::Instant::now() < deadline,
                "aiosmtpd did not start"
            );
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
        SmtpSink {
            url: format!("smtp://127.0.0.1:{port}"),
            maildir,
            process,
        }
    }

    /// Every message received so far, as raw RFC 5322 text.
    pub fn messages(&self) -> Vec<String> {
        let folder = self.maildir.path().join("mail").join("new");
        let mut paths: Vec<_> = std::fs::read_dir(folder)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        paths.sort();
        paths
            .into_iter()
            .filter_map(|p| std::fs::read_to_string(p).ok())
            .collect()
    }
}

impl Drop for SmtpSink {
    fn drop(&mut self) {
        let _ = self.process.kill();
        let _ = self.process.wait();
    }
}
