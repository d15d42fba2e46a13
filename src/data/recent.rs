//! The "Open recent" list: the last ten portfolio files, kept in the config directory.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::fsutil::write_json_atomic;

pub const MAX_RECENT: usize = 10;

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecentFiles {
    pub files: Vec<PathBuf>,
}

impl RecentFiles {
    /// Reads the list; a missing or unreadable list is an empty one (it is only a convenience).
    pub fn load(path: &Path) -> Self {
        std::fs::read(path)
            .ok()
            .and_then(|b| serde_json::from_slice::<RecentFiles>(&b).ok())
            .map(|mut r| {
                r.files.truncate(MAX_RECENT);
                r
            })
            .unwrap_or_default()
    }

    /// Puts `file` first (absolute path), dropping repeats and the oldest beyond ten.
    pub fn push(&mut self, file: &Path) {
        let file = std::path::absolute(file).unwrap_or_else(|_| file.to_path_buf());
        self.files.retain(|f| *f != file);
        self.files.insert(0, file);
        self.files.truncate(MAX_RECENT);
    }

    pub fn remove(&mut self, file: &Path) {
        self.files.retain(|f| f != file);
    }

    /// Writes the list (creating the config directory).
    pub fn save(&self, path: &Path) -> std::io::Result<()> {
        write_json_atomic(path, self)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_the_last_ten_most_recent_first() {
        let dir = tempfile::tempdir().unwrap();
        let list = dir.path().join("config/recent.json");
        assert_eq!(RecentFiles::load(&list), RecentFiles::default());
        let mut r = RecentFiles::default();
        for i in 0..12 {
            r.push(&dir.path().join(format!("p{i}.json")));
        }
        r.push(&dir.path().join("p5.json"));
        assert_eq!(r.files.len(), 10);
        assert_eq!(r.files[0], dir.path().join("p5.json"));
        assert_eq!(r.files[1], dir.path().join("p11.json"));
        assert_eq!(r.files.iter().filter(|f| f.ends_with("p5.json")).count(), 1);
        r.save(&list).unwrap();
        assert_eq!(RecentFiles::load(&list), r);
        std::fs::write(&list, b"garbage").unwrap();
        assert_eq!(RecentFiles::load(&list), RecentFiles::default());
    }
}
