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
/// to `path.bak` (also atomically). Permissions follow [`StagedFile::commit`].
pub fn atomic_write(
    path: &Path,
    backup: bool,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> std::io::Result<()> {
    let mut staged = StagedFile::new(path)?;
    {
        let mut buffered = std::io::BufWriter::new(staged.file_mut());
        write(&mut buffered)?;
        buffered.flush()?;
    }
    if backup {
        staged = staged.with_backup();
    }
    staged.commit()
}

/// A complete new version of a file, written beside it and not yet in place: the one way
/// MinerLens replaces a file (documents, settings, exports, the price store). Dropped without
/// [`commit`](Self::commit), it is removed and the target is untouched.
pub struct StagedFile {
    tmp: tempfile::NamedTempFile,
    target: PathBuf,
    backup: bool,
}

impl StagedFile {
    /// A temporary file in `path`'s folder (which must exist). `path` must not be a folder.
    pub fn new(path: &Path) -> std::io::Result<Self> {
        if path.is_dir() {
            return Err(std::io::Error::other("it is a directory"));
        }
        let dir = folder_of(path);
        let mut builder = tempfile::Builder::new();
        builder.prefix(".minerlens-").suffix(".tmp");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt as _;
            // Created with 0666 so the user's umask applies, as for any file they save
            // (tempfile's default is a private 0600).
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        Ok(Self {
            tmp: builder.tempfile_in(dir)?,
            target: path.to_path_buf(),
            backup: false,
        })
    }

    /// Copies the file being replaced to `path.bak` first (atomically too).
    pub fn with_backup(mut self) -> Self {
        self.backup = true;
        self
    }

    pub fn file_mut(&mut self) -> &mut std::fs::File {
        self.tmp.as_file_mut()
    }

    /// The path the file goes to.
    pub fn target(&self) -> &Path {
        &self.target
    }

    /// Flushes the content to disk and renames it over the target. An existing target keeps its
    /// permissions (so does its backup); a new file has the umask's.
    pub fn commit(self) -> std::io::Result<()> {
        let Self {
            tmp,
            target,
            backup,
        } = self;
        tmp.as_file().sync_all()?;
        let existing = std::fs::metadata(&target).ok().filter(|m| m.is_file());
        if let Some(meta) = &existing {
            tmp.as_file().set_permissions(meta.permissions())?;
            if backup {
                let mut bak = StagedFile::new(&backup_path(&target))?;
                std::io::copy(&mut std::fs::File::open(&target)?, bak.file_mut())?;
                bak.file_mut().set_permissions(meta.permissions())?;
                bak.file_mut().sync_all()?;
                bak.tmp.persist(&bak.target).map_err(|e| e.error)?;
            }
        }
        tmp.persist(&target).map_err(|e| e.error)?;
        // Make the rename itself durable where the platform allows it.
        if let Ok(d) = std::fs::File::open(folder_of(&target)) {
            let _ = d.sync_all();
        }
        Ok(())
    }
}

fn folder_of(path: &Path) -> &Path {
    match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    }
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

    #[cfg(unix)]
    #[test]
    fn a_replaced_file_keeps_its_permissions_and_a_new_one_gets_the_umask() {
        use std::os::unix::fs::PermissionsExt as _;
        let dir = tempfile::tempdir().unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        let path = dir.path().join("doc.json");
        // A plain create gets 0666 minus the umask: what a new file must get too.
        let probe = dir.path().join("probe");
        std::fs::write(&probe, b"").unwrap();
        atomic_write(&path, true, |w| w.write_all(b"first")).unwrap();
        assert_eq!(mode(&path), mode(&probe));
        for wanted in [0o644, 0o600, 0o640] {
            std::fs::set_permissions(&path, std::fs::Permissions::from_mode(wanted)).unwrap();
            atomic_write(&path, true, |w| w.write_all(b"again")).unwrap();
            assert_eq!(mode(&path), wanted);
            assert_eq!(mode(&backup_path(&path)), wanted);
        }
    }
}
