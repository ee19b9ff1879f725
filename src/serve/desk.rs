//! The project the server was started in, and one request's profile, date and levels layered
//! by the project service (`project::layer`), as `copydesk check` layers a story's: the
//! request's `profile`, `date` and `levels` are explicit choices, like `--profile` and `--date`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use copydesk::config::Config;
use copydesk::{Document, DocumentOptions, Engine, Format, Level, RuleSet, Settings};
use jiff::civil::Date;

use super::error::HttpError;
use crate::project::{self, EngineCache, FaceChoices, Layered};

/// The project file read at start, its folder and the engines compiled so far.
pub(crate) struct Desk {
    cfg: Config,
    dir: PathBuf,
    /// The project file, if there is one.
    file: Option<PathBuf>,
    engines: EngineCache,
    /// The profiles a request may name: the built-in ones and those the project file names.
    /// A request never names a folder of its own.
    profiles: Vec<String>,
}

/// What a request chose for its story.
#[derive(Debug, Clone, Default)]
pub(crate) struct Choices {
    /// The story's file name: its format (`.md`) and the project's overrides for that path.
    pub filename: Option<String>,
    pub profile: Option<String>,
    pub date: Option<Date>,
    pub levels: Vec<(String, Level)>,
    /// What the request calls its fields, for errors ("the request's `profile`").
    pub profile_origin: &'static str,
}

/// A story ready to check.
pub(crate) struct Job {
    pub name: String,
    pub engine: Arc<Engine>,
    pub settings: Settings,
    pub opts: DocumentOptions,
    pub layered: Layered,
    /// Level keys that name nothing of the profile, with the nearest id.
    pub warnings: Vec<String>,
}

impl Job {
    pub fn document(&self, text: String) -> Document {
        Document::new(text, &self.opts)
    }

    /// The date `doc` (read with this job's options) was checked with, and where it came from.
    pub fn story_date(&self, doc: &Document) -> project::StoryDate {
        project::StoryDate::of(
            doc,
            self.layered.date_origin.as_deref(),
            self.layered.date_in_project,
            false,
        )
    }
}

impl Desk {
    /// The project of `config`, else of the nearest `copydesk.toml` above the working folder,
    /// else none; its default profile is compiled now, so a broken project stops the start.
    pub fn open(config: Option<&Path>) -> Result<Desk, String> {
        let cwd = std::env::current_dir().unwrap_or_default();
        let file = match config {
            Some(c) => Some(c.to_path_buf()),
            None => project::find_config(&cwd),
        };
        let (cfg, dir) = match &file {
            Some(f) => {
                let cfg = project::load_config(f).map_err(|e| e.to_string())?;
                let dir = std::path::absolute(f)
                    .ok()
                    .and_then(|a| a.parent().map(Path::to_path_buf))
                    .unwrap_or_else(|| cwd.clone());
                (cfg, dir)
            }
            None => (Config::default(), cwd),
        };
        let mut profiles: Vec<String> = copydesk::rules::builtin_packs()
            .into_iter()
            .map(str::to_string)
            .collect();
        for p in cfg
            .profile
            .iter()
            .chain(cfg.overrides.iter().filter_map(|o| o.profile.as_ref()))
        {
            if !profiles.contains(p) {
                profiles.push(p.clone());
            }
        }
        let desk = Desk {
            cfg,
            dir,
            file,
            engines: EngineCache::default(),
            profiles,
        };
        let layered = desk.layer(&Choices::default());
        desk.engines
            .for_layered(&layered)
            .map_err(|e| layered.describe(&e))?;
        Ok(desk)
    }

    /// Where the project came from, for the log.
    pub fn origin(&self) -> String {
        match &self.file {
            Some(f) => f.display().to_string(),
            None => "no project file".into(),
        }
    }

    /// The profile of a story that names none.
    pub fn default_profile(&self) -> String {
        self.layer(&Choices::default()).profile
    }

    pub fn profiles(&self) -> &[String] {
        &self.profiles
    }

    fn layer(&self, c: &Choices) -> Layered {
        let face = FaceChoices {
            profile: c.profile.clone(),
            profile_origin: c.profile_origin.into(),
            date: c.date,
            date_origin: "the request's `date`".into(),
            levels: c.levels.clone(),
            levels_origin: "the request's `levels`".into(),
            ..FaceChoices::default()
        };
        let rel = c.filename.as_deref().unwrap_or("-");
        project::layer(&self.cfg, &self.dir, rel, &face, project::today())
    }

    /// The engine for a profile the request names (or the project's).
    pub fn engine(&self, c: &Choices) -> Result<(Layered, Arc<Engine>), HttpError> {
        if let Some(p) = &c.profile
            && !self.profiles.contains(p)
        {
            return Err(HttpError::bad_request(
                "unknown_profile",
                format!(
                    "{}: unknown profile `{p}`; this server has {}",
                    c.profile_origin,
                    self.profiles.join(", ")
                ),
            ));
        }
        let layered = self.layer(c);
        let engine = self.engines.for_layered(&layered).map_err(|e| {
            let msg = layered.describe(&e);
            tracing::error!("{msg}");
            HttpError::new(
                axum::http::StatusCode::INTERNAL_SERVER_ERROR,
                "rules",
                format!("the profile's rules do not load: {msg}"),
            )
        })?;
        Ok((layered, engine))
    }

    /// The rules of a profile the request names (or the project's).
    pub fn rules(&self, c: &Choices) -> Result<Arc<Engine>, HttpError> {
        self.engine(c).map(|(_, e)| e)
    }

    /// A story's job: its engine, settings (levels and the house dictionary) and options.
    /// `more_levels` adds levels that depend on the profile's rules, after the request's.
    pub fn job(
        &self,
        c: &Choices,
        more_levels: impl FnOnce(&RuleSet) -> Vec<(String, Level)>,
    ) -> Result<Job, HttpError> {
        let (mut layered, engine) = self.engine(c)?;
        let extra = more_levels(engine.rules());
        if !extra.is_empty() {
            let mut c = c.clone();
            c.levels.extend(extra);
            layered = self.layer(&c);
        }
        let warnings = layered.level_warnings(engine.rules());
        let settings = project::settings(&self.cfg, &self.dir, &layered);
        let name = c.filename.clone().unwrap_or_else(|| "-".into());
        let opts = DocumentOptions {
            format: Format::from_name(&name),
            date: layered.date,
            today: project::today(),
            committed: None,
        };
        Ok(Job {
            name,
            engine,
            settings,
            opts,
            layered,
            warnings,
        })
    }
}
