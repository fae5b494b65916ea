//! Connections, transactions and queries that run on SQLite and PostgreSQL alike.
//!
//! A query is its SQL text (the same for both databases wherever possible: `$1` placeholders
//! work in both) and its arguments, held as plain values ([`Arg`]). [`Conn`] runs it on
//! whichever database the pool is, so every storage function is written once. A [`Tx`] is a
//! write transaction: use cases take `&mut Tx`, pass it to storage functions, and commit once.
//! Dropping a `Tx` without committing rolls it back.
//!
//! Owns: the connection and transaction types and the binding of values. Must never: hold
//! SQL of a table (the table modules do), or log a bound value.

use std::borrow::Cow;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use chrono::{DateTime, NaiveDate, Utc};
use portal_domain::audit::AuditKey;
use serde_json::value::RawValue;
use sqlx::pool::PoolConnection;
use sqlx::postgres::PgRow;
use sqlx::sqlite::SqliteRow;
use sqlx::types::Json;
use sqlx::{Arguments, Database, Decode, Encode, Postgres, Sqlite, Transaction, Type};
use uuid::Uuid;

use crate::StoreError;

/// Which database a connection talks to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Backend {
    /// Embedded SQLite.
    Sqlite,
    /// PostgreSQL.
    Postgres,
}

impl Backend {
    /// `"sqlite"` or `"postgres"`.
    pub const fn as_str(self) -> &'static str {
        match self {
            Backend::Sqlite => "sqlite",
            Backend::Postgres => "postgres",
        }
    }
}

/// One value bound to a query. Every variant is optional: `None` binds a typed SQL `NULL`.
#[derive(Clone, Debug)]
pub enum Arg {
    /// A UUID (BLOB on SQLite, `uuid` on PostgreSQL).
    Uuid(Option<Uuid>),
    /// Text.
    Text(Option<String>),
    /// A 64-bit integer.
    Int(Option<i64>),
    /// A boolean.
    Bool(Option<bool>),
    /// An instant.
    Time(Option<DateTime<Utc>>),
    /// A calendar date.
    Date(Option<NaiveDate>),
    /// Bytes.
    Bytes(Option<Vec<u8>>),
    /// A JSON document, already serialised (kept as written: no key reordering).
    Json(Option<Box<RawValue>>),
}

impl Arg {
    /// A value serialised as JSON.
    pub fn json<T: serde::Serialize + ?Sized>(value: &T) -> Result<Arg, StoreError> {
        let text = serde_json::to_string(value).map_err(|e| StoreError::Encode(e.to_string()))?;
        RawValue::from_string(text)
            .map(|raw| Arg::Json(Some(raw)))
            .map_err(|e| StoreError::Encode(e.to_string()))
    }

    /// An optional value serialised as JSON (`None` binds `NULL`).
    pub fn json_opt<T: serde::Serialize>(value: Option<&T>) -> Result<Arg, StoreError> {
        match value {
            Some(value) => Arg::json(value),
            None => Ok(Arg::Json(None)),
        }
    }
}

macro_rules! arg_from {
    ($variant:ident: $($t:ty => |$v:ident| $e:expr),+ $(,)?) => {
        $(
            impl From<$t> for Arg {
                fn from($v: $t) -> Arg {
                    Arg::$variant($e)
                }
            }
        )+
    };
}

arg_from!(Uuid: Uuid => |v| Some(v), Option<Uuid> => |v| v);
arg_from!(Text:
    String => |v| Some(v),
    &str => |v| Some(v.to_owned()),
    &String => |v| Some(v.clone()),
    Option<String> => |v| v,
    Option<&str> => |v| v.map(str::to_owned),
    Option<&String> => |v| v.cloned(),
);
arg_from!(Int: i64 => |v| Some(v), Option<i64> => |v| v, u32 => |v| Some(i64::from(v)), i32 => |v| Some(i64::from(v)));
arg_from!(Bool: bool => |v| Some(v), Option<bool> => |v| v);
arg_from!(Time: DateTime<Utc> => |v| Some(v), Option<DateTime<Utc>> => |v| v);
arg_from!(Date: NaiveDate => |v| Some(v), Option<NaiveDate> => |v| v);
arg_from!(Bytes: Vec<u8> => |v| Some(v), &[u8] => |v| Some(v.to_vec()));

/// SQL text, the same on both databases or written for each.
#[derive(Clone, Debug)]
enum Sql {
    Both(Cow<'static, str>),
    Each {
        sqlite: Cow<'static, str>,
        postgres: Cow<'static, str>,
    },
}

/// A statement with its arguments.
#[derive(Clone, Debug)]
#[must_use = "a query does nothing until a connection runs it"]
pub struct Query {
    sql: Sql,
    args: Vec<Arg>,
}

/// A query whose SQL runs unchanged on both databases.
pub fn query(sql: impl Into<Cow<'static, str>>) -> Query {
    Query {
        sql: Sql::Both(sql.into()),
        args: Vec::new(),
    }
}

/// A query written once per database, for the few statements whose SQL truly differs.
pub fn query_each(
    sqlite: impl Into<Cow<'static, str>>,
    postgres: impl Into<Cow<'static, str>>,
) -> Query {
    Query {
        sql: Sql::Each {
            sqlite: sqlite.into(),
            postgres: postgres.into(),
        },
        args: Vec::new(),
    }
}

impl Query {
    /// Binds the next `$n` placeholder.
    pub fn bind(mut self, value: impl Into<Arg>) -> Self {
        self.args.push(value.into());
        self
    }

    /// Binds an argument built beforehand (e.g. [`Arg::json`]).
    pub fn arg(mut self, arg: Arg) -> Self {
        self.args.push(arg);
        self
    }

    fn sql(&self, backend: Backend) -> &str {
        match (&self.sql, backend) {
            (Sql::Both(sql), _) => sql,
            (Sql::Each { sqlite, .. }, Backend::Sqlite) => sqlite,
            (Sql::Each { postgres, .. }, Backend::Postgres) => postgres,
        }
    }
}

/// The arguments of `args` for database `DB`.
fn arguments<'q, DB>(args: &'q [Arg]) -> Result<<DB as Database>::Arguments<'q>, StoreError>
where
    DB: Database,
    Option<Uuid>: Encode<'q, DB> + Type<DB>,
    Option<&'q str>: Encode<'q, DB> + Type<DB>,
    Option<i64>: Encode<'q, DB> + Type<DB>,
    Option<bool>: Encode<'q, DB> + Type<DB>,
    Option<DateTime<Utc>>: Encode<'q, DB> + Type<DB>,
    Option<NaiveDate>: Encode<'q, DB> + Type<DB>,
    Option<&'q [u8]>: Encode<'q, DB> + Type<DB>,
    Option<Json<&'q RawValue>>: Encode<'q, DB> + Type<DB>,
{
    let mut out = <DB as Database>::Arguments::<'q>::default();
    for arg in args {
        let added = match arg {
            Arg::Uuid(v) => out.add(*v),
            Arg::Text(v) => out.add(v.as_deref()),
            Arg::Int(v) => out.add(*v),
            Arg::Bool(v) => out.add(*v),
            Arg::Time(v) => out.add(*v),
            Arg::Date(v) => out.add(*v),
            Arg::Bytes(v) => out.add(v.as_deref()),
            Arg::Json(v) => out.add(v.as_deref().map(Json)),
        };
        added.map_err(|e| StoreError::Encode(e.to_string()))?;
    }
    Ok(out)
}

/// A row type that decodes from both databases' rows (derive `sqlx::FromRow`, or a tuple).
pub trait Row:
    for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin
{
}

impl<T> Row for T where
    T: for<'r> sqlx::FromRow<'r, SqliteRow> + for<'r> sqlx::FromRow<'r, PgRow> + Send + Unpin
{
}

/// A single column value that decodes from both databases.
pub trait Value:
    for<'r> Decode<'r, Sqlite>
    + Type<Sqlite>
    + for<'r> Decode<'r, Postgres>
    + Type<Postgres>
    + Send
    + Unpin
{
}

impl<T> Value for T where
    T: for<'r> Decode<'r, Sqlite>
        + Type<Sqlite>
        + for<'r> Decode<'r, Postgres>
        + Type<Postgres>
        + Send
        + Unpin
{
}

/// A pooled connection or an open transaction of one database.
enum Handle<DB: Database> {
    Pooled(PoolConnection<DB>),
    Tx(Transaction<'static, DB>),
}

impl<DB: Database> Handle<DB> {
    fn conn(&mut self) -> &mut DB::Connection {
        match self {
            Handle::Pooled(conn) => conn,
            Handle::Tx(tx) => tx,
        }
    }
}

enum Link {
    Sqlite(Handle<Sqlite>),
    Postgres(Handle<Postgres>),
}

/// A connection to the database: runs queries. Reads take a `&mut Conn`; a [`Tx`] is one too.
pub struct Conn {
    link: Link,
}

/// Runs `$body` with `$conn` bound to the concrete connection and `$db` to the database type.
macro_rules! on_link {
    ($self:expr, $conn:ident, $db:ident, $backend:ident => $body:expr) => {
        match &mut $self.link {
            Link::Sqlite(handle) => {
                type $db = Sqlite;
                let $backend = Backend::Sqlite;
                let $conn = handle.conn();
                $body
            }
            Link::Postgres(handle) => {
                type $db = Postgres;
                let $backend = Backend::Postgres;
                let $conn = handle.conn();
                $body
            }
        }
    };
}

impl Conn {
    pub(crate) fn sqlite(conn: PoolConnection<Sqlite>) -> Conn {
        Conn {
            link: Link::Sqlite(Handle::Pooled(conn)),
        }
    }

    pub(crate) fn postgres(conn: PoolConnection<Postgres>) -> Conn {
        Conn {
            link: Link::Postgres(Handle::Pooled(conn)),
        }
    }

    /// The database this connection talks to.
    pub fn backend(&self) -> Backend {
        match self.link {
            Link::Sqlite(_) => Backend::Sqlite,
            Link::Postgres(_) => Backend::Postgres,
        }
    }

    /// Runs a statement; returns the number of rows it changed.
    pub async fn execute(&mut self, query: Query) -> Result<u64, StoreError> {
        on_link!(self, conn, Db, backend => {
            let args = arguments::<Db>(&query.args)?;
            Ok(sqlx::query_with::<Db, _>(query.sql(backend), args)
                .execute(conn)
                .await?
                .rows_affected())
        })
    }

    /// Every row of a query.
    pub async fn fetch_all<R: Row>(&mut self, query: Query) -> Result<Vec<R>, StoreError> {
        on_link!(self, conn, Db, backend => {
            let args = arguments::<Db>(&query.args)?;
            Ok(sqlx::query_as_with::<Db, R, _>(query.sql(backend), args)
                .fetch_all(conn)
                .await?)
        })
    }

    /// The first row of a query, if any.
    pub async fn fetch_optional<R: Row>(&mut self, query: Query) -> Result<Option<R>, StoreError> {
        on_link!(self, conn, Db, backend => {
            let args = arguments::<Db>(&query.args)?;
            Ok(sqlx::query_as_with::<Db, R, _>(query.sql(backend), args)
                .fetch_optional(conn)
                .await?)
        })
    }

    /// The one row of a query (an error when there is none).
    pub async fn fetch_one<R: Row>(&mut self, query: Query) -> Result<R, StoreError> {
        on_link!(self, conn, Db, backend => {
            let args = arguments::<Db>(&query.args)?;
            Ok(sqlx::query_as_with::<Db, R, _>(query.sql(backend), args)
                .fetch_one(conn)
                .await?)
        })
    }

    /// The first column of the one row of a query.
    pub async fn scalar<T: Value>(&mut self, query: Query) -> Result<T, StoreError> {
        on_link!(self, conn, Db, backend => {
            let args = arguments::<Db>(&query.args)?;
            Ok(sqlx::query_scalar_with::<Db, T, _>(query.sql(backend), args)
                .fetch_one(conn)
                .await?)
        })
    }

    /// The first column of the first row of a query, if any.
    pub async fn scalar_optional<T: Value>(
        &mut self,
        query: Query,
    ) -> Result<Option<T>, StoreError> {
        on_link!(self, conn, Db, backend => {
            let args = arguments::<Db>(&query.args)?;
            Ok(sqlx::query_scalar_with::<Db, T, _>(query.sql(backend), args)
                .fetch_optional(conn)
                .await?)
        })
    }

    /// The first column of every row of a query.
    pub async fn scalars<T: Value>(&mut self, query: Query) -> Result<Vec<T>, StoreError> {
        on_link!(self, conn, Db, backend => {
            let args = arguments::<Db>(&query.args)?;
            Ok(sqlx::query_scalar_with::<Db, T, _>(query.sql(backend), args)
                .fetch_all(conn)
                .await?)
        })
    }
}

/// A write transaction. Storage functions that change data take `&mut Tx`; reads take
/// `&mut Conn`, which a `Tx` also is. Nothing is kept until [`Tx::commit`]; dropping a `Tx`
/// rolls it back.
///
/// On SQLite it starts with `BEGIN IMMEDIATE` (the write lock at once, so a read-then-write
/// never fails half-way with `SQLITE_BUSY`); on PostgreSQL with a plain `BEGIN`, row locks
/// being taken by the statements.
pub struct Tx {
    conn: Conn,
    audit_key: Arc<AuditKey>,
    commits: Arc<AtomicU64>,
}

impl Tx {
    pub(crate) fn sqlite(
        tx: Transaction<'static, Sqlite>,
        audit_key: Arc<AuditKey>,
        commits: Arc<AtomicU64>,
    ) -> Tx {
        Tx {
            conn: Conn {
                link: Link::Sqlite(Handle::Tx(tx)),
            },
            audit_key,
            commits,
        }
    }

    pub(crate) fn postgres(
        tx: Transaction<'static, Postgres>,
        audit_key: Arc<AuditKey>,
        commits: Arc<AtomicU64>,
    ) -> Tx {
        Tx {
            conn: Conn {
                link: Link::Postgres(Handle::Tx(tx)),
            },
            audit_key,
            commits,
        }
    }

    /// The key audit rows appended in this transaction are chained under.
    pub(crate) fn audit_key(&self) -> &AuditKey {
        &self.audit_key
    }

    /// Makes every change of the transaction permanent, at once.
    pub async fn commit(self) -> Result<(), StoreError> {
        match self.conn.link {
            Link::Sqlite(Handle::Tx(tx)) => tx.commit().await?,
            Link::Postgres(Handle::Tx(tx)) => tx.commit().await?,
            // A `Tx` is only ever built around a transaction.
            Link::Sqlite(Handle::Pooled(_)) | Link::Postgres(Handle::Pooled(_)) => {}
        }
        self.commits.fetch_add(1, Ordering::Release);
        Ok(())
    }
}

impl std::ops::Deref for Tx {
    type Target = Conn;

    fn deref(&self) -> &Conn {
        &self.conn
    }
}

impl std::ops::DerefMut for Tx {
    fn deref_mut(&mut self) -> &mut Conn {
        &mut self.conn
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_query_keeps_its_sql_per_database_and_its_arguments_in_order() {
        let q = query_each("SELECT 1", "SELECT 2")
            .bind("a")
            .bind(7_i64)
            .bind(None::<Uuid>);
        assert_eq!(q.sql(Backend::Sqlite), "SELECT 1");
        assert_eq!(q.sql(Backend::Postgres), "SELECT 2");
        assert!(
            matches!(q.args.as_slice(), [Arg::Text(Some(a)), Arg::Int(Some(7)), Arg::Uuid(None)] if a == "a")
        );
    }

    #[test]
    fn json_arguments_keep_the_text_as_serialised() {
        #[derive(serde::Serialize)]
        struct Ordered {
            z: u8,
            a: u8,
        }
        let Arg::Json(Some(raw)) = Arg::json(&Ordered { z: 1, a: 2 }).unwrap() else {
            panic!("a JSON argument");
        };
        assert_eq!(raw.get(), r#"{"z":1,"a":2}"#);
    }
}
