//! Storage: one interface over SQLite (embedded default) and PostgreSQL (for scale), and the
//! files kept beside the database.
//!
//! Each table module holds the SQL of its tables as plain functions: reads take a
//! `&mut` [`Conn`], writes a `&mut` [`Tx`] (see [`db`]). Both databases run the same SQL text
//! wherever possible (`$1` placeholders work in both); the few statements that differ are
//! written once per database next to each other ([`query_each`]). A use case opens one
//! transaction ([`Store::begin`]), calls as many storage functions as it needs, and commits.
//!
//! Owns: connections, migrations, SQL, the mapping between rows and domain types, and the
//! data directory's files (documents, issuer and audit key files, audit checkpoints). Must never: decide business rules (callers
//! pass validated domain values and decide what to write), write audit rows on its own, or
//! log values.

pub mod accounts;
pub mod api_tokens;
pub mod appointments;
pub mod audit;
pub mod audit_files;
pub mod backup;
pub mod changes;
pub mod credentials;
pub mod db;
pub mod delegations;
pub mod documents;
pub mod drafts;
pub mod feedback;
pub mod files;
pub mod invitations;
pub mod issuer_keys;
pub mod jobs;
pub mod keys;
pub mod notifications;
pub mod passkeys;
pub mod people;
pub mod quality;
pub mod reports;
pub mod requests;
pub mod sessions;
pub mod shared;
pub mod staff;
pub mod wallet_offers;

use std::path::Path;
use std::str::FromStr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;
use std::time::Duration;

use portal_domain::audit::AuditKey;
use sqlx::migrate::Migrator;
use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../../migrations/postgres");

/// A connection pool of either backend.
#[derive(Clone, Debug)]
enum Pool {
    /// Embedded SQLite (WAL, foreign keys on, busy timeout).
    Sqlite(SqlitePool),
    /// PostgreSQL.
    Postgres(PgPool),
}

/// `BEGIN IMMEDIATE` on SQLite (no lock upgrade, so no `SQLITE_BUSY` mid-transaction).
async fn begin_sqlite(
    pool: &SqlitePool,
) -> Result<sqlx::Transaction<'static, sqlx::Sqlite>, sqlx::Error> {
    pool.begin_with("BEGIN IMMEDIATE").await
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
    /// A value could not be turned into a query argument.
    #[error("a value could not be encoded: {0}")]
    Encode(String),
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

impl StoreError {
    /// The database's message when this is a violated uniqueness rule (it names the
    /// constraint or column), for telling which rule it was.
    pub fn unique_violation(&self) -> Option<String> {
        match self {
            StoreError::Database(error) => error
                .as_database_error()
                .filter(|db| db.is_unique_violation())
                .map(|db| db.message().to_owned()),
            _ => None,
        }
    }
}

impl StoreError {
    /// Whether this is a reference to a row that does not exist.
    pub fn is_foreign_key_violation(&self) -> bool {
        matches!(self, StoreError::Database(error)
            if error.as_database_error().is_some_and(|db| db.is_foreign_key_violation()))
    }
}

impl From<sqlx::Error> for StoreError {
    fn from(error: sqlx::Error) -> Self {
        StoreError::Database(error)
    }
}

/// Maps a unique-constraint violation to [`StoreError::Duplicate`] naming `what`.
pub(crate) fn unique_as(what: &'static str) -> impl Fn(StoreError) -> StoreError {
    move |error| match error.unique_violation() {
        Some(_) => StoreError::Duplicate(what),
        None => error,
    }
}

pub use db::{query, query_each, Arg, Backend, Conn, Query, Tx};

/// The portal's database.
#[derive(Clone, Debug)]
pub struct Store {
    pub(crate) pool: Pool,
    audit_key: Arc<AuditKey>,
    /// Write transactions committed through this store and its clones.
    commits: Arc<AtomicU64>,
}

/// Makes the SQLite database and its WAL and shared-memory files readable and writable by
/// their owner only (they hold personal data; SQLite creates them as the umask allows).
fn owner_only(database: &Path) -> Result<(), StoreError> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        for suffix in ["", "-wal", "-shm"] {
            let mut name = database.as_os_str().to_owned();
            name.push(suffix);
            let file = Path::new(&name);
            if file.exists() {
                std::fs::set_permissions(file, std::fs::Permissions::from_mode(0o600)).map_err(
                    |e| {
                        StoreError::Connect(format!(
                            "cannot make {} owner-only: {e}",
                            file.display()
                        ))
                    },
                )?;
            }
        }
    }
    #[cfg(not(unix))]
    let _ = database;
    Ok(())
}

/// The size of a connection pool and how long a caller waits for a connection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolOptions {
    /// Most connections open at once.
    pub max_connections: u32,
    /// How long `read` and `begin` wait for a free connection before failing as
    /// [`StoreError::is_unavailable`] (answered 503).
    pub acquire_timeout: Duration,
}

impl PoolOptions {
    /// `max_connections`, waiting at most 10 seconds for one.
    pub fn new(max_connections: u32) -> Self {
        Self {
            max_connections,
            acquire_timeout: Duration::from_secs(10),
        }
    }

    /// The same, waiting at most `timeout` for a connection.
    pub fn waiting(self, timeout: Duration) -> Self {
        Self {
            acquire_timeout: timeout,
            ..self
        }
    }
}

impl Store {
    /// Opens a pool for `url` (`sqlite://path` or `postgres://…`). For SQLite the file and its
    /// folder are created when missing, and the file, its WAL and shared memory are made
    /// owner-only (0600). Audit rows appended through it are chained under `audit_key`.
    pub async fn connect(
        url: &str,
        pool: PoolOptions,
        audit_key: AuditKey,
    ) -> Result<Store, StoreError> {
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
                .max_connections(pool.max_connections)
                .acquire_timeout(pool.acquire_timeout)
                .connect_with(options.clone())
                .await
                .map_err(|e| StoreError::Connect(describe_connect_error(&e)))?;
            owner_only(options.get_filename())?;
            Pool::Sqlite(pool)
        } else {
            let pool = PgPoolOptions::new()
                .max_connections(pool.max_connections)
                .acquire_timeout(pool.acquire_timeout)
                .connect(url)
                .await
                .map_err(|e| StoreError::Connect(describe_connect_error(&e)))?;
            Pool::Postgres(pool)
        };
        Ok(Store {
            pool,
            audit_key: Arc::new(audit_key),
            commits: Arc::default(),
        })
    }

    /// The key the audit chain is linked and checkpointed with.
    pub fn audit_key(&self) -> &AuditKey {
        &self.audit_key
    }

    /// How many write transactions this process has committed through this store (and its
    /// clones): what it keeps in memory is stale at most since the last change of this number
    /// for its own writes.
    pub fn commits(&self) -> u64 {
        self.commits.load(Ordering::Acquire)
    }

    /// Applies pending migrations of the backend in use.
    pub async fn migrate(&self) -> Result<(), StoreError> {
        match &self.pool {
            Pool::Sqlite(pool) => SQLITE_MIGRATIONS.run(pool).await?,
            Pool::Postgres(pool) => POSTGRES_MIGRATIONS.run(pool).await?,
        }
        self.refresh_search_keys().await
    }

    /// Recomputes the search keys that an older version of the rules made (all of them, the
    /// first time), a batch per transaction.
    async fn refresh_search_keys(&self) -> Result<(), StoreError> {
        const BATCH: i64 = 500;
        loop {
            let mut tx = self.begin().await?;
            let stale = people::stale_keys(&mut tx, BATCH).await?;
            for id in &stale {
                people::refresh_keys(&mut tx, *id).await?;
            }
            tx.commit().await?;
            if i64::try_from(stale.len()).unwrap_or(i64::MAX) < BATCH {
                return Ok(());
            }
        }
    }

    /// Whether the database answers a trivial query (for `/readyz`).
    pub async fn ping(&self) -> Result<(), StoreError> {
        self.read().await?.execute(query("SELECT 1")).await?;
        Ok(())
    }

    /// A connection for reading (and for statements that need no transaction).
    pub async fn read(&self) -> Result<Conn, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite(pool) => Conn::sqlite(pool.acquire().await?),
            Pool::Postgres(pool) => Conn::postgres(pool.acquire().await?),
        })
    }

    /// A write transaction (see [`Tx`]).
    pub async fn begin(&self) -> Result<Tx, StoreError> {
        Ok(match &self.pool {
            Pool::Sqlite(pool) => Tx::sqlite(
                begin_sqlite(pool).await?,
                self.audit_key.clone(),
                self.commits.clone(),
            ),
            Pool::Postgres(pool) => Tx::postgres(
                pool.begin().await?,
                self.audit_key.clone(),
                self.commits.clone(),
            ),
        })
    }

    /// The database in use.
    pub fn backend(&self) -> Backend {
        match self.pool {
            Pool::Sqlite(_) => Backend::Sqlite,
            Pool::Postgres(_) => Backend::Postgres,
        }
    }

    /// `"sqlite"` or `"postgres"`.
    pub fn backend_name(&self) -> &'static str {
        self.backend().as_str()
    }

    /// Closes all connections (waits for checked-out ones).
    pub async fn close(&self) {
        match &self.pool {
            Pool::Sqlite(pool) => pool.close().await,
            Pool::Postgres(pool) => pool.close().await,
        }
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
