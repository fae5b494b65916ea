//! `portal backup` and `portal restore`: the whole portal (database, issuer keys, audit key
//! and checkpoints, documents) into one owner-only file, and back into an empty place, every
//! part checked first (portal_core::backup).
//!
//! The passphrase never travels on the command line: it comes from a file
//! (`--passphrase-file`) or `PORTAL_BACKUP_PASSPHRASE`.

use std::path::PathBuf;

use clap::Args;
use portal_core::backup::{self, PgTools};
use portal_core::config::Config;
use portal_core::Ctx;
use portal_storage::Store;

use super::transfer::passphrase;
use super::Failure;

/// `portal backup`
#[derive(Debug, Args)]
pub struct BackupArgs {
    /// The new file to write (refused if it exists); readable by its owner only. Safe while
    /// the portal runs.
    file: PathBuf,
    /// Seal the file with the passphrase in this file (first line); without it, and without
    /// PORTAL_BACKUP_PASSPHRASE, it is written in clear (it holds every record and the
    /// issuer's private keys: keep it as such).
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

/// `portal restore`
#[derive(Debug, Args)]
pub struct RestoreArgs {
    /// A file `portal backup` wrote.
    file: PathBuf,
    /// The passphrase's file (first line) of a sealed backup; else PORTAL_BACKUP_PASSPHRASE.
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

/// `portal backup FILE`
pub async fn run_backup(
    store: &Store,
    ctx: &Ctx<'_>,
    config: &Config,
    args: BackupArgs,
) -> Result<(), Failure> {
    let passphrase = passphrase(args.passphrase_file.as_deref(), "PORTAL_BACKUP_PASSPHRASE")?;
    let report = backup::backup(
        store,
        config,
        &args.file,
        passphrase.as_ref(),
        &PgTools::default(),
        ctx.now,
    )
    .await?;
    let manifest = &report.manifest;
    let rows: i64 = manifest.tables.values().sum();
    println!(
        "Backup written to {} ({} bytes{}): {} database, schema {}, {} tables, {rows} rows, {} files.",
        args.file.display(),
        report.bytes,
        if report.sealed { ", sealed" } else { "" },
        manifest.backend,
        manifest.schema_version,
        manifest.tables.len(),
        manifest.members.len().saturating_sub(1),
    );
    match &report.audit_break {
        None => println!("Audit trail in the copy: intact, {} rows.", manifest.audit.rows),
        Some(broken) => eprintln!(
            "portal: warning: the audit trail in the copy is broken ({broken}); the backup keeps it as it is"
        ),
    }
    if !report.sealed {
        println!("The file holds personal data and the issuer's private keys, in clear: keep it as such.");
    }
    Ok(())
}

/// `portal restore FILE`
pub async fn run_restore(config: &Config, args: RestoreArgs) -> Result<(), Failure> {
    let passphrase = passphrase(args.passphrase_file.as_deref(), "PORTAL_BACKUP_PASSPHRASE")?;
    let report =
        backup::restore(config, &args.file, passphrase.as_ref(), &PgTools::default()).await?;
    let manifest = &report.manifest;
    let rows: i64 = manifest.tables.values().sum();
    println!(
        "Restored the backup of {} ({} database, schema {}): {} tables, {rows} rows, every count as recorded; audit trail intact, {} rows, {} signed checkpoints; {} issuer keys, {} documents.",
        manifest.created_at.format("%Y-%m-%d %H:%M UTC"),
        manifest.backend,
        manifest.schema_version,
        manifest.tables.len(),
        manifest.audit.rows,
        report.checkpoints,
        report.keys,
        report.documents,
    );
    println!("Start the portal with `portal serve` (it applies any newer migrations first).");
    Ok(())
}
