//! Files only the portal's user may read: folders 0700, files 0600, written aside and renamed
//! into place so a half-written file is never visible.
//!
//! Owns: permissions and atomic writes of the data directory's files. Must never: follow a
//! path that came from a client.

use std::io::Write;
use std::path::Path;

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
