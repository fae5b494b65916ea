//! `portal export` and `portal decrypt`: people's records for a partner under a data-sharing
//! agreement, by a named admin, with its purpose in the audit trail, written only to a new file
//! the admin names (owner-only), sealed when a passphrase is given.
//!
//! The passphrase never travels on the command line (other users can read it there): it comes
//! from a file (`--passphrase-file`) or `PORTAL_EXPORT_PASSPHRASE`.

use std::io::Write as _;
use std::path::{Path, PathBuf};

use clap::Args;
use portal_core::export::{self, ExportAsk, Passphrase};
use portal_core::{admin, Ctx};
use portal_domain::person::Email;
use portal_storage::Store;

use super::{Failure, SOURCE};

/// `portal export`
#[derive(Debug, Args)]
pub struct ExportArgs {
    /// csv (the import's columns, docs/import.md) or json.
    #[arg(long, default_value = "csv")]
    format: String,
    /// The new file to write (refused if it exists); readable by its owner only.
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// Why: the data-sharing agreement's reference, kept in the audit trail.
    #[arg(long)]
    purpose: String,
    /// The work email of the admin exporting (an active admin; an office's admin exports
    /// their office only).
    #[arg(long = "by", value_name = "EMAIL")]
    by: String,
    /// One office's people (default: every office the admin may export).
    #[arg(long)]
    office: Option<String>,
    /// Seal the file with the passphrase in this file (first line); without it, and without
    /// PORTAL_EXPORT_PASSPHRASE, the file is written in clear.
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

/// `portal decrypt`
#[derive(Debug, Args)]
pub struct DecryptArgs {
    /// The sealed export.
    file: PathBuf,
    /// The new file to write the records to (refused if it exists).
    #[arg(long, value_name = "PATH")]
    out: PathBuf,
    /// The passphrase's file (first line); else PORTAL_EXPORT_PASSPHRASE.
    #[arg(long, value_name = "FILE")]
    passphrase_file: Option<PathBuf>,
}

/// The passphrase from `file` (its first line), else from the environment variable `var`;
/// `None` when neither is given.
pub(super) fn passphrase(file: Option<&Path>, var: &str) -> Result<Option<Passphrase>, Failure> {
    let raw = match file {
        Some(path) => {
            let text = std::fs::read_to_string(path)
                .map_err(|e| Failure::input(format!("the passphrase file cannot be read: {e}")))?;
            Some(text.lines().next().unwrap_or_default().to_owned())
        }
        None => std::env::var(var).ok(),
    };
    raw.map(|r| Passphrase::new(&r).map_err(Failure::from))
        .transpose()
}

/// A new file at `path` for owner-only writing, next to which a temporary `…partial` is
/// written first; refused if `path` exists.
struct NewFile {
    path: PathBuf,
    partial: PathBuf,
}

impl NewFile {
    fn at(path: &Path) -> Result<Self, Failure> {
        if path.exists() {
            return Err(Failure::input(format!(
                "{} exists already: name a new file",
                path.display()
            )));
        }
        let name = path
            .file_name()
            .ok_or_else(|| Failure::input("--out names a file, not a folder"))?;
        let mut partial_name = std::ffi::OsString::from(".");
        partial_name.push(name);
        partial_name.push(".partial");
        Ok(Self {
            path: path.to_owned(),
            partial: path.with_file_name(partial_name),
        })
    }

    /// Writes `bytes` to the temporary file, owner-only, flushed to disk.
    fn write(&self, bytes: &[u8]) -> Result<(), Failure> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt as _;
            options.mode(0o600);
        }
        let written = options.open(&self.partial).and_then(|mut file| {
            file.write_all(bytes)?;
            file.sync_all()
        });
        written.map_err(|e| {
            self.discard();
            Failure::runtime(format!("{} cannot be written: {e}", self.path.display()))
        })
    }

    /// Gives the temporary file its name (refusing to replace a file made meanwhile).
    fn keep(&self) -> Result<(), Failure> {
        if self.path.exists() {
            self.discard();
            return Err(Failure::runtime(format!(
                "{} appeared meanwhile: nothing was written",
                self.path.display()
            )));
        }
        std::fs::rename(&self.partial, &self.path).map_err(|e| {
            self.discard();
            Failure::runtime(format!("{} cannot be written: {e}", self.path.display()))
        })
    }

    fn discard(&self) {
        let _ = std::fs::remove_file(&self.partial);
    }
}

/// `portal export`: read, seal, write the temporary file, commit the audit row, then name
/// the file. Whatever fails, no file stays behind without its audit row, nor the other way.
pub async fn run_export(store: &Store, ctx: &Ctx<'_>, args: ExportArgs) -> Result<(), Failure> {
    let ask = ExportAsk::parse(&args.format, &args.purpose, args.office.as_deref())?;
    let passphrase = passphrase(args.passphrase_file.as_deref(), "PORTAL_EXPORT_PASSPHRASE")?;
    let file = NewFile::at(&args.out)?;
    let email = Email::parse(&args.by)?;
    let mut tx = store.begin().await?;
    let by = admin::staff_by_email(&mut tx, &email)
        .await?
        .filter(|s| s.active)
        .ok_or_else(|| Failure::input("--by: no active staff account has this email"))?;
    let exported = export::export_people(&mut tx, ctx, &by, &ask, passphrase.as_ref(), SOURCE)
        .await
        .map_err(|e| match e {
            portal_core::CoreError::NotAllowed => Failure::input(
                "--by: only an active admin exports, and an office's admin only their office",
            ),
            other => other.into(),
        })?;
    file.write(&exported.bytes)?;
    if let Err(error) = tx.commit().await {
        file.discard();
        return Err(error.into());
    }
    file.keep()?;
    println!(
        "Exported {} people in {} households to {} ({}, {}).",
        exported.people,
        exported.households,
        args.out.display(),
        ask.format.as_str(),
        if exported.sealed {
            "sealed with the passphrase"
        } else {
            "NOT encrypted: keep it on an encrypted disk and delete it once sent"
        },
    );
    println!(
        "SHA-256 {} (also in the audit trail, with the purpose).",
        exported.sha256
    );
    Ok(())
}

/// `portal decrypt`: opens a sealed export into a new file.
pub fn run_decrypt(args: DecryptArgs) -> Result<(), Failure> {
    let passphrase = passphrase(args.passphrase_file.as_deref(), "PORTAL_EXPORT_PASSPHRASE")?
        .ok_or_else(|| Failure::input("give --passphrase-file or PORTAL_EXPORT_PASSPHRASE"))?;
    let file = NewFile::at(&args.out)?;
    let sealed = std::fs::read(&args.file)
        .map_err(|e| Failure::input(format!("{} cannot be read: {e}", args.file.display())))?;
    let plain = export::open(&passphrase, &sealed).map_err(|e| Failure::input(e.to_string()))?;
    file.write(&plain)?;
    file.keep()?;
    println!("Opened into {}.", args.out.display());
    Ok(())
}
