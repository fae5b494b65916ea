//! What a backup needs from the database and what proves a restored one whole: SQLite's online
//! copy (`VACUUM INTO`), PostgreSQL's exported snapshot (for `pg_dump --snapshot`), the schema
//! version, and the row count of every table.
//!
//! Owns: these statements. Must never: run a program, write anything but the copy it was
//! asked for, or read row values (counts and names only).

use std::collections::BTreeMap;
use std::path::Path;

use crate::{query, query_each, Backend, Conn, Store, StoreError, Tx};

/// The table sqlx records applied migrations in (counted as the schema version, not as data).
const MIGRATIONS_TABLE: &str = "_sqlx_migrations";

/// The newest schema version this build knows for `backend`: a restored database may be
/// older (it is migrated), never newer.
pub fn known_schema_version(backend: Backend) -> i64 {
    let migrator = match backend {
        Backend::Sqlite => &crate::SQLITE_MIGRATIONS,
        Backend::Postgres => &crate::POSTGRES_MIGRATIONS,
    };
    migrator.iter().map(|m| m.version).max().unwrap_or(0)
}

/// The newest migration applied to the database behind `conn` (0 when none).
pub async fn schema_version(conn: &mut Conn) -> Result<i64, StoreError> {
    let exists: i64 = conn
        .scalar(query_each(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name = '_sqlx_migrations'",
            "SELECT COUNT(*) FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_name = '_sqlx_migrations'",
        ))
        .await?;
    if exists == 0 {
        return Ok(0);
    }
    conn.scalar(query(
        "SELECT COALESCE(MAX(version), 0) FROM _sqlx_migrations WHERE success",
    ))
    .await
}

/// Every table of the portal's schema with its number of rows, by name (the migrations
/// table left out). Names come from the database's own catalog, never from a caller.
pub async fn table_counts(conn: &mut Conn) -> Result<BTreeMap<String, i64>, StoreError> {
    let names: Vec<String> = conn
        .scalars(query_each(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'
             ORDER BY name",
            "SELECT table_name::text FROM information_schema.tables
             WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
        ))
        .await?;
    let mut counts = BTreeMap::new();
    for name in names {
        if name == MIGRATIONS_TABLE {
            continue;
        }
        if !name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(StoreError::Corrupt(format!(
                "a table name the portal never creates: {}",
                name.escape_debug()
            )));
        }
        let count: i64 = conn
            .scalar(query(format!("SELECT COUNT(*) FROM \"{name}\"")))
            .await?;
        counts.insert(name, count);
    }
    Ok(counts)
}

/// Whether the database holds no table at all (a restore goes only into an empty one).
pub async fn is_empty(conn: &mut Conn) -> Result<bool, StoreError> {
    let tables: i64 = conn
        .scalar(query_each(
            "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite\\_%' ESCAPE '\\'",
            "SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()",
        ))
        .await?;
    Ok(tables == 0)
}

/// The database file a `sqlite:` URL names (`None` for any other URL or an in-memory one).
pub fn sqlite_file(url: &str) -> Option<std::path::PathBuf> {
    use std::str::FromStr;
    if !url.starts_with("sqlite:") {
        return None;
    }
    let options = sqlx::sqlite::SqliteConnectOptions::from_str(url).ok()?;
    let file = options.get_filename();
    (!file.as_os_str().is_empty() && file != Path::new(":memory:")).then(|| file.to_path_buf())
}

/// Writes a consistent copy of a SQLite database to `dest` (a new file) while the portal may
/// keep writing: one read transaction, the copy compacted. PostgreSQL has its own tool: see
/// [`export_snapshot`].
pub async fn copy_sqlite(store: &Store, dest: &Path) -> Result<(), StoreError> {
    if store.backend() != Backend::Sqlite {
        return Err(StoreError::Corrupt(
            "an online file copy is only made of a SQLite database".into(),
        ));
    }
    let dest = dest
        .to_str()
        .ok_or_else(|| StoreError::Encode("the backup path is not UTF-8".into()))?
        .to_owned();
    store
        .read()
        .await?
        .execute(query("VACUUM INTO $1").bind(dest))
        .await?;
    Ok(())
}

/// A PostgreSQL read-only transaction that sees one snapshot, exported under the returned
/// name: `pg_dump --snapshot=NAME` then dumps exactly what counts taken in this transaction
/// see. The snapshot lives until the transaction ends (drop it after the dump).
pub async fn export_snapshot(store: &Store) -> Result<(Tx, String), StoreError> {
    if store.backend() != Backend::Postgres {
        return Err(StoreError::Corrupt(
            "snapshots are exported only by PostgreSQL".into(),
        ));
    }
    let mut tx = store.begin().await?;
    tx.execute(query(
        "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY",
    ))
    .await?;
    let name: String = tx.scalar(query("SELECT pg_export_snapshot()")).await?;
    Ok((tx, name))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_database_file_comes_from_a_sqlite_url_only() {
        assert_eq!(
            sqlite_file("sqlite:///srv/portal/data/portal.db"),
            Some(std::path::PathBuf::from("/srv/portal/data/portal.db"))
        );
        assert_eq!(
            sqlite_file("sqlite://data/portal.db?mode=rwc"),
            Some(std::path::PathBuf::from("data/portal.db"))
        );
        assert_eq!(sqlite_file("postgres://portal@db/portal"), None);
    }

    #[test]
    fn both_backends_know_the_same_number_of_migrations() {
        assert_eq!(
            known_schema_version(Backend::Sqlite),
            known_schema_version(Backend::Postgres)
        );
        assert!(known_schema_version(Backend::Sqlite) >= 18);
    }
}
