//! Rule packs: loading data files into one compiled rule set.
//!
//! A pack is a folder of TOML files (`rules/ap`, `rules/reuters`, a newsroom's own). Its files
//! hold rules (`[[rule]]`) and knowledge tables (`[[entity]]`, `[[term]]`, `[[state]]`,
//! `[[city]]`, `[[title]]`). Everything is compiled here, once: literal terms of every
//! substitution, existence and names rule into one Aho-Corasick automaton, their patterns into
//! one regex set. Nothing is compiled per document.

mod compiled;
pub mod kinds;
pub mod knowledge;
pub(crate) mod matcher;
pub mod packs;
pub mod spec;
pub mod vocabulary;

use std::fmt;
use std::sync::Arc;

use serde::Serialize;

pub use crate::finding::{Category, Level, Safety, Shared};
use crate::text::{Encoding, LineIndex};
pub use knowledge::Knowledge;
pub use spec::Kind;
use spec::{ExampleSpec, RuleFile, RuleSpec};
use toml::Spanned;

/// One example of a rule, as written in its file.
#[derive(Debug, Clone, Serialize)]
pub struct Example {
    pub bad: Option<String>,
    pub fixed: Option<String>,
    pub good: Option<String>,
    pub date: Option<String>,
    pub markdown: bool,
    /// Where the example is written (`path:line`).
    pub origin: String,
}

/// A rule's description: everything but its compiled matcher.
#[derive(Debug, Clone, Serialize)]
pub struct Rule {
    pub id: Shared,
    pub kind: Kind,
    pub category: Category,
    pub level: Level,
    pub message: String,
    pub explanation: String,
    pub source: String,
    pub fix: Safety,
    pub quotes: bool,
    pub headline: bool,
    /// Whether the rule applies to quoted fragments (when it applies to quotations).
    #[serde(skip_serializing_if = "is_true")]
    pub fragments: bool,
    /// Whether the rule applies in list items and table rows.
    #[serde(skip_serializing_if = "is_true")]
    pub lists: bool,
    /// Only in stories filed from there (see [`spec::ContextSpec`]).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub filed_from: Option<spec::FiledFrom>,
    pub unverified: bool,
    pub examples: Vec<Example>,
    /// Where the rule came from (`path:line`).
    pub origin: String,
    /// How many literal terms and patterns the rule lists.
    pub entries: usize,
    pub url: Option<Shared>,
}

fn is_true(b: &bool) -> bool {
    *b
}

/// An error in a rule or config file, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path}:{line}:{column}: {message}")]
pub struct RuleError {
    pub path: String,
    /// 1-based.
    pub line: u32,
    /// 1-based, in characters.
    pub column: u32,
    pub message: String,
}

impl RuleError {
    pub fn at(path: &str, text: &str, offset: usize, message: impl Into<String>) -> Self {
        let idx = LineIndex::new(text);
        let p = idx.position(text, offset, Encoding::Utf32);
        Self {
            path: path.to_string(),
            line: p.line + 1,
            column: p.column + 1,
            message: message.into(),
        }
    }
}

/// A rule file's text and the path it is reported under.
#[derive(Debug, Clone)]
pub struct Source {
    pub path: String,
    pub text: String,
}

/// Limits that keep a hostile rule file from exhausting the machine.
pub const MAX_FILE_BYTES: usize = 8 << 20;
pub const MAX_ENTRIES: usize = 200_000;
pub const MAX_PATTERN_BYTES: usize = 2_000;

/// Where a rule for every house names its house's id prefix, and the house.
const PREFIX: &str = "{prefix}";
const HOUSE: &str = "{house}";

/// The id prefix and house name of a chain: from the first manifest that declares each.
fn house_of(sources: &[Source]) -> (Option<String>, Option<String>) {
    let (mut prefix, mut house) = (None, None);
    for s in sources.iter().filter(|s| packs::is_manifest(&s.path)) {
        if let Some(p) = toml::from_str::<RuleFile>(&s.text)
            .ok()
            .and_then(|f| f.pack)
        {
            prefix = prefix.or(p.prefix);
            house = house.or(p.house);
        }
    }
    (prefix, house)
}

/// A rule file's text with `{prefix}` and `{house}` filled in (left as written when the chain
/// has none; such rules are then skipped).
fn template(text: &str, prefix: Option<&str>, house: Option<&str>) -> String {
    let mut out = text.to_string();
    if let Some(p) = prefix {
        out = out.replace(PREFIX, p);
    }
    if let Some(h) = house {
        out = out.replace(HOUSE, h);
    }
    out
}

/// The built-in profiles: the built-in packs that speak for a house (their `pack.toml` names
/// it), not the packs they build on.
pub fn builtin_packs() -> Vec<&'static str> {
    packs::builtin_names()
        .into_iter()
        .filter(|name| {
            packs::builtin_pack(name).is_some_and(|p| {
                p.files.iter().any(|f| {
                    packs::is_manifest(&f.path)
                        && toml::from_str::<RuleFile>(&f.text)
                            .ok()
                            .and_then(|r| r.pack)
                            .is_some_and(|p| p.house.is_some())
                })
            })
        })
        .collect()
}

/// The files of a built-in pack, with the packs it includes first.
pub fn builtin_sources(pack: &str) -> Option<Vec<Source>> {
    let mut chain = packs::Chain::new(&packs::Builtin);
    match chain.add(pack) {
        Ok(true) => Some(chain.into_sources()),
        _ => None,
    }
}

/// A loaded, compiled set of rules for one profile.
pub struct RuleSet {
    profile: String,
    rules: Vec<Rule>,
    by_id: crate::text::FxHashMap<String, usize>,
    pub(crate) knowledge: Arc<Knowledge>,
    pub(crate) matcher: matcher::Matcher,
    pub(crate) checks: Vec<(usize, Box<dyn kinds::Check>)>,
    /// What the title and reference checks share.
    pub(crate) shared: kinds::SharedIndex,
    /// Per rule: its place in the house's precedence list (0 strongest), if listed.
    rank: Vec<Option<usize>>,
    /// Set once [`RuleSet::prepare`] has compiled everything.
    prepared: std::sync::OnceLock<()>,
}

impl fmt::Debug for RuleSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("RuleSet")
            .field("profile", &self.profile)
            .field("rules", &self.rules.len())
            .finish()
    }
}

impl RuleSet {
    /// The built-in profile `name` (`ap`, `reuters`).
    pub fn builtin(name: &str) -> Result<RuleSet, RuleError> {
        let sources = builtin_sources(name).ok_or_else(|| RuleError {
            path: format!("rules/{name}"),
            line: 1,
            column: 1,
            message: format!(
                "unknown profile `{name}` (built-in profiles: {})",
                builtin_packs().join(", ")
            ),
        })?;
        RuleSet::load(&sources)
    }

    /// Loads and compiles rule files. Later files override earlier rules with the same id.
    ///
    /// A rule written once for every house (in `common`) names the house's id prefix as
    /// `{prefix}` and the house as `{house}`: both come from the first pack of the chain that
    /// declares them (`ap`, `reuters`). Without such a pack those rules are not loaded.
    pub fn load(sources: &[Source]) -> Result<RuleSet, RuleError> {
        let (prefix, house) = house_of(sources);
        // Only the files that use `{prefix}` or `{house}` are copied.
        let templated: Vec<std::borrow::Cow<'_, Source>> = sources
            .iter()
            .map(|s| {
                if s.text.contains(PREFIX) || s.text.contains(HOUSE) {
                    std::borrow::Cow::Owned(Source {
                        path: s.path.clone(),
                        text: template(&s.text, prefix.as_deref(), house.as_deref()),
                    })
                } else {
                    std::borrow::Cow::Borrowed(s)
                }
            })
            .collect();
        let written = sources;
        let sources = &templated[..];
        // What templating writes, for reading a templated built-in file from its tree.
        let fill: Vec<(&str, &str)> = [(PREFIX, prefix.as_deref()), (HOUSE, house.as_deref())]
            .into_iter()
            .filter_map(|(k, v)| Some((k, v?)))
            .collect();
        let mut profile = None;
        let mut docs = None;
        // The precedence list of the last pack that gives one, with the file it is in.
        let mut precedence: Option<(Vec<Spanned<String>>, usize)> = None;
        let mut specs: Vec<(RuleSpec, usize)> = Vec::new();
        let mut kb = knowledge::Builder::default();
        let mut entries = 0usize;
        for (si, src) in sources.iter().enumerate() {
            if src.text.len() > MAX_FILE_BYTES {
                return Err(RuleError::at(
                    &src.path,
                    "",
                    0,
                    format!(
                        "file is {} bytes; rule files are limited to {MAX_FILE_BYTES}",
                        src.text.len()
                    ),
                ));
            }
            let tree = match &templated[si] {
                std::borrow::Cow::Borrowed(_) => compiled::tree(&src.path, &src.text, &[]),
                std::borrow::Cow::Owned(_) => compiled::tree(&src.path, &written[si].text, &fill),
            };
            let file: RuleFile = tree
                .and_then(|t| serde::Deserialize::deserialize(toml::de::Deserializer::from(t)).ok())
                .map_or_else(|| toml::from_str(&src.text), Ok)
                .map_err(|e| {
                    let at = e.span().map_or(0, |s| s.start);
                    RuleError::at(&src.path, &src.text, at, e.message().trim().to_string())
                })?;
            if let Some(p) = &file.pack {
                profile = Some(p.name.clone());
                if p.docs.is_some() {
                    docs = p.docs.clone();
                }
                if let Some(list) = &p.precedence {
                    precedence = Some((list.clone(), si));
                }
            }
            entries += file.rule.len() + file.entity.len() + file.term.len() + file.city.len();
            for r in &file.rule {
                // Every string of a term's `find` list is an entry of the automaton.
                entries += r
                    .terms()
                    .iter()
                    .map(|t| t.find.as_slice().len().max(1))
                    .sum::<usize>()
                    + r.patterns().len();
            }
            if entries > MAX_ENTRIES {
                return Err(RuleError::at(
                    &src.path,
                    &src.text,
                    0,
                    format!("too many entries (more than {MAX_ENTRIES}) in the rule files"),
                ));
            }
            kb.add(src, &file)?;
            for r in file.rule {
                if r.id.get_ref().contains(PREFIX) {
                    // A rule for every house, in a chain with no house.
                    continue;
                }
                if let Some(pos) = specs
                    .iter()
                    .position(|(s, _)| *s.id.get_ref() == *r.id.get_ref())
                {
                    specs.remove(pos);
                }
                specs.push((r, si));
            }
            for a in file.amend {
                let Some((spec, _)) = specs
                    .iter_mut()
                    .find(|(s, _)| s.id.get_ref() == a.id.get_ref())
                else {
                    if a.id.get_ref().contains(PREFIX) {
                        continue;
                    }
                    return Err(RuleError::at(
                        &src.path,
                        &src.text,
                        a.id.span().start,
                        format!(
                            "amend: no rule `{}` is loaded before this file",
                            a.id.get_ref()
                        ),
                    ));
                };
                if let Some(l) = a.level {
                    spec.level = l;
                }
                if let Some(e) = a.explanation {
                    spec.explanation = e;
                }
                if let Some(s) = a.source {
                    spec.source = s;
                }
                if let Some(u) = a.unverified {
                    spec.unverified = u;
                }
            }
        }
        let profile = profile.unwrap_or_else(|| "custom".to_string());
        let knowledge = Arc::new(kb.finish()?);
        let mut rules = Vec::with_capacity(specs.len());
        let mut mb = matcher::Builder::default();
        let mut checks: Vec<(usize, Box<dyn kinds::Check>)> = Vec::new();
        let shared = kinds::Shared::default();
        // Line indexes of the rule files, made when first needed.
        let mut lines: Vec<Option<LineIndex>> = vec![None; sources.len()];
        for (i, (spec, si)) in specs.iter().enumerate() {
            let src = &sources[*si];
            let err = |at: usize, msg: String| {
                RuleError::at(
                    &src.path,
                    &src.text,
                    at,
                    format!("rule `{}`: {msg}", spec.id.get_ref()),
                )
            };
            let id_at = spec.id.span().start;
            if spec.examples.is_empty() {
                // Rules ship with examples; the examples test holds them to it.
            }
            let ctx = kinds::BuildCtx {
                spec,
                index: i,
                text: &src.text,
                knowledge: &knowledge,
                profile: &profile,
                house: house.as_deref().unwrap_or(&profile),
                err: &err,
                shared: &shared,
            };
            let (kind, default_quotes, default_headline) =
                kinds::build(&ctx, &mut mb, &mut checks)?;
            let index = lines[*si].get_or_insert_with(|| LineIndex::new(&src.text));
            let line = index.line_of(id_at) + 1;
            let examples = spec
                .examples
                .iter()
                .map(|e| {
                    let at = index.line_of(e.span().start) + 1;
                    example(e.get_ref(), format!("{}:{at}", src.path))
                })
                .collect();
            rules.push(Rule {
                id: spec.id.get_ref().as_str().into(),
                kind,
                category: spec.category,
                level: spec.level,
                message: spec.message.clone(),
                explanation: spec.explanation.trim().to_string(),
                source: spec.source.clone(),
                fix: spec.fix.unwrap_or(Safety::Safe),
                quotes: spec.contexts.quotes.unwrap_or(default_quotes),
                headline: spec.contexts.headline.unwrap_or(default_headline),
                fragments: spec.contexts.fragments.unwrap_or(true),
                lists: spec.contexts.lists.unwrap_or(true),
                filed_from: spec.contexts.filed_from,
                unverified: spec.unverified,
                examples,
                origin: format!("{}:{line}", src.path),
                entries: spec
                    .terms()
                    .iter()
                    .map(|t| t.find.as_slice().len())
                    .sum::<usize>()
                    + spec.patterns().len(),
                url: docs
                    .as_ref()
                    .map(|d| d.replace("{id}", spec.id.get_ref()).into()),
            });
        }
        // Should the shared matcher not compile, the rule whose pattern came last is named.
        let last = mb
            .patterns
            .last()
            .map(|p| p.rule)
            .and_then(|r| specs.get(r));
        let matcher = mb.finish().map_err(|m| match last {
            Some((spec, si)) => RuleError::at(
                &sources[*si].path,
                &sources[*si].text,
                spec.id.span().start,
                format!("rule `{}`: {m}", spec.id.get_ref()),
            ),
            None => RuleError {
                path: sources.first().map(|s| s.path.clone()).unwrap_or_default(),
                line: 1,
                column: 1,
                message: m,
            },
        })?;
        let by_id: crate::text::FxHashMap<String, usize> = rules
            .iter()
            .enumerate()
            .map(|(i, r)| (r.id.to_string(), i))
            .collect();
        let mut rank = vec![None; rules.len()];
        if let Some((list, si)) = &precedence {
            let src = &sources[*si];
            for (n, id) in list.iter().enumerate() {
                let Some(&i) = by_id.get(id.get_ref()) else {
                    return Err(RuleError::at(
                        &src.path,
                        &src.text,
                        id.span().start,
                        format!("precedence: no rule `{}` is loaded", id.get_ref()),
                    ));
                };
                rank[i].get_or_insert(n);
            }
        }
        Ok(RuleSet {
            rank,
            profile,
            rules,
            by_id,
            knowledge,
            matcher,
            checks,
            shared: shared.finish(),
            prepared: std::sync::OnceLock::new(),
        })
    }

    /// Compiles now, once, what is otherwise compiled when a check first needs it (see
    /// `Matcher::prepare`). Checks give the same findings either way.
    pub fn prepare(&self) {
        self.prepared.get_or_init(|| self.matcher.prepare());
    }

    /// Whether [`RuleSet::prepare`] has run.
    pub fn is_prepared(&self) -> bool {
        self.prepared.get().is_some()
    }

    pub fn profile(&self) -> &str {
        &self.profile
    }
    pub fn rules(&self) -> &[Rule] {
        &self.rules
    }
    pub fn rule(&self, id: &str) -> Option<&Rule> {
        self.by_id.get(id).map(|&i| &self.rules[i])
    }
    pub(crate) fn rule_at(&self, i: usize) -> &Rule {
        &self.rules[i]
    }
    /// A rule's place in the house's precedence list (0 strongest), if it is listed.
    pub fn rank_of(&self, rule: &Rule) -> Option<usize> {
        let i = *self.by_id.get(rule.id.as_str())?;
        self.rank.get(i).copied().flatten()
    }
    /// Whether a `[levels]` key names something of this set: a rule id, an id prefix
    /// (`ap.numbers`) or a category (`number`).
    pub fn knows_level_key(&self, key: &str) -> bool {
        self.by_id.contains_key(key)
            || self
                .rules
                .iter()
                .any(|r| r.category.as_str() == key || id_under(&r.id, key))
    }

    /// For a `[levels]` key this set does not know and that looks meant for it, the rule id or
    /// category nearest by edit distance ("did you mean"). A key in another house's namespace
    /// (`reuters.…` under AP, or `reuters` itself) is left alone: one project file may serve
    /// several houses.
    pub fn misspelt_level_key(&self, key: &str) -> Option<&str> {
        if self.knows_level_key(key) {
            return None;
        }
        let ours = match key.split_once('.') {
            Some((head, _)) => self
                .rules
                .iter()
                .any(|r| r.id.split('.').next() == Some(head)),
            None => self
                .rules
                .iter()
                .any(|r| edit_distance(key, r.category.as_str()) <= 2),
        };
        if !ours {
            return None;
        }
        self.rules
            .iter()
            .flat_map(|r| [r.id.as_str(), r.category.as_str()])
            .min_by_key(|c| (edit_distance(key, c), *c))
    }

    pub fn knowledge(&self) -> &Knowledge {
        &self.knowledge
    }
}

/// Whether `prefix` is a dotted id prefix of `id` (`ap.numbers` of `ap.numbers.ages`).
pub fn id_under(id: &str, prefix: &str) -> bool {
    id.starts_with(prefix) && id.as_bytes().get(prefix.len()) == Some(&b'.')
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut prev = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let cur = row[j + 1];
            row[j + 1] = (prev + usize::from(ca != *cb)).min(row[j] + 1).min(cur + 1);
            prev = cur;
        }
    }
    row[b.len()]
}

fn example(e: &ExampleSpec, origin: String) -> Example {
    Example {
        bad: e.bad.clone(),
        fixed: e.fixed.clone(),
        good: e.good.clone(),
        date: e.date.clone(),
        markdown: e.format.as_deref() == Some("markdown"),
        origin,
    }
}
