//! The project file `copydesk.toml`, read from a string (finding and reading files is the
//! adapters' job). Unknown keys are errors naming file, line and column.
//!
//! ```toml
//! profile = "ap"                 # ap | reuters | a path to a pack folder
//! rules = ["house-rules"]        # extra rule folders, relative to this file
//! accept = ["Ferriera"]          # words the house accepts as written
//! dictionary = "copydesk-words.txt"   # a file of accepted words, one per line
//! date = "2025-11-26"            # the stories' date, unless front matter gives one
//! include = ["stories/**"]       # which files `copydesk check DIR` walks
//! exclude = ["drafts/**"]
//! extensions = ["txt", "md", "markdown"]
//!
//! [levels]
//! "ap.numbers" = "off"           # a rule id, an id prefix or a category
//! usage = "info"
//!
//! [[override]]
//! paths = ["reuters/**"]         # globs, relative to this file
//! profile = "reuters"
//! date = "2025-11-18"
//! ```

use std::collections::BTreeMap;

use globset::{Glob, GlobSet, GlobSetBuilder};
use jiff::civil::Date;
use serde::Deserialize;
use toml::Spanned;

use crate::rules::{Level, RuleError};

/// The file name looked for, walking up from a story.
pub const FILE_NAME: &str = "copydesk.toml";
/// The accepted-words file read when `dictionary` is not set.
pub const DEFAULT_DICTIONARY: &str = "copydesk-words.txt";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Raw {
    profile: Option<Spanned<String>>,
    #[serde(default)]
    rules: Vec<String>,
    #[serde(default)]
    accept: Vec<String>,
    dictionary: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    #[serde(default)]
    include: Vec<Spanned<String>>,
    #[serde(default)]
    exclude: Vec<Spanned<String>>,
    extensions: Option<Vec<String>>,
    #[serde(default)]
    levels: BTreeMap<String, Spanned<String>>,
    #[serde(default, rename = "override")]
    overrides: Vec<RawOverride>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawOverride {
    paths: Vec<Spanned<String>>,
    profile: Option<Spanned<String>>,
    date: Option<Spanned<String>>,
    #[serde(default)]
    levels: BTreeMap<String, Spanned<String>>,
}

/// Where a value is written in a project file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    pub path: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
}

impl Place {
    /// An error at this place.
    pub fn error(&self, message: impl Into<String>) -> RuleError {
        RuleError {
            path: self.path.clone(),
            line: self.line,
            column: self.column,
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}", self.path, self.line, self.column)
    }
}

/// A parsed project file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    pub profile: Option<String>,
    /// Where `profile` is written, for errors about it.
    pub profile_place: Option<Place>,
    /// Where `date` is written.
    pub date_place: Option<Place>,
    pub rules: Vec<String>,
    pub accept: Vec<String>,
    pub dictionary: Option<String>,
    pub date: Option<Date>,
    pub include: Option<GlobSet>,
    pub exclude: Option<GlobSet>,
    pub extensions: Vec<String>,
    pub levels: BTreeMap<String, Level>,
    /// Where each key of `[levels]` is written, for warnings about ids that no loaded rule
    /// has.
    pub level_places: BTreeMap<String, Place>,
    pub overrides: Vec<Override>,
}

/// Settings for the files that match some globs.
#[derive(Debug, Clone)]
pub struct Override {
    pub paths: GlobSet,
    pub profile: Option<String>,
    /// Where `profile` is written.
    pub profile_place: Option<Place>,
    /// Where `date` is written.
    pub date_place: Option<Place>,
    pub date: Option<Date>,
    pub levels: BTreeMap<String, Level>,
    /// Where each key of its `levels` is written.
    pub level_places: BTreeMap<String, Place>,
}

impl Config {
    /// Parses `text`, reporting errors against `path`.
    pub fn parse(path: &str, text: &str) -> Result<Config, RuleError> {
        let raw: Raw = toml::from_str(text).map_err(|e| {
            let at = e.span().map_or(0, |s| s.start);
            RuleError::at(path, text, at, e.message().trim().to_string())
        })?;
        let err = |at: usize, m: String| RuleError::at(path, text, at, m);
        let date = |d: &Option<Spanned<String>>| -> Result<Option<Date>, RuleError> {
            d.as_ref()
                .map(|s| {
                    s.get_ref().parse::<Date>().map_err(|_| {
                        err(
                            s.span().start,
                            format!("date: `{}` is not a date (YYYY-MM-DD)", s.get_ref()),
                        )
                    })
                })
                .transpose()
        };
        let globs = |v: &[Spanned<String>]| -> Result<Option<GlobSet>, RuleError> {
            if v.is_empty() {
                return Ok(None);
            }
            let mut b = GlobSetBuilder::new();
            for g in v {
                b.add(
                    Glob::new(g.get_ref())
                        .map_err(|e| err(g.span().start, format!("bad glob: {e}")))?,
                );
            }
            b.build()
                .map(Some)
                .map_err(|e| err(0, format!("bad glob: {e}")))
        };
        let levels =
            |m: &BTreeMap<String, Spanned<String>>| -> Result<BTreeMap<String, Level>, RuleError> {
                m.iter()
                .map(|(k, v)| {
                    Level::parse(v.get_ref()).map(|l| (k.clone(), l)).ok_or_else(|| {
                        err(v.span().start, format!("level `{}` for `{k}`: use error, warning, info, hint or off", v.get_ref()))
                    })
                })
                .collect()
            };
        let origin = |at: usize| {
            let e = err(at, String::new());
            Place {
                path: e.path,
                line: e.line,
                column: e.column,
            }
        };
        let mut overrides = Vec::new();
        for o in &raw.overrides {
            overrides.push(Override {
                paths: globs(&o.paths)?.unwrap_or_else(GlobSet::empty),
                profile: o.profile.as_ref().map(|p| p.get_ref().clone()),
                profile_place: o.profile.as_ref().map(|p| origin(p.span().start)),
                date_place: o.date.as_ref().map(|d| origin(d.span().start)),
                date: date(&o.date)?,
                levels: levels(&o.levels)?,
                level_places: o
                    .levels
                    .iter()
                    .map(|(k, v)| (k.clone(), origin(v.span().start)))
                    .collect(),
            });
        }
        // The dictionary is written to (add-to-dictionary): it must stay inside the project.
        if let Some(d) = &raw.dictionary {
            let p = std::path::Path::new(d.get_ref());
            if p.is_absolute()
                || p.components().any(|c| {
                    !matches!(
                        c,
                        std::path::Component::Normal(_) | std::path::Component::CurDir
                    )
                })
            {
                return Err(err(
                    d.span().start,
                    format!(
                        "dictionary: `{}` must be a path inside the project (relative, without `..`)",
                        d.get_ref()
                    ),
                ));
            }
            if p.extension()
                .is_some_and(|e| e.eq_ignore_ascii_case("toml"))
            {
                return Err(err(
                    d.span().start,
                    format!(
                        "dictionary: `{}` is a TOML file (the project's or a rule file); the \
                         dictionary is a text file of words, one a line",
                        d.get_ref()
                    ),
                ));
            }
        }
        Ok(Config {
            profile: raw.profile.as_ref().map(|p| p.get_ref().clone()),
            profile_place: raw.profile.as_ref().map(|p| origin(p.span().start)),
            date_place: raw.date.as_ref().map(|d| origin(d.span().start)),
            rules: raw.rules,
            accept: raw.accept,
            dictionary: raw.dictionary.map(Spanned::into_inner),
            date: date(&raw.date)?,
            include: globs(&raw.include)?,
            exclude: globs(&raw.exclude)?,
            extensions: raw
                .extensions
                .unwrap_or_else(|| vec!["txt".into(), "md".into(), "markdown".into()]),
            levels: levels(&raw.levels)?,
            level_places: raw
                .levels
                .iter()
                .map(|(k, v)| (k.clone(), origin(v.span().start)))
                .collect(),
            overrides,
        })
    }

    /// The overrides that apply to a path relative to the config file's folder.
    pub fn overrides_for<'a>(&'a self, rel: &'a str) -> impl Iterator<Item = &'a Override> + 'a {
        self.overrides.iter().filter(move |o| o.paths.is_match(rel))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_full_config() {
        let c = Config::parse(
            "copydesk.toml",
            "profile = \"reuters\"\naccept = [\"Ferriera\"]\n[levels]\n\"ap.numbers\" = \"off\"\n[[override]]\npaths = [\"ap/**\"]\nprofile = \"ap\"\ndate = \"2025-11-03\"\n",
        )
        .unwrap();
        assert_eq!(c.profile.as_deref(), Some("reuters"));
        assert_eq!(c.levels["ap.numbers"], Level::Off);
        assert_eq!(c.overrides_for("ap/story.txt").count(), 1);
        assert_eq!(c.overrides_for("other/story.txt").count(), 0);
    }

    #[test]
    fn errors_name_line_and_column() {
        let e = Config::parse("copydesk.toml", "profile = \"ap\"\nprofle = \"x\"\n").unwrap_err();
        assert_eq!((e.line, e.column), (2, 1));
        assert!(
            e.message.contains("unknown field `profle`"),
            "{}",
            e.message
        );
        let e = Config::parse("c.toml", "[levels]\nusage = \"loud\"\n").unwrap_err();
        assert_eq!(
            e.to_string(),
            "c.toml:2:9: level `loud` for `usage`: use error, warning, info, hint or off"
        );
    }
}
