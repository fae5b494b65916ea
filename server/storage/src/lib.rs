//! Storage: one interface over SQLite (embedded default) and PostgreSQL (for scale).
//!
//! Both backends run the same SQL text (`$1` placeholders work in both). Where the Rust types
//! differ per backend, [`dispatch!`] expands one body once per backend, so every query is
//! written once and type-checked against both drivers. Writes run in transactions that take the
//! write lock up front (`BEGIN IMMEDIATE` on SQLite), so read-then-write races become waits.
//!
//! Owns: connections, migrations, SQL, and the mapping between rows and domain types.
//! Must never: decide business rules (callers pass validated domain values), or log values.

pub mod appointments;
pub mod audit;
pub mod auth;
pub mod credentials;
pub mod documents;
pub mod files;
pub mod keys;
pub mod passkey_admin;
pub mod people;
pub mod requests;
pub mod staff;

use std::path::Path;
use std::str::FromStr;
use std::time::Duration;

use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");

/// A connection pool of either backend.
#[derive(Clone, Debug)]
pub enum Pool {
    /// Embedded SQLite (WAL, foreign keys on, busy timeout).
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// Expands `$body` once per backend with `$pool` bound to the concrete pool type.
macro_rules! dispatch {
    ($store:expr, $pool:ident => $body:expr) => {
        match &$store.pool {
            $crate::Pool::Sqlite($pool) => $body,
            $crate::Pool::Postgres($pool) => $body,
        }
    };
}
pub(crate) use dispatch;

/// Starting a transaction that will write, taking the write lock at once.
pub(crate) trait BeginWrite {
    /// The backend.
    type Db: sqlx::Database;
    /// `BEGIN IMMEDIATE` on SQLite (no lock upgrade, so no `SQLITE_BUSY` mid-transaction);
    /// a plain `BEGIN` on PostgreSQL, where row locks are taken by the statements.
    fn begin_write(
        &self,
    ) -> impl std::future::Future<Output = Result<sqlx::Transaction<'static, Self::Db>, sqlx::Error>>
           + Send;
}

impl BeginWrite for SqlitePool {
    type Db = sqlx::Sqlite;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<
        Output = Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error>,
    > + Send {
        self.begin_with("BEGIN IMMEDIATE")
    }
}

impl BeginWrite for PgPool {
    type Db = sqlx::Postgres;
    fn begin_write(
        &self,
    ) -> impl std::future::Future<
        Output = Result<sqlx::Transaction<'static, sqlx::Postgres>, sqlx::Error>,
    > + Send {
        self.begin()
    }
}

/// What went wrong in storage. Messages carry no row values.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The database URL or file could not be opened.
    #[error("cannot open the database: {0}")]
    Connect(String),
    /// A migration failed.
    #[error("database migration failed: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// A uniqueness rule was violated (the thing exists already).
    #[error("{0} already exists")]
    Duplicate(&'static str),
    /// Someone else changed the row since the caller read it (compare-and-set lost).
    #[error("{0} changed meanwhile")]
    Stale(&'static str),
    /// A referenced row does not exist.
    #[error("{0} was not found")]
    NotFound(&'static str),
    /// A stored value fails domain validation (data edited outside the portal).
    #[error("stored data is not valid: {0}")]
    Corrupt(String),
    /// Any other database failure.
    #[error("database error")]
    Database(#[source] sqlx::Error),
}

impl StoreError {
    /// Whether the database could not be reached (as opposed to refusing a statement): the
    /// caller may try again shortly.
    pub fn is_unavailable(&self) -> bool {
        matches!(
            self,
            StoreError::Connect(_)
                | StoreError::Database(sqlx::Error::PoolTimedOut | sqlx::Error::Io(_))
        )
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        StoreError::Database(error)
    }
}

/// Maps a unique-constraint violation to [`StoreError::Duplicate`] naming `what`.
pub(crate) fn unique_as(what: &'static str) -> impl Fn(sqlx::Error) -> StoreError {
    move |error| match error.as_database_error() {
        Some(db) if db.is_unique_violation() => StoreError::Duplicate(what),
        _ => StoreError::Database(error),
    }
}

/// The portal's database.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) pool: Pool,
}

impl Store {
    /// Opens a pool for `url` (`sqlite://path` or `postgres://…`). For SQLite the file and its
    /// folder are created when missing.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Store, StoreError> {
        let pool = if url.starts_with("sqlite:") {
            let options = SqliteConnectOptions::from_str(url)
                .map_err(|_| StoreError::Connect("the SQLite URL is not valid".into()))?
                .create_if_missing(true)
                .journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .foreign_keys(true)
                .busy_timeout(Duration::from_secs(10));
            if let Some(folder) = Path::new(options.get_filename()).parent() {
                if !folder.as_os_str().is_empty() {
                    std::fs::create_dir_all(folder).map_err(|e| {
                        StoreError::Connect(format!("cannot create {}: {e}", folder.display()))
                    })?;
                }
            }
            let pool = SqlitePoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .connect_with(options)
                .await
                .map_err(|e| StoreError::Connect(describe_connect_error(&e)))?;
            Pool::Sqlite(pool)
        } else {
            let pool = PgPoolOptions::new()
                .max_connections(max_connections)
                .acquire_timeout(Duration::from_secs(10))
                .connect(url)
                .await
                .map_err(|e| StoreError::Connect(describe_connect_error(&e)))?;
            Pool::Postgres(pool)
        };
        Ok(Store { pool })
    }

    /// Applies pending migrations of the backend in use.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        Ok(())
    }

    /// Whether the database answers a trivial query (for `/readyz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        dispatch!(self, pool => sqlx::query("SELECT 1").execute(pool).await.map(|_| ()))?;
        Ok(())
    }

    /// `"sqlite"` or `"postgres"`.
    pub fn backend_name(&self) -> &'static str {
        match self.pool {
            Pool::Sqlite(_) => "sqlite",
            Pool::Postgres(_) => "postgres",
        }
    }

    /// The pool, for tests that must reach behind the interface (e.g. to tamper with a row).
    pub fn pool(&self) -> &Pool {
        &self.pool
    }

    /// Closes all connections (waits for checked-out ones).
    pub async fn close(&self) {
        dispatch!(self, pool => pool.close().await);
    }
}

/// A short reason for a failed connection, without the URL (it may hold a password).
fn describe_connect_error(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Io(e) => format!("network or file error: {}", e.kind()),
        sqlx::Error::Database(db) => format!("the server refused: {}", db.message()),
        sqlx::Error::Configuration(_) => "the database URL is not valid".to_owned(),
        sqlx::Error::PoolTimedOut => "timed out".to_owned(),
        other => other.to_string(),
    }
}
