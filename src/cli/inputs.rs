//! What `check` reads: walking folders (honouring `.gitignore` and the project's
//! include/exclude globs and extensions), the project file each story belongs to, and reading a
//! story's bytes as UTF-8.

use std::collections::{HashMap, HashSet};
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use copydesk::config::Config;

use crate::project;

/// Story file types when no project file says otherwise.
const DEFAULT_EXTENSIONS: [&str; 3] = ["txt", "md", "markdown"];

/// A project file and the folder its paths are relative to (absolute).
#[derive(Debug)]
pub(crate) struct Project {
    pub cfg: Config,
    pub dir: PathBuf,
}

impl Project {
    /// `path` relative to the project folder, with `/` separators; `None` outside it.
    pub fn relative(&self, path: &Path) -> Option<String> {
        project::relative(&self.dir, path)
    }

    /// Whether a file found by walking a folder is a story this project checks.
    fn wants(&self, path: &Path) -> bool {
        has_extension(path, &self.cfg.extensions) && self.selects(path)
    }

    /// Whether the include/exclude globs select a path.
    fn selects(&self, path: &Path) -> bool {
        let Some(rel) = self.relative(path) else {
            return true;
        };
        self.cfg.include.as_ref().is_none_or(|g| g.is_match(&rel))
            && !self.cfg.exclude.as_ref().is_some_and(|g| g.is_match(&rel))
    }
}

fn has_extension<S: AsRef<str>>(path: &Path, exts: &[S]) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| exts.iter().any(|x| x.as_ref().eq_ignore_ascii_case(e)))
}

/// Problems with the inputs, kept in command-line order: each input and each problem takes the
/// next place in one sequence, so a read error found later still prints where its file was named.
#[derive(Debug, Default)]
pub(crate) struct Problems {
    list: Vec<(usize, String)>,
    next: usize,
}

impl Problems {
    /// Takes the next place in the sequence.
    pub fn place(&mut self) -> usize {
        self.next += 1;
        self.next
    }
    /// A problem at the next place.
    pub fn push(&mut self, message: String) {
        let at = self.place();
        self.list.push((at, message));
    }
    /// A problem at an input's place.
    pub fn push_at(&mut self, at: usize, message: String) {
        self.list.push((at, message));
    }
    /// The messages in order.
    pub fn into_sorted(mut self) -> Vec<String> {
        self.list.sort_by_key(|(at, _)| *at);
        self.list.into_iter().map(|(_, m)| m).collect()
    }
}

/// Finds and loads project files, each once; reports a broken one once.
pub(crate) struct Projects {
    explicit: Option<Arc<Project>>,
    /// Folder -> the project file above it.
    nearest: HashMap<PathBuf, Option<PathBuf>>,
    /// Project file -> the loaded project, or `None` when it is broken (already reported).
    loaded: HashMap<PathBuf, Option<Arc<Project>>>,
}

impl Projects {
    /// Loads `--config` if given; its error is the caller's to report.
    pub fn new(explicit: Option<&Path>) -> Result<Self, copydesk::RuleError> {
        let explicit = match explicit {
            Some(p) => {
                let cfg = project::load_config(p)?;
                let dir = std::path::absolute(p)
                    .ok()
                    .and_then(|a| a.parent().map(Path::to_path_buf))
                    .unwrap_or_default();
                Some(Arc::new(Project { cfg, dir }))
            }
            None => None,
        };
        Ok(Self {
            explicit,
            nearest: HashMap::new(),
            loaded: HashMap::new(),
        })
    }

    /// The project a path belongs to: `--config`, else the nearest `copydesk.toml` above it.
    /// `Err(())` when that file is broken; its error goes to `errors` the first time.
    pub fn for_path(
        &mut self,
        path: &Path,
        errors: &mut Problems,
    ) -> Result<Option<Arc<Project>>, ()> {
        if let Some(p) = &self.explicit {
            return Ok(Some(p.clone()));
        }
        let abs = std::path::absolute(path).unwrap_or_else(|_| path.to_path_buf());
        let dir = if abs.is_dir() {
            abs
        } else {
            abs.parent().map(Path::to_path_buf).unwrap_or_default()
        };
        let file = self
            .nearest
            .entry(dir.clone())
            .or_insert_with(|| project::find_config(&dir))
            .clone();
        let Some(file) = file else { return Ok(None) };
        let loaded = self.loaded.entry(file.clone()).or_insert_with(|| {
            // Errors name the file relative to the working folder when it is inside it.
            let shown = std::env::current_dir()
                .ok()
                .and_then(|cwd| file.strip_prefix(cwd).ok().map(Path::to_path_buf))
                .unwrap_or_else(|| file.clone());
            match project::load_config(&shown) {
                Ok(cfg) => Some(Arc::new(Project {
                    cfg,
                    dir: file.parent().map(Path::to_path_buf).unwrap_or_default(),
                })),
                Err(e) => {
                    errors.push(e.to_string());
                    None
                }
            }
        });
        match loaded {
            Some(p) => Ok(Some(p.clone())),
            None => Err(()),
        }
    }
}

/// Where a story comes from.
#[derive(Debug, Clone)]
pub(crate) enum Origin {
    File(PathBuf),
    Stdin,
}

/// One story to check.
#[derive(Debug)]
pub(crate) struct Input {
    /// The name reported for it.
    pub name: String,
    pub origin: Origin,
    pub project: Option<Arc<Project>>,
    /// Its place among the inputs and problems.
    pub place: usize,
}

impl Input {
    /// The file's path, `None` for standard input.
    pub fn path(&self) -> Option<&Path> {
        match &self.origin {
            Origin::File(p) => Some(p),
            Origin::Stdin => None,
        }
    }
}

/// A path for display: without a leading `./`.
fn display(path: &Path) -> String {
    path.strip_prefix(".")
        .ok()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(path)
        .display()
        .to_string()
}

/// An I/O error as a short lowercase phrase, without the OS error number.
pub(crate) fn describe(e: &io::Error) -> String {
    match e.kind() {
        io::ErrorKind::NotFound => "no such file or folder".to_string(),
        io::ErrorKind::PermissionDenied => "permission denied".to_string(),
        io::ErrorKind::IsADirectory => "is a folder".to_string(),
        _ => {
            let s = e.to_string();
            let s = match s.rfind(" (os error ") {
                Some(i) => s[..i].to_string(),
                None => s,
            };
            let mut c = s.chars();
            match c.next() {
                Some(f) => f.to_lowercase().chain(c).collect(),
                None => s,
            }
        }
    }
}

fn walk_error(e: &ignore::Error) -> String {
    fn find(e: &ignore::Error, path: Option<&Path>) -> String {
        match e {
            ignore::Error::WithPath { path, err } => find(err, Some(path)),
            ignore::Error::WithDepth { err, .. } | ignore::Error::WithLineNumber { err, .. } => {
                find(err, path)
            }
            ignore::Error::Io(io) => match path {
                Some(p) => format!("{}: cannot read: {}", display(p), describe(io)),
                None => format!("cannot read: {}", describe(io)),
            },
            ignore::Error::Loop { child, .. } => {
                format!("{}: symbolic link loop", display(child))
            }
            other => match path {
                Some(p) => format!("{}: {other}", display(p)),
                None => other.to_string(),
            },
        }
    }
    find(e, None)
}

/// The stories named by the command line, in a stable order: the paths in the order given,
/// each folder's files sorted by name. Problems (a missing path, an unreadable folder, a
/// broken project file) go to `errors`; everything else is still returned.
pub(crate) fn collect(
    paths: &[PathBuf],
    stdin_filename: Option<&str>,
    force_exclude: bool,
    projects: &mut Projects,
    errors: &mut Problems,
) -> Vec<Input> {
    let mut out = Vec::new();
    // A file is known by its device and inode, so `a.txt`, `./a.txt`, its absolute path and a
    // link to it are one story.
    let mut seen: HashSet<(u64, u64)> = HashSet::new();
    let id = |m: &std::fs::Metadata| (m.dev(), m.ino());
    let mut stdin_seen = false;
    for p in paths {
        if p.as_os_str() == "-" {
            if std::mem::replace(&mut stdin_seen, true) {
                continue;
            }
            let name = stdin_filename.unwrap_or("-").to_string();
            let at = stdin_filename.map_or(Path::new("."), Path::new);
            if let Ok(project) = projects.for_path(at, errors) {
                out.push(Input {
                    name,
                    origin: Origin::Stdin,
                    project,
                    place: errors.place(),
                });
            }
            continue;
        }
        let meta = match std::fs::metadata(p) {
            Ok(m) => m,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                errors.push(format!("{}: no such file or folder", p.display()));
                continue;
            }
            Err(e) => {
                errors.push(format!("{}: cannot read: {}", p.display(), describe(&e)));
                continue;
            }
        };
        if !meta.is_dir() && !meta.is_file() {
            errors.push(format!(
                "{}: skipped: {}",
                p.display(),
                crate::files::not_regular(&meta.file_type())
            ));
            continue;
        }
        if !meta.is_dir() {
            // A file named on the command line is checked whatever its name, and whatever the
            // include/exclude globs unless `--force-exclude` is given.
            if seen.insert(id(&meta))
                && let Ok(project) = projects.for_path(p, errors)
                && !(force_exclude && project.as_ref().is_some_and(|pr| !pr.selects(p)))
            {
                out.push(Input {
                    name: display(p),
                    origin: Origin::File(p.clone()),
                    project,
                    place: errors.place(),
                });
            }
            continue;
        }
        let walker = ignore::WalkBuilder::new(p)
            .require_git(false)
            .sort_by_file_name(|a, b| a.cmp(b))
            .build();
        for entry in walker {
            let entry = match entry {
                Ok(e) => e,
                Err(e) => {
                    errors.push(walk_error(&e));
                    continue;
                }
            };
            let Some(t) = entry.file_type() else {
                continue;
            };
            if t.is_dir() {
                continue;
            }
            let path = entry.into_path();
            let Ok(project) = projects.for_path(&path, errors) else {
                continue;
            };
            let wanted = |path: &Path| match &project {
                Some(pr) => pr.wants(path),
                None => has_extension(path, &DEFAULT_EXTENSIONS),
            };
            if !t.is_file() {
                // Links are not followed inside a folder; a pipe or a device is never read.
                // Either is reported when it would have been checked (a link to a folder
                // always), so that nothing is left out silently.
                let linked_dir = t.is_symlink() && path.is_dir();
                if linked_dir || wanted(&path) {
                    let why = if t.is_symlink() {
                        "a symbolic link (links inside a folder are not followed; name it to check it)"
                            .to_string()
                    } else {
                        crate::files::not_regular(&t).to_string()
                    };
                    errors.push(format!("{}: skipped: {why}", display(&path)));
                }
                continue;
            }
            if !wanted(&path) {
                continue;
            }
            let key = match entry_id(&path) {
                Ok(k) => k,
                Err(e) => {
                    errors.push(format!("{}: cannot read: {}", display(&path), describe(&e)));
                    continue;
                }
            };
            if seen.insert(key) {
                out.push(Input {
                    name: display(&path),
                    origin: Origin::File(path),
                    project,
                    place: errors.place(),
                });
            }
        }
    }
    out
}

/// The device and inode of a file.
fn entry_id(path: &Path) -> io::Result<(u64, u64)> {
    let m = std::fs::metadata(path)?;
    Ok((m.dev(), m.ino()))
}

/// A story's text, and whether it began with a byte-order mark (removed from the text).
pub(crate) struct Story {
    pub text: String,
    pub bom: bool,
}

/// Reads a story file; the error names the file.
pub(crate) fn read(name: &str, path: &Path) -> Result<Story, String> {
    let bytes = crate::files::read_limited(path, crate::files::MAX_STORY_BYTES)
        .map_err(|e| format!("{name}: cannot read: {}", describe(&e)))?;
    decode(name, bytes)
}

/// Decodes a story's bytes as UTF-8, dropping a byte-order mark.
pub(crate) fn decode(name: &str, bytes: Vec<u8>) -> Result<Story, String> {
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(format!("{name}: UTF-16 text; save the file as UTF-8"));
    }
    match String::from_utf8(bytes) {
        Ok(mut text) => {
            let bom = text.starts_with('\u{feff}');
            if bom {
                text.drain(..'\u{feff}'.len_utf8());
            }
            Ok(Story { text, bom })
        }
        Err(e) => {
            let bytes = e.as_bytes();
            let at = e.utf8_error().valid_up_to();
            // The prefix is valid UTF-8, so this never falls back.
            let before = std::str::from_utf8(&bytes[..at]).unwrap_or("");
            let line = before.matches('\n').count() + 1;
            let col = before.rsplit('\n').next().unwrap_or("").chars().count() + 1;
            Err(format!(
                "{name}:{line}:{col}: not valid UTF-8 (byte 0x{:02X}); save the file as UTF-8",
                bytes[at]
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn invalid_utf8_names_line_and_column() {
        let e = decode("a.txt", b"one\ntw\xE9o\n".to_vec()).err();
        assert_eq!(
            e.as_deref(),
            Some("a.txt:2:3: not valid UTF-8 (byte 0xE9); save the file as UTF-8")
        );
        let e = decode("b.txt", vec![0xFF, 0xFE, b'a', 0]).err();
        assert_eq!(
            e.as_deref(),
            Some("b.txt: UTF-16 text; save the file as UTF-8")
        );
    }

    #[test]
    fn bom_is_removed_and_remembered() {
        let s = decode("a.txt", "\u{feff}The US".as_bytes().to_vec()).ok();
        let s = s.map(|s| (s.text, s.bom));
        assert_eq!(s, Some(("The US".to_string(), true)));
    }

    #[test]
    fn io_errors_read_as_phrases() {
        let e = io::Error::from_raw_os_error(40);
        assert_eq!(describe(&e), "too many levels of symbolic links");
        assert_eq!(
            describe(&io::Error::from(io::ErrorKind::PermissionDenied)),
            "permission denied"
        );
    }
}
