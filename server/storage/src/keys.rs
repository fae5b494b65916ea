//! The issuer's private keys on disk: one file per key id in the keys folder, holding the
//! multibase secret, owner-only (0600). The database keeps only public halves.
//!
//! Owns: key files. Must never: put a secret into the database, a log or an error message
//! (errors name the file and the problem, never its content).

use std::path::{Path, PathBuf};

use crate::files::{readable_by_others, write_new_private};

/// A key file that cannot be used.
#[derive(Debug, thiserror::Error)]
#[error("key file {path}: {problem}")]
pub struct KeyFileError {
    /// Which file.
    pub path: PathBuf,
    /// What is wrong with it (never its content).
    pub problem: String,
}

impl KeyFileError {
    fn at(path: &Path, problem: impl std::fmt::Display) -> Self {
        Self {
            path: path.to_path_buf(),
            problem: problem.to_string(),
        }
    }
}

/// The keys folder.
#[derive(Clone, Debug)]
pub struct KeyFiles {
    dir: PathBuf,
}

impl KeyFiles {
    /// Key files under `dir`.
    pub fn in_dir(dir: &Path) -> Self {
        Self {
            dir: dir.to_path_buf(),
        }
    }

    /// Where the key `kid` lives. Key ids are made by the portal (`key-YYYYMMDD-hex`), never
    /// taken from a client.
    pub fn path(&self, kid: &str) -> PathBuf {
        self.dir.join(format!("{kid}.key"))
    }

    /// The secret text of key `kid`, refusing a file others may read.
    pub fn read(&self, kid: &str) -> Result<String, KeyFileError> {
        let path = self.path(kid);
        if readable_by_others(&path).map_err(|e| KeyFileError::at(&path, e))? {
            return Err(KeyFileError::at(
                &path,
                "others may read it; allow only its owner (chmod 600)",
            ));
        }
        std::fs::read_to_string(&path)
            .map(|text| text.trim().to_owned())
            .map_err(|e| KeyFileError::at(&path, e))
    }

    /// Writes the secret text of a new key `kid`; never overwrites an existing file.
    pub fn write_new(&self, kid: &str, secret: &str) -> Result<(), KeyFileError> {
        let path = self.path(kid);
        write_new_private(&path, secret.as_bytes()).map_err(|e| KeyFileError::at(&path, e))
    }

    /// Removes the file of a key that was never used (its database row could not be written).
    pub fn discard(&self, kid: &str) {
        let _ = std::fs::remove_file(self.path(kid));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn key_files_are_owner_only_and_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let files = KeyFiles::in_dir(&dir.path().join("keys"));
        files.write_new("key-1", "zSecret").unwrap();
        assert_eq!(files.read("key-1").unwrap(), "zSecret");
        assert!(files.write_new("key-1", "zOther").is_err());
        assert_eq!(files.read("key-1").unwrap(), "zSecret");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let path = files.path("key-1");
            assert_eq!(
                std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
                0o600
            );
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
            assert!(files
                .read("key-1")
                .unwrap_err()
                .problem
                .contains("chmod 600"));
        }
    }
}
