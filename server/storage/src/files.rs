//! Files only the portal's user may read: folders 0700, files 0600, written aside and renamed
//! into place so a half-written file is never visible.
//!
//! Owns: permissions and atomic writes of the data directory's files. Must never: follow a
//! path that came from a client.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Creates `folder` (and its parents) readable only by the owner.
#[cfg(unix)]
pub fn create_private_dir(folder: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::DirBuilderExt;
    std::fs::DirBuilder::new()
        .recursive(true)
        .mode(0o700)
        .create(folder)
}

/// Creates `folder` (and its parents).
#[cfg(not(unix))]
pub fn create_private_dir(folder: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)
}

/// Makes `path` readable and writable by its owner only.
#[cfg(unix)]
pub fn restrict(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(0o600))
}

/// Makes `path` readable and writable by its owner only (a no-op where modes do not exist).
#[cfg(not(unix))]
pub fn restrict(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Whether others than the owner may read or write `path`.
#[cfg(unix)]
pub fn readable_by_others(path: &Path) -> std::io::Result<bool> {
    use std::os::unix::fs::PermissionsExt;
    Ok(std::fs::metadata(path)?.permissions().mode() & 0o077 != 0)
}

/// Whether others than the owner may read or write `path` (never, where modes do not exist).
#[cfg(not(unix))]
pub fn readable_by_others(_: &Path) -> std::io::Result<bool> {
    Ok(false)
}

/// `path` itself and everything under it (symbolic links are not followed) that others than
/// the owner may read or write, at most `limit` of them.
pub fn open_to_others(path: &Path, limit: usize) -> std::io::Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    let mut pending = vec![path.to_path_buf()];
    while let Some(next) = pending.pop() {
        let meta = match std::fs::symlink_metadata(&next) {
            Ok(meta) => meta,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => continue,
            Err(e) => return Err(e),
        };
        if meta.file_type().is_symlink() {
            continue;
        }
        if readable_by_others(&next)? {
            found.push(next.clone());
            if found.len() >= limit {
                break;
            }
        }
        if meta.is_dir() {
            for entry in std::fs::read_dir(&next)? {
                pending.push(entry?.path());
            }
        }
    }
    Ok(found)
}

/// Makes `path` owner-only: 0700 for a folder, 0600 for a file.
#[cfg(unix)]
pub fn make_owner_only(path: &Path) -> std::io::Result<()> {
    use std::os::unix::fs::PermissionsExt;
    let mode = if std::fs::symlink_metadata(path)?.is_dir() {
        0o700
    } else {
        0o600
    };
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode))
}

/// Makes `path` owner-only (a no-op where modes do not exist).
#[cfg(not(unix))]
pub fn make_owner_only(_: &Path) -> std::io::Result<()> {
    Ok(())
}

/// Writes `bytes` to `path` (0600) unless a file is there already; synced before it appears.
pub fn write_new_private(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    let folder = path
        .parent()
        .ok_or_else(|| std::io::Error::other("a file needs a folder"))?;
    create_private_dir(folder)?;
    let mut file = tempfile::NamedTempFile::new_in(folder)?;
    restrict(file.path())?;
    file.write_all(bytes)?;
    file.as_file().sync_all()?;
    file.persist_noclobber(path).map_err(|e| e.error)?;
    Ok(())
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use std::os::unix::fs::PermissionsExt;

    #[test]
    fn files_and_folders_open_to_others_are_found_and_made_owner_only() {
        let dir = tempfile::tempdir().unwrap();
        let data = dir.path().join("data");
        create_private_dir(&data.join("keys")).unwrap();
        write_new_private(&data.join("keys/key-1.key"), b"secret").unwrap();
        std::fs::write(data.join("portal.db"), b"db").unwrap();
        let mode = |p: &Path, m| std::fs::set_permissions(p, std::fs::Permissions::from_mode(m));
        mode(&data.join("portal.db"), 0o644).unwrap();
        mode(&data.join("keys"), 0o755).unwrap();
        std::os::unix::fs::symlink("/etc/hostname", data.join("link")).unwrap();
        let mut found = open_to_others(&data, 100).unwrap();
        found.sort();
        assert_eq!(found, vec![data.join("keys"), data.join("portal.db")]);
        assert_eq!(open_to_others(&data, 1).unwrap().len(), 1);
        for path in &found {
            make_owner_only(path).unwrap();
        }
        assert!(open_to_others(&data, 100).unwrap().is_empty());
        assert!(open_to_others(&dir.path().join("absent"), 100)
            .unwrap()
            .is_empty());
    }
}
