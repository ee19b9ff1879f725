//! The one order in which a story's profile, date and rule levels are decided, for every face.
//!
//! From the bottom up:
//!
//! 1. the built-in default profile ([`DEFAULT_PROFILE`]);
//! 2. the face's standing default profile (an editor's `copydesk.profile` setting, which
//!    editors send whether or not the reporter chose it);
//! 3. the project file `copydesk.toml`: `profile`, `date`, `[levels]`;
//! 4. its `[[override]]` tables whose `paths` match the story, in file order;
//! 5. the face's explicit choices: `--profile` and `--date` on the command line, the editor's
//!    `date`, `datePolicy = "today"` and `rules` levels.
//!
//! A later layer wins. Levels are merged key by key (the engine then applies the most specific
//! key: a rule id over an id prefix over a category).

use std::path::{Path, PathBuf};

use copydesk::config::{Config, Place};
use copydesk::{Level, RuleError, RuleSet};
use jiff::civil::Date;

use super::DEFAULT_PROFILE;

/// What a face (the command line, the language server, an HTTP request) brings to a story,
/// besides the project file.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FaceChoices {
    /// A profile named for this run (`--profile`): beats the project file.
    pub profile: Option<String>,
    /// A standing default profile (an editor setting): used only where the project file and its
    /// overrides name none.
    pub default_profile: Option<String>,
    /// Where `profile` or `default_profile` was given, for errors ("--profile", "editor setting
    /// `copydesk.profile`").
    pub profile_origin: String,
    /// The stories' date, over the project file's.
    pub date: Option<Date>,
    /// Date stories today where `date` is not given, over the project file's date.
    pub date_today: bool,
    /// Levels over the project's.
    pub levels: Vec<(String, Level)>,
    /// Where `levels` were given, for warnings about keys no rule has.
    pub levels_origin: String,
    /// Where `date` and `date_today` were given ("--date", "editor setting `copydesk.date`").
    pub date_origin: String,
}

/// A story's profile, date and levels, layered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layered {
    /// A built-in profile name or a pack folder (resolved against `base`).
    pub profile: String,
    /// Where the profile was chosen: `path:line:column` in a project file, a face's origin, or
    /// "the default profile".
    pub profile_origin: String,
    /// The place in a project file, when the profile was chosen there.
    pub profile_place: Option<Place>,
    /// The story's date, when the document gives none (`None`: the face's today).
    pub date: Option<Date>,
    /// Where the date was chosen: `path:line:column` in a project file or a face's origin.
    pub date_origin: Option<String>,
    /// Whether the date was chosen in a project file (not by the face).
    pub date_in_project: bool,
    /// Every level key, in the order applied (later wins), with where it was written.
    pub levels: Vec<LevelKey>,
    /// The folder a profile folder and rule folders are resolved against.
    pub base: PathBuf,
    /// The project's extra rule folders.
    pub extra: Vec<PathBuf>,
}

/// One level setting and where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LevelKey {
    pub key: String,
    pub level: Level,
    pub origin: String,
}

/// Layers a story's settings. `cfg` and `dir` are its project file and folder (the default
/// config and the working folder when it has none); `rel` is its path relative to `dir`, with
/// `/` separators, for the overrides' globs.
pub fn layer(cfg: &Config, dir: &Path, rel: &str, face: &FaceChoices, today: Date) -> Layered {
    let mut profile = face
        .default_profile
        .clone()
        .map(|p| (p, face.profile_origin.clone(), None));
    let mut date: Option<(Date, String)> = None;
    let mut levels = Vec::new();
    // The project file's top level, then its overrides for the path, in file order.
    let top = std::iter::once((
        cfg.profile.as_ref(),
        cfg.profile_place.as_ref(),
        (cfg.date, cfg.date_place.as_ref()),
        &cfg.levels,
        &cfg.level_places,
    ));
    let overrides = cfg.overrides_for(rel).map(|o| {
        (
            o.profile.as_ref(),
            o.profile_place.as_ref(),
            (o.date, o.date_place.as_ref()),
            &o.levels,
            &o.level_places,
        )
    });
    for (p, place, (d, d_place), l, places) in top.chain(overrides) {
        if let Some(p) = p {
            let origin = place.map_or_else(|| "copydesk.toml".into(), Place::to_string);
            profile = Some((p.clone(), origin, place.cloned()));
        }
        if let Some(d) = d {
            date = Some((
                d,
                d_place.map_or_else(|| "copydesk.toml".into(), Place::to_string),
            ));
        }
        levels.extend(l.iter().map(|(k, v)| LevelKey {
            key: k.clone(),
            level: *v,
            origin: places.get(k).map(Place::to_string).unwrap_or_default(),
        }));
    }
    if let Some(p) = &face.profile {
        profile = Some((p.clone(), face.profile_origin.clone(), None));
    }
    let date = match (face.date, face.date_today) {
        (Some(d), _) => Some((d, face.date_origin.clone())),
        (None, true) => Some((today, face.date_origin.clone())),
        (None, false) => date,
    };
    let date_in_project = date.is_some() && face.date.is_none() && !face.date_today;
    levels.extend(face.levels.iter().map(|(k, v)| LevelKey {
        key: k.clone(),
        level: *v,
        origin: face.levels_origin.clone(),
    }));
    let (profile, profile_origin, profile_place) = profile.unwrap_or_else(|| {
        (
            DEFAULT_PROFILE.to_string(),
            "the default profile".into(),
            None,
        )
    });
    Layered {
        profile,
        profile_origin,
        profile_place,
        date: date.as_ref().map(|d| d.0),
        date_origin: date.map(|d| d.1),
        date_in_project,
        levels,
        base: dir.to_path_buf(),
        extra: cfg.rules.iter().map(|r| dir.join(r)).collect(),
    }
}

impl Layered {
    /// Whether `e` is the error for an unknown profile, not a place in a rule file.
    pub fn is_unknown_profile(&self, e: &RuleError) -> bool {
        e.path == self.profile && (e.line, e.column) == (1, 1)
    }

    /// An unknown-profile error moved to where the profile was chosen in a project file.
    pub fn locate(&self, e: RuleError) -> RuleError {
        match &self.profile_place {
            Some(place) if self.is_unknown_profile(&e) => place.error(e.message),
            _ => e,
        }
    }

    /// How a face reports a rules error: with its place, or after the face's origin of the
    /// profile ("--profile: unknown profile …").
    pub fn describe(&self, e: &RuleError) -> String {
        if self.is_unknown_profile(e) {
            format!("{}: {}", self.profile_origin, e.message)
        } else {
            e.to_string()
        }
    }

    /// The levels as the engine's settings take them (later keys win).
    pub fn level_pairs(&self) -> Vec<(String, Level)> {
        self.levels
            .iter()
            .map(|l| (l.key.clone(), l.level))
            .collect()
    }

    /// Warnings for level keys that name no rule or category of `rules` and look meant for
    /// it, each with its origin and the nearest id.
    pub fn level_warnings(&self, rules: &RuleSet) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for l in &self.levels {
            if let Some(near) = rules.misspelt_level_key(&l.key) {
                let w = format!(
                    "{}: no rule or category `{}` in profile `{}`; did you mean `{near}`?",
                    l.origin,
                    l.key,
                    rules.profile()
                );
                if !out.contains(&w) {
                    out.push(w);
                }
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(text: &str) -> Config {
        Config::parse("copydesk.toml", text).unwrap()
    }

    fn face() -> FaceChoices {
        FaceChoices {
            profile_origin: "--profile".into(),
            date_origin: "--date".into(),
            levels_origin: "editor setting `copydesk.rules`".into(),
            ..FaceChoices::default()
        }
    }

    const TODAY: Date = jiff::civil::date(2026, 1, 5);

    #[test]
    fn layers_in_one_order() {
        let c = cfg(concat!(
            "profile = \"reuters\"\ndate = \"2025-01-02\"\n[levels]\nusage = \"info\"\n",
            "[[override]]\npaths = [\"ap/**\"]\nprofile = \"ap\"\ndate = \"2025-03-04\"\n",
            "[override.levels]\nusage = \"hint\"\n",
        ));
        let dir = Path::new("/p");
        // The project file, then its override for the path.
        let l = layer(&c, dir, "x.txt", &face(), TODAY);
        assert_eq!(
            (l.profile.as_str(), l.profile_origin.as_str()),
            ("reuters", "copydesk.toml:1:11")
        );
        assert_eq!(l.date, Some(jiff::civil::date(2025, 1, 2)));
        assert_eq!(l.date_origin.as_deref(), Some("copydesk.toml:2:8"));
        let l = layer(&c, dir, "ap/x.txt", &face(), TODAY);
        assert_eq!(l.profile, "ap");
        assert_eq!(l.profile_origin, "copydesk.toml:7:11");
        assert_eq!(l.date, Some(jiff::civil::date(2025, 3, 4)));
        assert_eq!(
            l.level_pairs(),
            vec![("usage".into(), Level::Info), ("usage".into(), Level::Hint)]
        );
        // A default profile yields to the project; an explicit one beats it.
        let f = FaceChoices {
            default_profile: Some("ap".into()),
            ..face()
        };
        assert_eq!(layer(&c, dir, "x.txt", &f, TODAY).profile, "reuters");
        assert_eq!(
            layer(&Config::default(), dir, "x.txt", &f, TODAY).profile,
            "ap"
        );
        let f = FaceChoices {
            profile: Some("ap".into()),
            date: Some(jiff::civil::date(2024, 6, 1)),
            levels: vec![("usage".into(), Level::Off)],
            ..face()
        };
        let l = layer(&c, dir, "x.txt", &f, TODAY);
        assert_eq!(
            (l.profile.as_str(), l.profile_origin.as_str()),
            ("ap", "--profile")
        );
        assert_eq!(l.date, Some(jiff::civil::date(2024, 6, 1)));
        assert_eq!(l.date_origin.as_deref(), Some("--date"));
        assert_eq!(l.level_pairs().last(), Some(&("usage".into(), Level::Off)));
        // Today's date over the project's, not over an explicit date.
        let f = FaceChoices {
            date_today: true,
            ..face()
        };
        assert_eq!(layer(&c, dir, "x.txt", &f, TODAY).date, Some(TODAY));
        // Nothing at all: the default profile.
        let l = layer(&Config::default(), dir, "x.txt", &face(), TODAY);
        assert_eq!(
            (l.profile.as_str(), l.profile_origin.as_str()),
            (DEFAULT_PROFILE, "the default profile")
        );
        assert_eq!(l.date, None);
    }

    #[test]
    fn misspelt_level_keys_are_warned_where_they_are_written() {
        let c = cfg("[levels]\n\"ap.usage.uss\" = \"off\"\n\"reuters.usage.us\" = \"off\"\n");
        let f = FaceChoices {
            levels: vec![("ap.usage.uss".into(), Level::Off)],
            ..face()
        };
        let l = layer(&c, Path::new("/p"), "x.txt", &f, TODAY);
        let rules = RuleSet::builtin("ap").unwrap();
        assert_eq!(
            l.level_warnings(&rules),
            vec![
                "copydesk.toml:2:18: no rule or category `ap.usage.uss` in profile `ap`; did you mean `ap.usage.us`?",
                "editor setting `copydesk.rules`: no rule or category `ap.usage.uss` in profile `ap`; did you mean `ap.usage.us`?",
            ]
        );
    }
}
