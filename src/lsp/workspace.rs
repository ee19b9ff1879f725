//! The projects behind open documents: their `copydesk.toml`, compiled rules and house
//! dictionary, kept as the last good state when a file on disk breaks.
//!
//! Everything here reads the file system or compiles rules, so it runs on blocking threads,
//! never on the async runtime's.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use copydesk::config::{self, Config};
use copydesk::{Engine, RuleError, RuleSet, Settings};
use jiff::civil::Date;

use super::settings::ClientSettings;
use crate::project;

use crate::project::DEFAULT_PROFILE;

/// What a document is checked with.
#[derive(Debug, Clone)]
pub struct Resolved {
    /// `None` only if even the built-in rules failed to load.
    pub engine: Option<Arc<Engine>>,
    pub settings: Settings,
    /// The date handed to the document model (front matter and dateline still come first).
    pub date: Option<Date>,
    /// The project's key (its `copydesk.toml` path, which may not exist).
    pub project: PathBuf,
    /// The house dictionary file of the project.
    pub dictionary: PathBuf,
    /// The profile checked with, and where it was set: the project file (its path), the
    /// editor setting `copydesk.profile`, or the default.
    pub profile: String,
    pub profile_source: String,
    /// Where `date` was set, when it was, and whether that was in the project file.
    pub date_source: Option<String>,
    pub date_in_project: bool,
    /// A problem with the editor's settings met in resolving (an unknown profile).
    pub setting_problem: Option<String>,
}

/// One project: a folder with (or without) a `copydesk.toml`.
struct Project {
    dir: PathBuf,
    /// The last good project file (the default when there is none).
    config: Config,
    /// The last good compiled rules, by profile.
    engines: HashMap<String, Arc<Engine>>,
    /// Accepted words from the project file and its dictionary file.
    words: HashSet<String>,
    /// Words added from the editor in this session, until the dictionary file is read again.
    added: HashSet<String>,
    /// Problems with the project file or its rule folders.
    errors: Vec<RuleError>,
}

impl Project {
    fn dictionary(&self) -> PathBuf {
        self.dir.join(
            self.config
                .dictionary
                .as_deref()
                .unwrap_or(config::DEFAULT_DICTIONARY),
        )
    }

    /// Folders whose files are rules of this project.
    fn rule_folders(&self) -> Vec<PathBuf> {
        let mut out: Vec<PathBuf> = self.config.rules.iter().map(|r| self.dir.join(r)).collect();
        let profiles = self.config.profile.iter().chain(
            self.config
                .overrides
                .iter()
                .filter_map(|o| o.profile.as_ref()),
        );
        for p in profiles {
            if copydesk::rules::builtin_sources(p).is_none() {
                out.push(self.dir.join(p));
            }
        }
        out
    }

    fn extra_folders(&self, config: &Config) -> Vec<PathBuf> {
        config.rules.iter().map(|r| self.dir.join(r)).collect()
    }
}

/// Every project met so far, and the built-in profiles compiled once.
#[derive(Default)]
pub struct Workspace {
    roots: Vec<PathBuf>,
    builtin: HashMap<String, Arc<Engine>>,
    projects: HashMap<PathBuf, Project>,
    /// Files with load errors, as last reported to the editor.
    reported: BTreeMap<PathBuf, Vec<RuleError>>,
    /// A problem with the editor's `copydesk.profile`, for the next `Resolved`.
    setting_problem: Option<String>,
    /// Warnings waiting to be shown, and every warning shown so far.
    notices: Vec<String>,
    noticed: HashSet<String>,
}

impl Workspace {
    pub fn set_roots(&mut self, roots: Vec<PathBuf>) {
        self.roots = roots;
    }

    /// Whether a project's dictionary may be written: it has a `copydesk.toml`, or its folder
    /// is a workspace folder. A story outside every workspace folder gets no file beside it.
    pub fn writes_dictionary(&self, key: &Path) -> bool {
        key.is_file()
            || key
                .parent()
                .is_some_and(|d| self.roots.iter().any(|r| r == d))
    }

    /// Compiles a built-in profile ahead of the first check.
    pub fn preload(&mut self, profile: &str) {
        let _ = self.builtin(profile);
    }

    fn builtin(&mut self, profile: &str) -> Result<Arc<Engine>, RuleError> {
        if let Some(e) = self.builtin.get(profile) {
            return Ok(e.clone());
        }
        let started = std::time::Instant::now();
        let engine = Arc::new(Engine::new(RuleSet::builtin(profile)?));
        tracing::info!(profile, elapsed = ?started.elapsed(), "compiled built-in rules");
        self.builtin.insert(profile.to_string(), engine.clone());
        Ok(engine)
    }

    /// The folder a file without a project file belongs to: the workspace root holding it,
    /// else its own folder.
    fn loose_dir(&self, path: Option<&Path>) -> PathBuf {
        if let Some(p) = path {
            if let Some(root) = self
                .roots
                .iter()
                .filter(|r| p.starts_with(r))
                .max_by_key(|r| r.components().count())
            {
                return root.clone();
            }
            if let Some(parent) = p.parent() {
                return parent.to_path_buf();
            }
        }
        self.roots
            .first()
            .cloned()
            .or_else(|| std::env::current_dir().ok())
            .unwrap_or_default()
    }

    fn project_key(&self, path: Option<&Path>) -> PathBuf {
        path.and_then(project::find_config)
            .unwrap_or_else(|| self.loose_dir(path).join(config::FILE_NAME))
    }

    fn load_project(key: &Path) -> Project {
        let dir = key.parent().map(Path::to_path_buf).unwrap_or_default();
        let mut errors = Vec::new();
        let config = if key.is_file() {
            match project::load_config(key) {
                Ok(c) => c,
                Err(e) => {
                    errors.push(e);
                    Config::default()
                }
            }
        } else {
            Config::default()
        };
        let words = project::accepted_words(&config, &dir);
        Project {
            dir,
            config,
            engines: HashMap::new(),
            words,
            added: HashSet::new(),
            errors,
        }
    }

    fn compile(
        &mut self,
        key: &Path,
        profile: &str,
        config: &Config,
    ) -> Result<Arc<Engine>, RuleError> {
        let Some(p) = self.projects.get(key) else {
            return self.builtin(profile);
        };
        let extra = p.extra_folders(config);
        let dir = p.dir.clone();
        if extra.is_empty() && copydesk::rules::builtin_sources(profile).is_some() {
            return self.builtin(profile);
        }
        project::compile(profile, &dir, &extra)
    }

    /// The engine, settings and date for a document at `path` (`None` for an unsaved one).
    pub fn resolve(
        &mut self,
        path: Option<&Path>,
        client: &ClientSettings,
        today: Date,
    ) -> Resolved {
        let key = self.project_key(path);
        if !self.projects.contains_key(&key) {
            let p = Self::load_project(&key);
            self.projects.insert(key.clone(), p);
        }
        let (config, dir) = match self.projects.get(&key) {
            Some(p) => (p.config.clone(), p.dir.clone()),
            None => (Config::default(), PathBuf::new()),
        };
        let rel = path
            .and_then(|p| project::relative(&dir, p))
            .unwrap_or_default();
        let layered = project::layer(&config, &dir, &rel, &client.face(), today);
        let date = layered.date;
        let engine = self.engine_for(&key, &layered, &config, client);
        if let Some(e) = &engine {
            for w in layered.level_warnings(e.rules()) {
                self.notice(w);
            }
        }
        let profile = layered.profile.clone();
        let profile_source = layered.profile_origin.clone();
        let date_source = layered.date_origin.clone();
        let date_in_project = layered.date_in_project;
        let setting_problem = self.setting_problem.take();
        let Some(p) = self.projects.get(&key) else {
            // Unreachable: the project was inserted above. Check with no project settings.
            return Resolved {
                engine,
                settings: Settings::default(),
                date,
                dictionary: dir.join(config::DEFAULT_DICTIONARY),
                project: key,
                profile,
                profile_source,
                date_source,
                date_in_project,
                setting_problem,
            };
        };
        let mut accepted = p.words.clone();
        accepted.extend(p.added.iter().cloned());
        Resolved {
            engine,
            settings: Settings {
                levels: layered.level_pairs().into_iter().collect(),
                accepted,
            },
            date,
            dictionary: p.dictionary(),
            project: key,
            profile,
            profile_source,
            date_source,
            date_in_project,
            setting_problem,
        }
    }

    /// The project's engine for a profile: compiled on first use; on failure the last good
    /// one, else the editor's (or the default) built-in profile.
    fn engine_for(
        &mut self,
        key: &Path,
        layered: &project::Layered,
        config: &Config,
        client: &ClientSettings,
    ) -> Option<Arc<Engine>> {
        let profile = layered.profile.as_str();
        if let Some(e) = self.projects.get(key).and_then(|p| p.engines.get(profile)) {
            return Some(e.clone());
        }
        match self.compile(key, profile, config) {
            Ok(e) => {
                if let Some(p) = self.projects.get_mut(key) {
                    p.engines.insert(profile.to_string(), e.clone());
                }
                Some(e)
            }
            Err(err) => {
                // An unknown profile named in the project file is an error at its place there;
                // one named by an editor setting is no place in a file.
                let err = layered.locate(err);
                let from_editor = layered.is_unknown_profile(&err);
                let fallback = if from_editor {
                    let problem = format!(
                        "{}; checking with `{DEFAULT_PROFILE}`",
                        layered.describe(&err)
                    );
                    tracing::warn!("{problem}");
                    self.setting_problem = Some(problem);
                    self.builtin(DEFAULT_PROFILE).ok()
                } else {
                    tracing::warn!("{err}");
                    self.fallback(client)
                };
                if let Some(p) = self.projects.get_mut(key) {
                    if !from_editor && !p.errors.contains(&err) {
                        p.errors.push(err);
                    }
                    // Remembered so a broken file is not compiled again for every check;
                    // a reload retries it.
                    if let Some(f) = &fallback {
                        p.engines.insert(profile.to_string(), f.clone());
                    }
                }
                fallback
            }
        }
    }

    fn fallback(&mut self, client: &ClientSettings) -> Option<Arc<Engine>> {
        let wanted = client.profile.as_deref().unwrap_or(DEFAULT_PROFILE);
        match self
            .builtin(wanted)
            .or_else(|_| self.builtin(DEFAULT_PROFILE))
        {
            Ok(e) => Some(e),
            Err(e) => {
                // The built-in packs are tested to load; without them nothing is checked.
                tracing::error!("built-in rules failed to load: {e}");
                None
            }
        }
    }

    /// Reads again what changed on disk. Returns whether any project was affected (its rules,
    /// settings or dictionary may differ, so open documents need checking again).
    pub fn files_changed(&mut self, paths: &[PathBuf]) -> bool {
        let mut affected = false;
        let keys: Vec<PathBuf> = self.projects.keys().cloned().collect();
        for key in keys {
            let Some(p) = self.projects.get(&key) else {
                continue;
            };
            let folders = p.rule_folders();
            let dictionary = p.dictionary();
            let relevant = paths
                .iter()
                .any(|c| *c == key || *c == dictionary || folders.iter().any(|f| c.starts_with(f)));
            if relevant {
                self.reload(&key);
                affected = true;
            }
        }
        // A project file that appeared or vanished changes which project a story belongs to.
        affected
            || paths
                .iter()
                .any(|p| p.file_name().is_some_and(|n| n == config::FILE_NAME))
    }

    /// Reloads a project. A file that fails keeps the last good rules running.
    fn reload(&mut self, key: &Path) {
        let Some(p) = self.projects.get(key) else {
            return;
        };
        let dir = p.dir.clone();
        let profiles: Vec<String> = p.engines.keys().cloned().collect();
        let old_config = p.config.clone();
        let mut errors = Vec::new();
        let config = if key.is_file() {
            match project::load_config(key) {
                Ok(c) => Some(c),
                Err(e) => {
                    errors.push(e);
                    None
                }
            }
        } else {
            Some(Config::default())
        };
        let mut engines = HashMap::new();
        if let Some(cfg) = &config {
            for profile in &profiles {
                match self.compile(key, profile, cfg) {
                    Ok(e) => {
                        engines.insert(profile.clone(), e);
                    }
                    Err(e) => errors.push(e),
                }
            }
        }
        let Some(p) = self.projects.get_mut(key) else {
            return;
        };
        if errors.is_empty()
            && let Some(cfg) = config
        {
            p.config = cfg;
            p.engines = engines;
            tracing::info!(project = %key.display(), "reloaded project rules");
        } else {
            p.config = old_config;
            for e in &errors {
                tracing::warn!("keeping the last good rules: {e}");
            }
        }
        p.errors = errors;
        p.words = project::accepted_words(&p.config, &dir);
        p.added.clear();
    }

    /// The folders to watch for changes on disk: each project's folder (its `copydesk.toml`),
    /// its rule folders with everything under them, and its dictionary's folder.
    pub fn watch_targets(&self) -> Vec<(PathBuf, bool)> {
        let mut out = Vec::new();
        for p in self.projects.values() {
            out.push((p.dir.clone(), false));
            out.extend(p.rule_folders().into_iter().map(|f| (f, true)));
            if let Some(parent) = p.dictionary().parent() {
                out.push((parent.to_path_buf(), false));
            }
        }
        out
    }

    /// Adds a word to a project's accepted words for this session.
    pub fn accept(&mut self, project: &Path, word: &str) {
        if let Some(p) = self.projects.get_mut(project) {
            p.added.insert(word.to_string());
        }
    }

    /// Records a warning for the editor, once per session.
    fn notice(&mut self, message: String) {
        if self.noticed.insert(message.clone()) {
            self.notices.push(message);
        }
    }

    /// Warnings not yet shown to the editor: level keys that name no rule.
    pub fn take_notices(&mut self) -> Vec<String> {
        std::mem::take(&mut self.notices)
    }

    /// Files whose load errors changed since the last call, with their current errors (empty:
    /// the file is fine again). Errors that name no file are reported on the project file.
    pub fn error_changes(&mut self) -> Vec<(PathBuf, Vec<RuleError>)> {
        let mut now: BTreeMap<PathBuf, Vec<RuleError>> = BTreeMap::new();
        for (key, p) in &self.projects {
            for e in &p.errors {
                let path = PathBuf::from(&e.path);
                let file = if path.is_absolute() && path.is_file() {
                    path
                } else {
                    key.clone()
                };
                now.entry(file).or_default().push(e.clone());
            }
        }
        let mut out = Vec::new();
        for (file, errs) in &now {
            if self.reported.get(file) != Some(errs) {
                out.push((file.clone(), errs.clone()));
            }
        }
        for file in self.reported.keys() {
            if !now.contains_key(file) {
                out.push((file.clone(), Vec::new()));
            }
        }
        self.reported = now;
        out
    }
}

#[cfg(test)]
mod tests {
    use super::super::settings::DatePolicy;
    use super::*;
    use copydesk::Level;

    fn write(path: &Path, text: &str) {
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }

    const RULE: &str = r#"
[[rule]]
id = "house.teh"
kind = "substitution"
category = "usage"
level = "warning"
message = "Write “{replacement}”."
explanation = "A typo."
source = "House"
terms = [{ find = "teh", replace = "the" }]
examples = [{ bad = "teh cat", fixed = "the cat" }, { good = "the cat" }]
"#;

    #[test]
    fn a_broken_rule_file_keeps_the_last_good_rules() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(&dir.join("copydesk.toml"), "rules = [\"house\"]\n");
        write(&dir.join("house/house.toml"), RULE);
        let story = dir.join("story.txt");
        write(&story, "teh cat");
        let mut ws = Workspace::default();
        let today = jiff::civil::date(2025, 11, 26);
        let r = ws.resolve(Some(&story), &ClientSettings::default(), today);
        assert!(r.engine.unwrap().rules().rule("house.teh").is_some());
        assert!(ws.error_changes().is_empty());

        write(&dir.join("house/house.toml"), "[[rule]]\nid = 3\n");
        assert!(ws.files_changed(&[dir.join("house/house.toml")]));
        let r = ws.resolve(Some(&story), &ClientSettings::default(), today);
        assert!(r.engine.unwrap().rules().rule("house.teh").is_some());
        let changes = ws.error_changes();
        assert_eq!(changes.len(), 1);
        assert_eq!(changes[0].0, dir.join("house/house.toml"));
        assert_eq!((changes[0].1[0].line, changes[0].1[0].column), (2, 6));

        write(&dir.join("house/house.toml"), &RULE.replace("teh", "hte"));
        assert!(ws.files_changed(&[dir.join("house/house.toml")]));
        let r = ws.resolve(Some(&story), &ClientSettings::default(), today);
        assert!(r.engine.unwrap().rules().rule("house.hte").is_some());
        assert_eq!(
            ws.error_changes(),
            vec![(dir.join("house/house.toml"), vec![])]
        );
    }

    #[test]
    fn editor_settings_layer_over_the_project() {
        let tmp = tempfile::tempdir().unwrap();
        let dir = tmp.path();
        write(
            &dir.join("copydesk.toml"),
            "accept = [\"Ferriera\"]\ndate = \"2025-01-02\"\n[levels]\nusage = \"info\"\n",
        );
        let story = dir.join("a/story.md");
        let mut ws = Workspace::default();
        let today = jiff::civil::date(2025, 11, 26);
        let client = ClientSettings {
            rules: vec![("ap.usage.us".into(), Level::Off)],
            ..ClientSettings::default()
        };
        let r = ws.resolve(Some(&story), &client, today);
        assert_eq!(r.date, Some(jiff::civil::date(2025, 1, 2)));
        assert_eq!(r.settings.levels.get("usage"), Some(&Level::Info));
        assert_eq!(r.settings.levels.get("ap.usage.us"), Some(&Level::Off));
        assert!(r.settings.accepted.contains("Ferriera"));
        assert_eq!(r.dictionary, dir.join("copydesk-words.txt"));
        let today_policy = ClientSettings {
            date_policy: DatePolicy::Today,
            ..ClientSettings::default()
        };
        assert_eq!(
            ws.resolve(Some(&story), &today_policy, today).date,
            Some(today)
        );
        ws.accept(&r.project, "Zelenskiy");
        let r = ws.resolve(Some(&story), &client, today);
        assert!(r.settings.accepted.contains("Zelenskiy"));
    }
}
