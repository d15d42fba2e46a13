//! Writing files so that a failure never leaves a partial or corrupted file behind.

use std::io::Write;
use std::path::{Path, PathBuf};

/// Writes `value` as pretty JSON to `path` atomically, creating the folder (small settings and
/// logs: recent files, data sources, fetch times).
pub fn write_json_atomic<T: serde::Serialize>(path: &Path, value: &T) -> std::io::Result<()> {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let mut text = serde_json::to_string_pretty(value).map_err(std::io::Error::other)?;
    text.push('\n');
    atomic_write(path, false, |w| w.write_all(text.as_bytes()))
}

/// Writes `path` atomically: the content goes to a temporary file in the same directory, is
/// flushed to disk, and only then renamed over `path`. If `write` or any step fails, `path` is
/// untouched and the temporary file is removed. With `backup`, an existing `path` is first copied
/// to `path.bak` (also atomically).
pub fn atomic_write(
    path: &Path,
    backup: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d.to_path_buf(),
        _ => PathBuf::from("."),
    };
    let mut tmp = tempfile::Builder::new()
        .prefix(".minerlens-")
        .suffix(".tmp")
        .tempfile_in(&dir)?;
    {
        let mut buffered = std::io::BufWriter::new(tmp.as_file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    tmp.as_file().sync_all()?;
    if backup && path.is_file() {
        let bak = backup_path(path);
        let mut bak_tmp = tempfile::Builder::new()
            .prefix(".minerlens-")
            .suffix(".bak.tmp")
            .tempfile_in(&dir)?;
        let mut old = std::fs::File::open(path)?;
        std::io::copy(&mut old, bak_tmp.as_file_mut())?;
        bak_tmp.as_file().sync_all()?;
        bak_tmp.persist(&bak).map_err(|e| e.error)?;
    }
    tmp.persist(path).map_err(|e| e.error)?;
    // Make the rename itself durable where the platform allows it.
    if let Ok(d) = std::fs::File::open(&dir) {
        let _ = d.sync_all();
    }
    Ok(())
}

/// `portfolio.json` -> `portfolio.json.bak`.
pub fn backup_path(path: &Path) -> PathBuf {
    let mut name = path
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    name.push(".bak");
    path.with_file_name(name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn replaces_keeps_a_backup_and_survives_a_failed_write() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("doc.json");
        atomic_write(&path, true, |w| w.write_all(b"first")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"first");
        assert!(
            !backup_path(&path).exists(),
            "nothing to back up the first time"
        );

        atomic_write(&path, true, |w| w.write_all(b"second")).unwrap();
        assert_eq!(std::fs::read(&path).unwrap(), b"second");
        assert_eq!(std::fs::read(backup_path(&path)).unwrap(), b"first");

        let err = atomic_write(&path, true, |w| {
            w.write_all(b"half of a thi")?;
            Err(std::io::Error::other("disk full"))
        })
        .unwrap_err();
        assert_eq!(err.to_string(), "disk full");
        assert_eq!(std::fs::read(&path).unwrap(), b"second", "old file intact");
        assert_eq!(std::fs::read(backup_path(&path)).unwrap(), b"first");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path())
            .unwrap()
            .filter_map(|e| e.ok())
            .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
            .collect();
        assert!(leftovers.is_empty(), "no temporary file left behind");
    }

    #[test]
    fn a_missing_directory_is_an_error_not_a_panic() {
        let err = atomic_write(Path::new("/nonexistent-dir/x.json"), true, |w| {
            w.write_all(b"x")
        });
        assert!(err.is_err());
    }
}
