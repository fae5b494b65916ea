//! The document store: supporting documents as files named by their SHA-256, outside the web
//! root (`data_dir/documents/ab/abcdef…`), readable only by the portal's user.
//!
//! Owns: document bytes on disk. Must never: serve a file (the HTTP layer decides who may read
//! one), take a path from a client (only [`ContentAddress`]es, which are 64 hex digits).

use std::io::Write;
use std::path::{Path, PathBuf};

use portal_domain::document::{CheckedDocument, ContentAddress};

use crate::files::{create_private_dir, restrict};

/// Failures of the document store.
#[derive(Debug, thiserror::Error)]
pub enum DocumentError {
    /// The file is not there (deleted or never stored).
    #[error("document not found")]
    Missing,
    /// The file's bytes do not hash to its name (disk corruption or tampering).
    #[error("document does not match its address")]
    Corrupt,
    /// Reading or writing failed.
    #[error("document store input/output failed: {0}")]
    Io(#[from] std::io::Error),
}

/// Files under one folder.
#[derive(Clone, Debug)]
pub struct DocumentStore {
    root: PathBuf,
}

impl DocumentStore {
    /// The store under `data_dir/documents`.
    pub fn under(data_dir: &Path) -> Self {
        Self {
            root: data_dir.join("documents"),
        }
    }

    fn path(&self, address: &ContentAddress) -> PathBuf {
        let hex = address.as_str();
        self.root.join(&hex[..2]).join(hex)
    }

    /// Stores `bytes` under their address. Writing the same content twice is a no-op; a
    /// half-written file is never visible (written aside, synced, then renamed into place).
    pub fn put(&self, document: &CheckedDocument, bytes: &[u8]) -> Result<(), DocumentError> {
        if ContentAddress::of(bytes) != document.address {
            return Err(DocumentError::Corrupt);
        }
        let path = self.path(&document.address);
        if path.exists() {
            return Ok(());
        }
        let folder = path.parent().ok_or(DocumentError::Missing)?;
        create_private_dir(folder)?;
        let mut file = tempfile::NamedTempFile::new_in(folder)?;
        file.write_all(bytes)?;
        file.as_file().sync_all()?;
        restrict(file.path())?;
        file.persist(&path)
            .map_err(|e| DocumentError::Io(e.error))?;
        Ok(())
    }

    /// Reads a document back, checking it still hashes to its address.
    pub fn get(&self, address: &ContentAddress) -> Result<Vec<u8>, DocumentError> {
        let bytes = match std::fs::read(self.path(address)) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                return Err(DocumentError::Missing)
            }
            Err(e) => return Err(e.into()),
        };
        if &ContentAddress::of(&bytes) != address {
            return Err(DocumentError::Corrupt);
        }
        Ok(bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use portal_domain::document::check;

    #[test]
    fn documents_round_trip_and_are_private() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocumentStore::under(dir.path());
        let bytes = b"%PDF-1.4\nhello\n%%EOF\n";
        let doc = check(bytes, 1024).unwrap();
        store.put(&doc, bytes).unwrap();
        store.put(&doc, bytes).unwrap();
        assert_eq!(store.get(&doc.address).unwrap(), bytes);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(store.path(&doc.address))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
        let other = ContentAddress::of(b"nothing");
        assert!(matches!(store.get(&other), Err(DocumentError::Missing)));
    }

    #[test]
    fn a_tampered_file_is_refused() {
        let dir = tempfile::tempdir().unwrap();
        let store = DocumentStore::under(dir.path());
        let bytes = b"\x89PNG\r\n\x1a\nrest";
        let doc = check(bytes, 1024).unwrap();
        store.put(&doc, bytes).unwrap();
        std::fs::write(store.path(&doc.address), b"\x89PNG\r\n\x1a\nevil").unwrap();
        assert!(matches!(
            store.get(&doc.address),
            Err(DocumentError::Corrupt)
        ));
        let wrong = CheckedDocument {
            address: ContentAddress::of(b"x"),
            ..doc
        };
        assert!(matches!(
            store.put(&wrong, bytes),
            Err(DocumentError::Corrupt)
        ));
    }
}
