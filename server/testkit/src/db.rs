//! A fresh, empty database per test, on either backend.
//!
//! SQLite databases live in a temporary folder; PostgreSQL databases are created with a unique
//! name on the server named by `PORTAL_TEST_POSTGRES_URL` (default: the local server on
//! 127.0.0.1:5432) and dropped when the test ends. Tests never touch the developer's data dir.

use std::fmt;

use sqlx::{Connection, Executor};

use portal_storage::audit_files::AuditFiles;
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
    pub async fn store(backend: Backend) -> (TestDatabase, Store) {
        let db = TestDatabase::create(backend).await;
        let store = db.open().await;
        (db, store)
    }

    /// The audit files of the data folder a portal on this database uses (see
    /// [`crate::config_for`]), so the test's store and the portal share the audit key.
    pub fn audit_files(&self) -> AuditFiles {
        AuditFiles::in_dir(&self.dir.path().join("data"))
    }

    /// A migrated [`Store`] on this database, with the data folder's audit key.
    pub async fn open(&self) -> Store {
        self.open_with(portal_storage::PoolOptions::new(5)).await
    }

    /// The same with another pool size and connection wait.
    #[allow(clippy::expect_used)]
    pub async fn open_with(&self, pool: portal_storage::PoolOptions) -> Store {
        let key = self.audit_files().load_or_create_key().expect("audit key");
        let store = Store::connect(&self.url, pool, key).await.expect("connect");
        store.migrate().await.expect("migrate");
        store
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
