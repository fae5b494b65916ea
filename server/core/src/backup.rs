//! Backups of a whole portal and their restore, with proof that nothing was lost on the way.
//!
//! A backup is one tar file (sealed with a passphrase when one is given, in the format of
//! sealed exports) holding:
//!
//! - `database.sqlite`: SQLite's online copy (`VACUUM INTO`, one read transaction), or
//!   `database.pgdump`: `pg_dump --format=custom` of one exported PostgreSQL snapshot;
//! - `files/`: the issuer's key files (`keys/`), the audit chain's key and checkpoint log,
//!   and the supporting documents (`documents/`);
//! - `manifest.json` ([`Manifest`]): the schema version, the row count of every table and
//!   the audit chain's state, all read from the very copy (or snapshot) that was saved, and
//!   the SHA-256 of every other member.
//!
//! A restore goes only into an empty place (no database, no audit key, no issuer keys): it
//! unpacks into a private staging folder, checks every digest, opens the copy, checks its
//! schema version, every table's count and the audit chain against the manifest, and only
//! then moves the files into place. A backup that fails a check restores nothing.
//!
//! Owns: the archive's layout and its checks. Must never: write a member outside the staging
//! folder (names are checked, never joined as given), overwrite a database or key, put a
//! secret on a command line, in a log or in an error message.

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Component, Path, PathBuf};

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use portal_storage::audit::{self, ChainReport};
use portal_storage::audit_files::{AuditFiles, CHECKPOINT_FILE, KEY_FILE};
use portal_storage::backup as db;
use portal_storage::files::{create_private_dir, restrict};
use portal_storage::{Backend, PoolOptions, Store};

use crate::config::Config;
use crate::error::{CoreError, CoreResult};
use crate::export::{self, Passphrase, SEALED_MAGIC};

/// The manifest's `format`.
pub const FORMAT: &str = "portal-backup/1";
/// The manifest's member name.
const MANIFEST: &str = "manifest.json";
/// The database member of a SQLite backup.
const SQLITE_MEMBER: &str = "database.sqlite";
/// The database member of a PostgreSQL backup.
const PGDUMP_MEMBER: &str = "database.pgdump";
/// The folder of every other file.
const FILES: &str = "files";

/// What a backup says of itself: checked in full before anything is restored.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    /// [`FORMAT`].
    pub format: String,
    /// When the copy was taken.
    pub created_at: DateTime<Utc>,
    /// The portal version that took it.
    pub portal_version: String,
    /// `"sqlite"` or `"postgres"`.
    pub backend: String,
    /// The newest migration applied to the copied database.
    pub schema_version: i64,
    /// Every table's row count in the copy.
    pub tables: BTreeMap<String, i64>,
    /// Audit rows in the copy, and whether their chain verified when it was taken.
    pub audit: AuditState,
    /// SHA-256 (hex) of every other member, by its name in the archive.
    pub members: BTreeMap<String, String>,
}

/// The audit chain of the copy when it was taken.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditState {
    /// Rows in the chain.
    pub rows: i64,
    /// Whether every link and signed checkpoint verified.
    pub intact: bool,
}

/// What `portal backup` did.
#[derive(Clone, Debug)]
pub struct BackupReport {
    /// The manifest written into the archive.
    pub manifest: Manifest,
    /// The archive's size in bytes.
    pub bytes: u64,
    /// Whether it is sealed with a passphrase.
    pub sealed: bool,
    /// The first audit break found in the copy, when the chain did not verify (the backup is
    /// taken all the same: it is most needed then).
    pub audit_break: Option<String>,
}

/// What `portal restore` did.
#[derive(Clone, Debug)]
pub struct RestoreReport {
    /// The checked manifest.
    pub manifest: Manifest,
    /// Key files put in place.
    pub keys: usize,
    /// Documents put in place.
    pub documents: usize,
    /// Signed audit checkpoints checked.
    pub checkpoints: usize,
}

/// Where the programs for PostgreSQL backups are (`pg_dump`, `pg_restore`; found on `PATH`
/// unless given).
#[derive(Clone, Debug)]
pub struct PgTools {
    /// `pg_dump`.
    pub dump: PathBuf,
    /// `pg_restore`.
    pub restore: PathBuf,
}

impl Default for PgTools {
    fn default() -> Self {
        Self {
            dump: PathBuf::from("pg_dump"),
            restore: PathBuf::from("pg_restore"),
        }
    }
}

fn io(what: &str) -> impl Fn(std::io::Error) -> CoreError + '_ {
    move |error| CoreError::File(format!("{what}: {error}"))
}

fn refused(message: impl Into<String>) -> CoreError {
    CoreError::Unreadable(message.into())
}

/// Backs up the portal `store` serves under `config` into `dest`, a new file (owner-only),
/// sealed with `passphrase` when given. Safe while the portal runs: the database part is one
/// consistent copy; the checkpoint log is copied before it (so it never records a row the
/// copy lacks) and the key files and documents after it (so every key and document the copy
/// names is there).
pub async fn backup(
    store: &Store,
    config: &Config,
    dest: &Path,
    passphrase: Option<&Passphrase>,
    tools: &PgTools,
    now: DateTime<Utc>,
) -> CoreResult<BackupReport> {
    if dest.exists() {
        return Err(CoreError::Conflict("the backup file"));
    }
    let folder = match dest.parent() {
        Some(parent) if !parent.as_os_str().is_empty() => parent.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let staging = tempfile::Builder::new()
        .prefix(".portal-backup-")
        .tempdir_in(&folder)
        .map_err(io("the staging folder beside the backup file"))?;
    let root = staging.path();
    let files = AuditFiles::in_dir(&config.data_dir);

    // 1. The checkpoint log, before the copy.
    let checkpoint_log = files.checkpoint_path();
    if checkpoint_log.is_file() {
        copy_private(&checkpoint_log, &root.join(FILES).join(CHECKPOINT_FILE))?;
    }
    let checkpoints = AuditFiles::in_dir(&root.join(FILES))
        .checkpoints()
        .map_err(|e| CoreError::File(e.to_string()))?;

    // 2. The database: one consistent copy, and what the manifest says of it, read from it.
    let (schema_version, tables, report) = match store.backend() {
        Backend::Sqlite => {
            let copy = root.join(SQLITE_MEMBER);
            db::copy_sqlite(store, &copy).await?;
            restrict(&copy).map_err(io("the database copy"))?;
            let opened = open_sqlite(&copy, store.audit_key().clone()).await?;
            let described = describe(&opened, &checkpoints).await;
            opened.close().await;
            described?
        }
        Backend::Postgres => {
            let (mut tx, snapshot) = db::export_snapshot(store).await?;
            let schema_version = db::schema_version(&mut tx).await?;
            let tables = db::table_counts(&mut tx).await?;
            let report = audit::verify_chain(&mut tx, store.audit_key(), &checkpoints).await?;
            pg_dump(
                tools,
                &config.database_url,
                &snapshot,
                &root.join(PGDUMP_MEMBER),
            )
            .await?;
            drop(tx);
            (schema_version, tables, report)
        }
    };
    let (audit, audit_break) = match report {
        ChainReport::Intact { rows, .. } => (AuditState { rows, intact: true }, None),
        ChainReport::Broken(broken) => (
            AuditState {
                rows: tables.get("audit_log").copied().unwrap_or(0),
                intact: false,
            },
            Some(broken.to_string()),
        ),
    };

    // 3. Keys and documents, after the copy.
    let audit_key = files.key_path();
    if audit_key.is_file() {
        copy_private(&audit_key, &root.join(FILES).join(KEY_FILE))?;
    }
    copy_tree(&config.keys_dir, &root.join(FILES).join("keys"), 1)?;
    copy_tree(
        &config.data_dir.join("documents"),
        &root.join(FILES).join("documents"),
        2,
    )?;

    // 4. The manifest, then the archive.
    let mut members = BTreeMap::new();
    for (name, path) in members_under(root)? {
        members.insert(name, sha256_file(&path)?);
    }
    let manifest = Manifest {
        format: FORMAT.to_owned(),
        created_at: now,
        portal_version: env!("CARGO_PKG_VERSION").to_owned(),
        backend: store.backend_name().to_owned(),
        schema_version,
        tables,
        audit,
        members,
    };
    let text = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| CoreError::File(format!("the manifest: {e}")))?;
    std::fs::write(root.join(MANIFEST), text).map_err(io("the manifest"))?;

    let mut archive = tempfile::NamedTempFile::new_in(&folder).map_err(io("the backup file"))?;
    {
        let mut builder = tar::Builder::new(archive.as_file_mut());
        builder.mode(tar::HeaderMode::Deterministic);
        builder
            .append_path_with_name(root.join(MANIFEST), MANIFEST)
            .map_err(io("the backup file"))?;
        for name in manifest.members.keys() {
            builder
                .append_path_with_name(root.join(name), name)
                .map_err(io("the backup file"))?;
        }
        builder.finish().map_err(io("the backup file"))?;
    }
    if let Some(passphrase) = passphrase {
        let mut plain = Vec::new();
        archive
            .reopen()
            .and_then(|mut file| file.read_to_end(&mut plain))
            .map_err(io("the backup file"))?;
        let sealed = export::seal(passphrase, &plain)?;
        archive = tempfile::NamedTempFile::new_in(&folder).map_err(io("the backup file"))?;
        archive.write_all(&sealed).map_err(io("the backup file"))?;
    }
    archive
        .as_file()
        .sync_all()
        .map_err(io("the backup file"))?;
    restrict(archive.path()).map_err(io("the backup file"))?;
    let file = archive
        .persist_noclobber(dest)
        .map_err(|e| match e.error.kind() {
            std::io::ErrorKind::AlreadyExists => CoreError::Conflict("the backup file"),
            _ => CoreError::File(format!("the backup file: {}", e.error)),
        })?;
    let bytes = file.metadata().map_err(io("the backup file"))?.len();
    Ok(BackupReport {
        manifest,
        bytes,
        sealed: passphrase.is_some(),
        audit_break,
    })
}

/// Restores the backup `archive` into the place `config` names (data folder, keys folder,
/// database), which must hold no database, audit key or issuer key yet. Everything is
/// checked before anything is put in place.
pub async fn restore(
    config: &Config,
    archive: &Path,
    passphrase: Option<&Passphrase>,
    tools: &PgTools,
) -> CoreResult<RestoreReport> {
    let backend = if db::sqlite_file(&config.database_url).is_some() {
        Backend::Sqlite
    } else {
        Backend::Postgres
    };
    ensure_empty_place(config, backend).await?;

    let bytes = std::fs::read(archive).map_err(io("the backup file"))?;
    let plain = if bytes.starts_with(SEALED_MAGIC) {
        let passphrase = passphrase.ok_or_else(|| {
            refused("the backup is sealed: give its passphrase (--passphrase-file or PORTAL_BACKUP_PASSPHRASE)")
        })?;
        export::open(passphrase, &bytes)
            .map_err(|e| refused(format!("the backup cannot be opened: {e}")))?
    } else {
        bytes
    };

    create_private_dir(&config.data_dir).map_err(io("the data folder"))?;
    let staging = tempfile::Builder::new()
        .prefix(".portal-restore-")
        .tempdir_in(&config.data_dir)
        .map_err(io("the staging folder in the data folder"))?;
    let root = staging.path();
    let manifest = unpack(&plain, root)?;
    drop(plain);

    if manifest.backend != backend.as_str() {
        return Err(refused(format!(
            "this is a backup of a {} database, and the configuration names a {} one",
            manifest.backend,
            backend.as_str()
        )));
    }
    let known = db::known_schema_version(backend);
    if manifest.schema_version > known {
        return Err(refused(format!(
            "the backup's schema ({}) is newer than this portal's ({known}): restore it with the version that made it ({})",
            manifest.schema_version, manifest.portal_version
        )));
    }
    let staged = AuditFiles::in_dir(&root.join(FILES));
    let audit_key = staged
        .load_key()
        .map_err(|_| refused("the backup holds no usable audit key"))?;
    let checkpoints = staged
        .checkpoints()
        .map_err(|e| refused(format!("the backup's checkpoint log: {e}")))?;

    let store = match backend {
        Backend::Sqlite => open_sqlite(&root.join(SQLITE_MEMBER), audit_key).await?,
        Backend::Postgres => {
            pg_restore(tools, &config.database_url, &root.join(PGDUMP_MEMBER)).await?;
            Store::connect(&config.database_url, PoolOptions::new(2), audit_key).await?
        }
    };
    let checked = check_against(&store, &manifest, &checkpoints).await;
    store.close().await;
    let checkpoints = checked?;

    // Everything checked: into place.
    if let Some(file) = db::sqlite_file(&config.database_url) {
        if let Some(folder) = file.parent().filter(|f| !f.as_os_str().is_empty()) {
            create_private_dir(folder).map_err(io("the database's folder"))?;
        }
        move_file(&root.join(SQLITE_MEMBER), &file)?;
    }
    let keys = move_tree(&root.join(FILES).join("keys"), &config.keys_dir)?;
    let documents = move_tree(
        &root.join(FILES).join("documents"),
        &config.data_dir.join("documents"),
    )?;
    let files = AuditFiles::in_dir(&config.data_dir);
    if root.join(FILES).join(CHECKPOINT_FILE).is_file() {
        move_file(
            &root.join(FILES).join(CHECKPOINT_FILE),
            &files.checkpoint_path(),
        )?;
    }
    // The key last: its presence is what marks the place as taken.
    move_file(&root.join(FILES).join(KEY_FILE), &files.key_path())?;
    Ok(RestoreReport {
        manifest,
        keys,
        documents,
        checkpoints,
    })
}

/// Checks an opened copy against its manifest: schema version, every table's count, and
/// the audit chain (which must verify when it did at backup). The number of checkpoints.
async fn check_against(
    store: &Store,
    manifest: &Manifest,
    checkpoints: &[portal_domain::audit::Checkpoint],
) -> CoreResult<usize> {
    let (schema_version, tables, report) = describe(store, checkpoints).await?;
    if schema_version != manifest.schema_version {
        return Err(refused(format!(
            "the restored database has schema {schema_version}, the manifest says {}",
            manifest.schema_version
        )));
    }
    let mut differ = Vec::new();
    for name in manifest.tables.keys().chain(tables.keys()) {
        let (want, got) = (manifest.tables.get(name), tables.get(name));
        if want != got && !differ.contains(name) {
            differ.push(name.clone());
        }
    }
    if !differ.is_empty() {
        return Err(refused(format!(
            "the restored database's row counts differ from the manifest's in: {}",
            differ.join(", ")
        )));
    }
    match report {
        ChainReport::Intact { rows, checkpoints } => {
            if rows != manifest.audit.rows {
                return Err(refused(format!(
                    "the restored audit chain has {rows} rows, the manifest says {}",
                    manifest.audit.rows
                )));
            }
            Ok(checkpoints)
        }
        ChainReport::Broken(broken) if manifest.audit.intact => Err(refused(format!(
            "the restored audit chain does not verify: {broken}"
        ))),
        // Broken when it was taken, and so recorded: restored as it was.
        ChainReport::Broken(_) => Ok(0),
    }
}

/// The schema version, the table counts and the audit chain's report of an opened database.
async fn describe(
    store: &Store,
    checkpoints: &[portal_domain::audit::Checkpoint],
) -> CoreResult<(i64, BTreeMap<String, i64>, ChainReport)> {
    let mut conn = store.read().await?;
    let schema_version = db::schema_version(&mut conn).await?;
    let tables = db::table_counts(&mut conn).await?;
    let report = audit::verify_chain(&mut conn, store.audit_key(), checkpoints).await?;
    Ok((schema_version, tables, report))
}

async fn open_sqlite(file: &Path, audit_key: portal_domain::audit::AuditKey) -> CoreResult<Store> {
    let url = format!("sqlite://{}", file.display());
    Ok(Store::connect(&url, PoolOptions::new(1), audit_key).await?)
}

/// Refuses a place that holds a database, an audit key or an issuer key already.
async fn ensure_empty_place(config: &Config, backend: Backend) -> CoreResult<()> {
    const MOVE_ASIDE: &str = "a restore goes only into an empty place: move the current data folder aside (or point PORTAL_DATA_DIR at a new one) first";
    if AuditFiles::in_dir(&config.data_dir).key_path().exists() {
        return Err(refused(format!(
            "{} holds an audit key already; {MOVE_ASIDE}",
            config.data_dir.display()
        )));
    }
    if std::fs::read_dir(&config.keys_dir).is_ok_and(|mut entries| entries.next().is_some()) {
        return Err(refused(format!(
            "the keys folder {} is not empty; {MOVE_ASIDE}",
            config.keys_dir.display()
        )));
    }
    match backend {
        Backend::Sqlite => {
            if let Some(file) = db::sqlite_file(&config.database_url) {
                if file.exists() {
                    return Err(refused(format!(
                        "{} exists already; {MOVE_ASIDE}",
                        file.display()
                    )));
                }
            }
        }
        Backend::Postgres => {
            let probe = Store::connect(
                &config.database_url,
                PoolOptions::new(1),
                portal_domain::audit::AuditKey::from_secret(
                    &[0; portal_domain::audit::AUDIT_SECRET_LEN],
                ),
            )
            .await?;
            let empty = db::is_empty(&mut probe.read().await?).await;
            probe.close().await;
            if !empty? {
                return Err(refused(
                    "the PostgreSQL database holds tables already: a restore goes only into a new, empty database (createdb), named by PORTAL_DATABASE_URL",
                ));
            }
        }
    }
    Ok(())
}

/// Unpacks `tar` into `root`, checking every name and digest against the manifest.
fn unpack(tar: &[u8], root: &Path) -> CoreResult<Manifest> {
    let mut archive = tar::Archive::new(tar);
    let mut digests = BTreeMap::new();
    let mut manifest_text = None;
    let entries = archive
        .entries()
        .map_err(|_| refused("this is not a portal backup (not a tar archive)"))?;
    for (seen, entry) in entries.enumerate() {
        let mut entry = entry.map_err(|_| {
            refused(if seen == 0 {
                "this is not a portal backup (not a tar archive)"
            } else {
                "the backup file is damaged (truncated?)"
            })
        })?;
        let name = entry
            .path()
            .ok()
            .and_then(|p| member_name(&p))
            .ok_or_else(|| refused("the backup holds a member with a name a backup never has"))?;
        if entry.header().entry_type() != tar::EntryType::Regular {
            return Err(refused(format!(
                "the backup's member {name} is not a plain file"
            )));
        }
        if name == MANIFEST {
            let mut text = Vec::new();
            entry
                .take(1 << 24)
                .read_to_end(&mut text)
                .map_err(|_| refused("the backup file is damaged (truncated?)"))?;
            manifest_text = Some(text);
            continue;
        }
        if digests.contains_key(&name) {
            return Err(refused(format!("the backup holds {name} twice")));
        }
        let path = root.join(&name);
        if let Some(folder) = path.parent() {
            create_private_dir(folder).map_err(io("the staging folder"))?;
        }
        let mut out = std::fs::File::create(&path).map_err(io("the staging folder"))?;
        restrict(&path).map_err(io("the staging folder"))?;
        let mut hasher = Sha256::new();
        let mut buffer = vec![0u8; 1 << 16];
        loop {
            let read = entry
                .read(&mut buffer)
                .map_err(|_| refused("the backup file is damaged (truncated?)"))?;
            if read == 0 {
                break;
            }
            let chunk = buffer.get(..read).unwrap_or_default();
            hasher.update(chunk);
            out.write_all(chunk).map_err(io("the staging folder"))?;
        }
        out.sync_all().map_err(io("the staging folder"))?;
        digests.insert(name, hex::encode(hasher.finalize()));
    }
    let manifest: Manifest = manifest_text
        .ok_or_else(|| refused("this is not a portal backup (it has no manifest)"))
        .and_then(|text| {
            serde_json::from_slice(&text)
                .map_err(|_| refused("the backup's manifest is not readable"))
        })?;
    if manifest.format != FORMAT {
        return Err(refused(format!(
            "the backup's format {} is not {FORMAT}",
            manifest.format.escape_debug()
        )));
    }
    for (name, digest) in &manifest.members {
        match digests.remove(name) {
            Some(found) if &found == digest => {}
            Some(_) => {
                return Err(refused(format!(
                    "the backup's {name} is damaged (its digest differs)"
                )))
            }
            None => return Err(refused(format!("the backup lacks {name}"))),
        }
    }
    if let Some(extra) = digests.keys().next() {
        return Err(refused(format!(
            "the backup holds {extra}, which its manifest does not list"
        )));
    }
    let database = match manifest.backend.as_str() {
        "sqlite" => SQLITE_MEMBER,
        "postgres" => PGDUMP_MEMBER,
        _ => return Err(refused("the backup's manifest names no known database")),
    };
    if !manifest.members.contains_key(database) {
        return Err(refused(format!("the backup lacks {database}")));
    }
    Ok(manifest)
}

/// A member's name when it is one a backup has: the manifest, a database, or a path under
/// `files/` of plain components (no `..`, no root, no empty part).
fn member_name(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => {
                let part = part.to_str()?;
                if part.starts_with('.') || part.contains('\\') {
                    return None;
                }
                parts.push(part);
            }
            _ => return None,
        }
    }
    let name = parts.join("/");
    match parts.as_slice() {
        [MANIFEST] | [SQLITE_MEMBER] | [PGDUMP_MEMBER] => Some(name),
        [FILES, KEY_FILE] | [FILES, CHECKPOINT_FILE] => Some(name),
        [FILES, "keys", _] => Some(name),
        [FILES, "documents", _, _] => Some(name),
        _ => None,
    }
}

/// Every regular file under `root` (never following a link), sorted; none when `root` is
/// missing.
fn files_under(root: &Path) -> CoreResult<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(folder) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&folder) else {
            continue;
        };
        for entry in entries {
            let entry = entry.map_err(io("the staging folder"))?;
            let kind = entry.file_type().map_err(io("the staging folder"))?;
            if kind.is_dir() {
                stack.push(entry.path());
            } else if kind.is_file() {
                found.push(entry.path());
            }
        }
    }
    found.sort();
    Ok(found)
}

/// Every file under `root` a backup may hold, except the manifest, by its archive name.
fn members_under(root: &Path) -> CoreResult<Vec<(String, PathBuf)>> {
    Ok(files_under(root)?
        .into_iter()
        .filter_map(|path| {
            let name = path
                .strip_prefix(root)
                .ok()
                .and_then(member_name)
                .filter(|name| name != MANIFEST)?;
            Some((name, path))
        })
        .collect())
}

fn sha256_file(path: &Path) -> CoreResult<String> {
    let mut file = std::fs::File::open(path).map_err(io("the staging folder"))?;
    let mut hasher = Sha256::new();
    std::io::copy(&mut file, &mut hasher).map_err(io("the staging folder"))?;
    Ok(hex::encode(hasher.finalize()))
}

/// Copies one file, owner-only.
fn copy_private(from: &Path, to: &Path) -> CoreResult<()> {
    if let Some(folder) = to.parent() {
        create_private_dir(folder).map_err(io("the staging folder"))?;
    }
    std::fs::copy(from, to).map_err(io("a file of the data folder"))?;
    restrict(to).map_err(io("the staging folder"))
}

/// Copies the regular files `depth` folders down `from` (keys: 1, documents: 2), never
/// following a link. A missing `from` copies nothing.
fn copy_tree(from: &Path, to: &Path, depth: usize) -> CoreResult<()> {
    let Ok(entries) = std::fs::read_dir(from) else {
        return Ok(());
    };
    for entry in entries {
        let entry = entry.map_err(io("a folder of the data folder"))?;
        let kind = entry
            .file_type()
            .map_err(io("a folder of the data folder"))?;
        let target = to.join(entry.file_name());
        if depth > 1 && kind.is_dir() {
            copy_tree(&entry.path(), &target, depth - 1)?;
        } else if depth == 1
            && kind.is_file()
            && !entry.file_name().to_string_lossy().starts_with('.')
        {
            copy_private(&entry.path(), &target)?;
        }
    }
    Ok(())
}

/// Moves a file into place, never over an existing one (a rename when both are on one file
/// system, else a copy then a removal).
fn move_file(from: &Path, to: &Path) -> CoreResult<()> {
    if to.exists() {
        return Err(refused(format!("{} exists already", to.display())));
    }
    if let Some(folder) = to.parent().filter(|f| !f.as_os_str().is_empty()) {
        create_private_dir(folder).map_err(io("a folder of the data folder"))?;
    }
    if std::fs::rename(from, to).is_err() {
        std::fs::copy(from, to).map_err(io("a file of the data folder"))?;
        restrict(to).map_err(io("a file of the data folder"))?;
        std::fs::remove_file(from).map_err(io("the staging folder"))?;
    }
    Ok(())
}

/// Moves every file under `from` to the same place under `to`; the number moved.
fn move_tree(from: &Path, to: &Path) -> CoreResult<usize> {
    let mut moved = 0;
    for path in files_under(from)? {
        let Ok(relative) = path.strip_prefix(from) else {
            continue;
        };
        move_file(&path, &to.join(relative))?;
        moved += 1;
    }
    Ok(moved)
}

/// A PostgreSQL URL split for libpq's programs: the URL without its password (safe on a
/// command line) and the password (for `PGPASSWORD`).
fn pg_connection(url: &str) -> CoreResult<(String, Option<String>)> {
    let mut parsed = url::Url::parse(url)
        .map_err(|_| CoreError::Setup("the PostgreSQL URL is not valid".into()))?;
    let password = parsed.password().map(percent_decode);
    parsed
        .set_password(None)
        .map_err(|()| CoreError::Setup("the PostgreSQL URL is not valid".into()))?;
    Ok((parsed.to_string(), password))
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes.get(i), hex) {
            (Some(b'%'), Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (Some(&byte), _) => {
                out.push(byte);
                i += 1;
            }
            (None, _) => break,
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

async fn pg_dump(tools: &PgTools, url: &str, snapshot: &str, out: &Path) -> CoreResult<()> {
    let (dbname, password) = pg_connection(url)?;
    let mut command = std::process::Command::new(&tools.dump);
    command
        .arg(format!("--dbname={dbname}"))
        .arg(format!("--snapshot={snapshot}"))
        .args(["--format=custom", "--no-owner", "--no-privileges"])
        .arg(format!("--file={}", out.display()));
    run_tool(command, password, "pg_dump").await?;
    restrict(out).map_err(io("the database dump"))
}

async fn pg_restore(tools: &PgTools, url: &str, dump: &Path) -> CoreResult<()> {
    let (dbname, password) = pg_connection(url)?;
    let mut command = std::process::Command::new(&tools.restore);
    command
        .arg(format!("--dbname={dbname}"))
        .args([
            "--no-owner",
            "--no-privileges",
            "--exit-on-error",
            "--single-transaction",
        ])
        .arg(dump);
    run_tool(command, password, "pg_restore").await
}

/// Runs a PostgreSQL program to its end off the async threads; its error output (which
/// names objects, never row values) is kept for the message.
async fn run_tool(
    mut command: std::process::Command,
    password: Option<String>,
    name: &'static str,
) -> CoreResult<()> {
    if let Some(password) = password {
        command.env("PGPASSWORD", password);
    }
    command.stdin(std::process::Stdio::null());
    let output = tokio::task::spawn_blocking(move || command.output())
        .await
        .map_err(|_| CoreError::Setup(format!("{name} did not finish")))?
        .map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => CoreError::Setup(format!(
                "{name} was not found: install PostgreSQL's client programs (the server's major version or newer)"
            )),
            _ => CoreError::Setup(format!("{name} could not start: {e}")),
        })?;
    if output.status.success() {
        return Ok(());
    }
    let said = String::from_utf8_lossy(&output.stderr);
    let first = said
        .lines()
        .find(|l| !l.trim().is_empty())
        .unwrap_or("no message");
    Err(CoreError::Setup(format!("{name} failed: {}", first.trim())))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_names_a_backup_has_are_accepted() {
        for good in [
            "manifest.json",
            "database.sqlite",
            "database.pgdump",
            "files/audit.key",
            "files/audit-checkpoints.jsonl",
            "files/keys/key-2026-12-07",
            "files/documents/ab/abcdef",
        ] {
            assert_eq!(member_name(Path::new(good)).as_deref(), Some(good));
        }
        for bad in [
            "../portal.db",
            "/etc/passwd",
            "files/../../x",
            "files/keys/../../audit.key",
            "files/keys/a/b",
            "files/documents/ab",
            "files/.hidden",
            "files/keys/.tmp123",
            "other.txt",
            "",
        ] {
            assert_eq!(member_name(Path::new(bad)), None, "{bad}");
        }
    }

    #[test]
    fn a_postgres_password_leaves_the_command_line() {
        let (dbname, password) =
            pg_connection("postgres://portal:s%40cret%2F1@db.internal:5432/portal?sslmode=require")
                .unwrap();
        assert_eq!(
            dbname,
            "postgres://portal@db.internal:5432/portal?sslmode=require"
        );
        assert_eq!(password.as_deref(), Some("s@cret/1"));
        let (dbname, password) = pg_connection("postgres://postgres@127.0.0.1/x").unwrap();
        assert_eq!(dbname, "postgres://postgres@127.0.0.1/x");
        assert_eq!(password, None);
    }

    fn tar_of(members: &[(&str, &[u8])]) -> Vec<u8> {
        let mut builder = tar::Builder::new(Vec::new());
        for (name, bytes) in members {
            let mut header = tar::Header::new_gnu();
            header.set_size(bytes.len() as u64);
            header.set_mode(0o600);
            header.set_cksum();
            builder.append_data(&mut header, name, *bytes).unwrap();
        }
        builder.into_inner().unwrap()
    }

    fn manifest_with(members: &[(&str, &[u8])]) -> Vec<u8> {
        let manifest = Manifest {
            format: FORMAT.into(),
            created_at: DateTime::UNIX_EPOCH,
            portal_version: "0".into(),
            backend: "sqlite".into(),
            schema_version: 1,
            tables: BTreeMap::new(),
            audit: AuditState {
                rows: 0,
                intact: true,
            },
            members: members
                .iter()
                .map(|(n, b)| ((*n).to_owned(), hex::encode(Sha256::digest(b))))
                .collect(),
        };
        serde_json::to_vec(&manifest).unwrap()
    }

    #[test]
    fn unpacking_checks_every_digest_and_lists_nothing_more_or_less() {
        let members: [(&str, &[u8]); 2] = [
            ("database.sqlite", b"db bytes"),
            ("files/audit.key", b"key"),
        ];
        let manifest = manifest_with(&members);
        let whole = tar_of(&[members[0], members[1], ("manifest.json", &manifest)]);
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(unpack(&whole, dir.path()).unwrap().members.len(), 2);

        let tampered = tar_of(&[
            ("database.sqlite", b"DB bytes"),
            members[1],
            ("manifest.json", &manifest),
        ]);
        let error = unpack(&tampered, tempfile::tempdir().unwrap().path()).unwrap_err();
        assert!(
            error.to_string().contains("database.sqlite is damaged"),
            "{error}"
        );

        let missing = tar_of(&[members[0], ("manifest.json", &manifest)]);
        let error = unpack(&missing, tempfile::tempdir().unwrap().path()).unwrap_err();
        assert!(
            error.to_string().contains("lacks files/audit.key"),
            "{error}"
        );

        let extra = tar_of(&[
            members[0],
            members[1],
            ("files/keys/k1", b"secret"),
            ("manifest.json", &manifest),
        ]);
        let error = unpack(&extra, tempfile::tempdir().unwrap().path()).unwrap_err();
        assert!(error.to_string().contains("does not list"), "{error}");

        let truncated = whole.get(..whole.len() / 2).unwrap();
        assert!(unpack(truncated, tempfile::tempdir().unwrap().path()).is_err());
        assert!(unpack(b"not a tar at all", tempfile::tempdir().unwrap().path()).is_err());
    }

    #[test]
    fn a_member_that_climbs_out_is_refused_before_anything_is_written() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path().join("staging");
        std::fs::create_dir(&root).unwrap();
        let mut builder = tar::Builder::new(Vec::new());
        let mut header = tar::Header::new_gnu();
        header.set_size(4);
        header.set_mode(0o600);
        // `append_data` refuses `..` itself: write the name into the header directly.
        header.as_gnu_mut().unwrap().name[..12].copy_from_slice(b"../escape.db");
        header.set_cksum();
        builder.append(&header, &b"evil"[..]).unwrap();
        let archive = builder.into_inner().unwrap();
        let error = unpack(&archive, &root).unwrap_err();
        assert!(error.to_string().contains("never has"), "{error}");
        assert!(!dir.path().join("escape.db").exists());
    }
}
