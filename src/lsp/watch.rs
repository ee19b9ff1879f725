//! The server's own file watcher, for clients that offer no `workspace/didChangeWatchedFiles`
//! registration (Neovim on Linux, Emacs, Vim): each project's folder (its `copydesk.toml`
//! and, usually, its dictionary), its rule folders with everything under them, and the
//! dictionary's folder. Events are collected for a short while and handed on together, so
//! an editor's save (write, rename, touch) is one reload.

use std::collections::BTreeSet;
use std::path::PathBuf;
use std::time::Duration;

use notify::{EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc;

/// How long after the first event of a burst the changed paths are handed on.
pub const DEBOUNCE: Duration = Duration::from_millis(250);

/// A folder to watch, and whether everything under it too.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Target {
    pub path: PathBuf,
    pub recursive: bool,
}

pub struct FsWatcher {
    watcher: RecommendedWatcher,
    watched: BTreeSet<Target>,
}

impl FsWatcher {
    /// A watcher whose events go to `events` as changed paths. File I/O: call it on a
    /// blocking thread.
    pub fn new(events: mpsc::UnboundedSender<Vec<PathBuf>>) -> notify::Result<FsWatcher> {
        let watcher =
            notify::recommended_watcher(move |res: notify::Result<notify::Event>| match res {
                Ok(event) => {
                    if matches!(
                        event.kind,
                        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_)
                    ) && !event.paths.is_empty()
                    {
                        let _ = events.send(event.paths);
                    }
                }
                Err(e) => tracing::warn!("file watcher: {e}"),
            })?;
        Ok(FsWatcher {
            watcher,
            watched: BTreeSet::new(),
        })
    }

    /// Starts watching the targets not watched yet (those that exist). File I/O: call it on
    /// a blocking thread.
    pub fn watch(&mut self, targets: Vec<Target>) {
        for t in targets {
            if self.watched.contains(&t) || !t.path.is_dir() {
                continue;
            }
            let mode = if t.recursive {
                RecursiveMode::Recursive
            } else {
                RecursiveMode::NonRecursive
            };
            match self.watcher.watch(&t.path, mode) {
                Ok(()) => {
                    tracing::debug!(path = %t.path.display(), recursive = t.recursive, "watching");
                    self.watched.insert(t);
                }
                Err(e) => tracing::warn!("cannot watch {}: {e}", t.path.display()),
            }
        }
    }
}

/// Collects the paths of one burst of events: waits for the first, then takes whatever comes
/// within [`DEBOUNCE`]. `None` once the watcher is gone.
pub async fn next_burst(
    events: &mut mpsc::UnboundedReceiver<Vec<PathBuf>>,
) -> Option<Vec<PathBuf>> {
    let mut paths: BTreeSet<PathBuf> = events.recv().await?.into_iter().collect();
    let until = tokio::time::Instant::now() + DEBOUNCE;
    while let Ok(Some(more)) = tokio::time::timeout_at(until, events.recv()).await {
        paths.extend(more);
    }
    Some(paths.into_iter().collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_burst_of_events_is_one_list() {
        let (tx, mut rx) = mpsc::unbounded_channel();
        let a = PathBuf::from("/p/copydesk.toml");
        let b = PathBuf::from("/p/house/rules.toml");
        tx.send(vec![a.clone()]).unwrap();
        tx.send(vec![b.clone(), a.clone()]).unwrap();
        let burst = next_burst(&mut rx).await.unwrap();
        assert_eq!(burst, vec![a.clone(), b]);
        tx.send(vec![a.clone()]).unwrap();
        drop(tx);
        assert_eq!(next_burst(&mut rx).await, Some(vec![a]));
        assert_eq!(next_burst(&mut rx).await, None);
    }

    #[test]
    fn a_change_on_disk_is_reported() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path().join("house");
        std::fs::create_dir(&dir).unwrap();
        let (tx, mut rx) = mpsc::unbounded_channel();
        let mut w = FsWatcher::new(tx).unwrap();
        w.watch(vec![Target {
            path: tmp.path().to_path_buf(),
            recursive: true,
        }]);
        let file = dir.join("rules.toml");
        std::fs::write(&file, "x").unwrap();
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        loop {
            if let Ok(paths) = rx.try_recv()
                && paths.contains(&file)
            {
                break;
            }
            assert!(
                std::time::Instant::now() < deadline,
                "no event for {file:?}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
    }
}
