//! Reading a project from disk for the adapters: finding `copydesk.toml`, loading packs from
//! folders, the house dictionary. The engine itself never touches the file system.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use copydesk::config::{self, Config};
use copydesk::{Engine, RuleError, RuleSet, Settings, Source};

mod dates;
mod layers;
pub use dates::StoryDate;
pub use layers::{FaceChoices, Layered, layer};

/// The house style used when neither an option, an editor setting nor `copydesk.toml` names
/// one: the one place the binary names a house.
pub const DEFAULT_PROFILE: &str = "ap";

/// Walks up from `start` (a file or folder) to the nearest `copydesk.toml`.
pub fn find_config(start: &Path) -> Option<PathBuf> {
    let abs = std::path::absolute(start).ok()?;
    let mut dir = if abs.is_dir() {
        Some(abs.as_path())
    } else {
        abs.parent()
    };
    while let Some(d) = dir {
        let c = d.join(config::FILE_NAME);
        if c.is_file() {
            return Some(c);
        }
        dir = d.parent();
    }
    None
}

fn io_error(path: &Path, e: &std::io::Error) -> RuleError {
    RuleError {
        path: path.display().to_string(),
        line: 1,
        column: 1,
        message: e.to_string(),
    }
}

/// Reads a project file.
pub fn load_config(path: &Path) -> Result<Config, RuleError> {
    let text = crate::files::read_text(path, copydesk::rules::MAX_FILE_BYTES as u64)
        .map_err(|e| io_error(path, &e))?;
    Config::parse(&path.display().to_string(), &text)
}

/// `path` relative to the project folder `dir`, with `/` separators (as the `[[override]]`
/// globs of `copydesk.toml` are written); `None` outside it.
pub fn relative(dir: &Path, path: &Path) -> Option<String> {
    let abs = std::path::absolute(path).ok()?;
    let rel = abs.strip_prefix(dir).ok()?;
    Some(
        rel.components()
            .map(|c| c.as_os_str().to_string_lossy())
            .collect::<Vec<_>>()
            .join("/"),
    )
}

/// A path as shown in messages: relative to the working folder when it lies below it.
pub fn shown(path: &Path) -> String {
    std::env::current_dir()
        .ok()
        .and_then(|cwd| path.strip_prefix(cwd).ok().map(|p| p.display().to_string()))
        .unwrap_or_else(|| path.display().to_string())
}

/// Packs on disk: a folder named by a profile (relative to the project) or an include (relative
/// to the including pack's folder), else a built-in pack.
struct DiskPacks<'a> {
    base: &'a Path,
}

impl copydesk::rules::packs::PackReader for DiskPacks<'_> {
    fn read(
        &self,
        name: &str,
        from: Option<&str>,
    ) -> Result<Option<copydesk::rules::packs::Pack>, RuleError> {
        use copydesk::rules::packs::builtin_pack;
        let dir = match from {
            // A profile: a built-in pack before a folder of that name.
            None => match builtin_pack(name) {
                Some(p) => return Ok(Some(p)),
                None => self.base.join(name),
            },
            // An include: a folder beside the including pack's files before a built-in pack.
            Some(from) => {
                let local = Path::new(from).join(name);
                if !local.is_dir() {
                    return Ok(builtin_pack(name));
                }
                local
            }
        };
        if !dir.is_dir() {
            return Ok(None);
        }
        let key = std::fs::canonicalize(&dir).unwrap_or_else(|_| dir.clone());
        Ok(Some(copydesk::rules::packs::Pack {
            key: key.display().to_string(),
            files: folder_files(&dir)?,
        }))
    }
}

/// The `*.toml` files of a rule folder, sorted.
fn folder_files(dir: &Path) -> Result<Vec<Source>, RuleError> {
    let mut files: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|e| io_error(dir, &e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    let mut out = Vec::with_capacity(files.len());
    for f in files {
        let bytes = crate::files::read_limited(&f, copydesk::rules::MAX_FILE_BYTES as u64)
            .map_err(|e| io_error(&f, &e))?;
        let text = String::from_utf8(bytes).map_err(|e| RuleError {
            path: shown(&f),
            line: 1,
            column: 1,
            message: format!("not valid UTF-8 (at byte {})", e.utf8_error().valid_up_to()),
        })?;
        out.push(Source {
            path: shown(&f),
            text,
        });
    }
    Ok(out)
}

/// The sources for a profile: a built-in pack name or a pack folder, plus extra rule folders.
pub fn profile_sources(
    profile: &str,
    base: &Path,
    extra: &[PathBuf],
) -> Result<Vec<Source>, RuleError> {
    let reader = DiskPacks { base };
    let mut chain = copydesk::rules::packs::Chain::new(&reader);
    if !chain.add(profile)? {
        return Err(RuleError {
            path: profile.to_string(),
            line: 1,
            column: 1,
            message: format!(
                "unknown profile `{profile}`: not a built-in profile ({}) nor a folder",
                copydesk::rules::builtin_packs().join(", ")
            ),
        });
    }
    for d in extra {
        // An extra folder is always a folder, even when it is named like a built-in pack.
        let abs = std::path::absolute(d).unwrap_or_else(|_| d.clone());
        if !chain.add(&abs.display().to_string())? {
            let e = std::fs::read_dir(d).err();
            return Err(io_error(
                d,
                &e.unwrap_or_else(|| std::io::ErrorKind::NotFound.into()),
            ));
        }
    }
    Ok(chain.into_sources())
}

/// The rules of a profile and extra rule folders ([`profile_sources`], loaded). A profile
/// that loads no rules is an error: checking with it would report a clean story.
pub fn load_rules(profile: &str, base: &Path, extra: &[PathBuf]) -> Result<RuleSet, RuleError> {
    let set = RuleSet::load(&profile_sources(profile, base, extra)?)?;
    if set.rules().is_empty() {
        return Err(RuleError {
            path: profile.to_string(),
            line: 1,
            column: 1,
            message: format!(
                "profile `{profile}` loads no rules: its folder holds no rule files (`*.toml` \
                 files with [[rule]] tables)"
            ),
        });
    }
    Ok(set)
}

/// Accepted words from a config: its `accept` list and its dictionary file.
pub fn accepted_words(cfg: &Config, cfg_dir: &Path) -> HashSet<String> {
    let mut words: HashSet<String> = cfg.accept.iter().cloned().collect();
    let dict = cfg_dir.join(
        cfg.dictionary
            .as_deref()
            .unwrap_or(config::DEFAULT_DICTIONARY),
    );
    if let Ok(text) = crate::files::read_text(&dict, copydesk::rules::MAX_FILE_BYTES as u64) {
        words.extend(
            text.lines()
                .map(str::trim)
                .filter(|l| !l.is_empty() && !l.starts_with('#'))
                .map(str::to_string),
        );
    }
    words
}

/// A story's settings: its layered levels and the project's accepted words.
pub fn settings(cfg: &Config, cfg_dir: &Path, layered: &Layered) -> Settings {
    Settings {
        accepted: accepted_words(cfg, cfg_dir),
        levels: layered.level_pairs().into_iter().collect(),
    }
}

/// Compiled engines, one per (profile, rule folders), so a run over many files compiles each once.
/// A profile, the folder it is resolved against, and extra rule folders.
type EngineKey = (String, PathBuf, Vec<PathBuf>);

#[derive(Default)]
pub struct EngineCache {
    engines: Mutex<HashMap<EngineKey, Arc<Engine>>>,
}

impl EngineCache {
    pub fn get(
        &self,
        profile: &str,
        base: &Path,
        extra: &[PathBuf],
    ) -> Result<Arc<Engine>, RuleError> {
        let key = (profile.to_string(), base.to_path_buf(), extra.to_vec());
        if let Some(e) = self
            .engines
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            return Ok(e.clone());
        }
        let engine = compile(profile, base, extra)?;
        self.engines
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, engine.clone());
        Ok(engine)
    }

    /// The engine for a layered story. An unknown profile chosen in a project file is an error
    /// at its place there.
    pub fn for_layered(&self, l: &Layered) -> Result<Arc<Engine>, RuleError> {
        self.get(&l.profile, &l.base, &l.extra)
            .map_err(|e| l.locate(e))
    }
}

/// Compiles a profile with extra rule folders.
pub fn compile(profile: &str, base: &Path, extra: &[PathBuf]) -> Result<Arc<Engine>, RuleError> {
    Ok(Arc::new(Engine::new(load_rules(profile, base, extra)?)))
}

/// Today's date in the local time zone.
pub fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}
