//! The audit trail's files outside the database, in the data directory: the key the chain is
//! linked with (`audit.key`, owner-only) and the append-only log of signed checkpoints
//! (`audit-checkpoints.jsonl`). Someone who can change the database but not these files can
//! neither forge a link nor hide rows cut off the end.
//!
//! Owns: reading, creating and appending those two files. Must never: show the key's content
//! in an error or a log, or rewrite a checkpoint already written.

use std::io::Write;
use std::path::{Path, PathBuf};

use portal_domain::audit::{AuditKey, Checkpoint, AUDIT_SECRET_LEN};

use crate::files::{readable_by_others, restrict, write_new_private};

/// The key file's name in the data directory.
pub const KEY_FILE: &str = "audit.key";
/// The checkpoint log's name in the data directory.
pub const CHECKPOINT_FILE: &str = "audit-checkpoints.jsonl";

/// An audit file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("audit file {path}: {problem}")]
pub struct AuditFileError {
    /// Which file.
    pub path: PathBuf,
    /// What is wrong with it (never its content).
    pub problem: String,
}

impl AuditFileError {
    fn at(path: &Path, problem: impl std::fmt::Display) -> Self {
        Self {
            path: path.to_path_buf(),
            problem: problem.to_string(),
        }
    }
}

/// The audit files of one data directory.
#[derive(Clone, Debug)]
pub struct AuditFiles {
    dir: PathBuf,
}

impl AuditFiles {
    /// The audit files in `data_dir`.
    pub fn in_dir(data_dir: &Path) -> Self {
        Self {
            dir: data_dir.to_path_buf(),
        }
    }

    /// Where the key is.
    pub fn key_path(&self) -> PathBuf {
        self.dir.join(KEY_FILE)
    }

    /// Where the checkpoints are.
    pub fn checkpoint_path(&self) -> PathBuf {
        self.dir.join(CHECKPOINT_FILE)
    }

    /// The audit key, made (random, 0600) the first time. A key file others may read, or one
    /// that does not hold a key, is refused.
    pub fn load_or_create_key(&self) -> Result<AuditKey, AuditFileError> {
        let path = self.key_path();
        if !path.exists() {
            let secret = AuditKey::new_secret(&mut rand_core::OsRng);
            match write_new_private(&path, hex::encode(secret).as_bytes()) {
                Ok(()) => return Ok(AuditKey::from_secret(&secret)),
                // Another process made it first: read theirs.
                Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => {}
                Err(e) => return Err(AuditFileError::at(&path, e)),
            }
        }
        self.load_key()
    }

    /// The existing audit key.
    pub fn load_key(&self) -> Result<AuditKey, AuditFileError> {
        let path = self.key_path();
        if readable_by_others(&path).map_err(|e| AuditFileError::at(&path, e))? {
            return Err(AuditFileError::at(
                &path,
                "others may read it; allow only its owner (chmod 600)",
            ));
        }
        let text = std::fs::read_to_string(&path).map_err(|e| AuditFileError::at(&path, e))?;
        let secret: [u8; AUDIT_SECRET_LEN] = hex::decode(text.trim())
            .ok()
            .and_then(|bytes| bytes.try_into().ok())
            .ok_or_else(|| {
                AuditFileError::at(&path, "it does not hold a key of 64 hexadecimal digits")
            })?;
        Ok(AuditKey::from_secret(&secret))
    }

    /// Appends `checkpoint` to the log (created 0600), synced before returning.
    pub fn append(&self, checkpoint: &Checkpoint) -> Result<(), AuditFileError> {
        let path = self.checkpoint_path();
        let line = serde_json::to_string(checkpoint).map_err(|e| AuditFileError::at(&path, e))?;
        let mut file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&path)
            .map_err(|e| AuditFileError::at(&path, e))?;
        restrict(&path).map_err(|e| AuditFileError::at(&path, e))?;
        file.write_all(format!("{line}\n").as_bytes())
            .and_then(|()| file.sync_all())
            .map_err(|e| AuditFileError::at(&path, e))
    }

    /// Every checkpoint in the log, oldest first; none when there is no log yet. A line that
    /// is not a checkpoint is an error (the log was edited).
    pub fn checkpoints(&self) -> Result<Vec<Checkpoint>, AuditFileError> {
        let path = self.checkpoint_path();
        let text = match std::fs::read_to_string(&path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(AuditFileError::at(&path, e)),
        };
        text.lines()
            .enumerate()
            .filter(|(_, line)| !line.trim().is_empty())
            .map(|(n, line)| {
                serde_json::from_str(line).map_err(|_| {
                    AuditFileError::at(&path, format!("line {} is not a checkpoint", n + 1))
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use portal_domain::audit::{ChainHead, GENESIS_HASH};

    #[test]
    fn the_key_is_made_once_owner_only_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let files = AuditFiles::in_dir(&dir.path().join("data"));
        let made = files.load_or_create_key().unwrap();
        let again = files.load_or_create_key().unwrap();
        assert_eq!(made.verifying_key(), again.verifying_key());
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let path = files.key_path();
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
            let refused = files.load_key().unwrap_err();
            assert!(refused.problem.contains("chmod 600"), "{refused}");
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        }
        std::fs::write(files.key_path(), "not a key").unwrap();
        let garbled = files.load_key().unwrap_err().to_string();
        assert!(garbled.contains("64 hexadecimal digits"), "{garbled}");
        assert!(!garbled.contains("not a key"));
    }

    #[test]
    fn checkpoints_append_and_read_back_and_an_edited_log_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let files = AuditFiles::in_dir(dir.path());
        assert!(files.checkpoints().unwrap().is_empty());
        let key = files.load_or_create_key().unwrap();
        let at = Utc.with_ymd_and_hms(2026, 12, 5, 10, 0, 0).unwrap();
        let head = ChainHead {
            seq: 0,
            hash: GENESIS_HASH.into(),
            keyed_from: 1,
        };
        let first = key.checkpoint(head.clone(), at);
        let second = key.checkpoint(ChainHead { seq: 3, ..head }, at);
        files.append(&first).unwrap();
        files.append(&second).unwrap();
        assert_eq!(files.checkpoints().unwrap(), vec![first, second]);
        let mut log = std::fs::OpenOptions::new()
            .append(true)
            .open(files.checkpoint_path())
            .unwrap();
        log.write_all(b"{\"seq\":\n").unwrap();
        let error = files.checkpoints().unwrap_err();
        assert!(error.problem.contains("line 3"), "{error}");
    }
}
