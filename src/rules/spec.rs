//! The shape of rule files (`rules/<pack>/*.toml`), as serde reads them. Unknown keys are
//! errors; every error names the file, line and column.

use serde::{Deserialize, Serialize};
use toml::Spanned;

use super::kinds;
use super::{Category, Level, Safety};

/// One TOML file of a pack: rules and knowledge tables, in any mix.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RuleFile {
    /// Only in `pack.toml`.
    pub pack: Option<PackSpec>,
    #[serde(default)]
    pub rule: Vec<RuleSpec>,
    #[serde(default)]
    pub entity: Vec<Spanned<EntitySpec>>,
    #[serde(default)]
    pub term: Vec<Spanned<TermSpec>>,
    #[serde(default)]
    pub state: Vec<Spanned<StateSpec>>,
    #[serde(default)]
    pub city: Vec<Spanned<CitySpec>>,
    #[serde(default)]
    pub title: Vec<Spanned<TitleSpec>>,
    /// A house's own spelling of an entity of an earlier pack.
    #[serde(default)]
    pub spelling: Vec<Spanned<SpellingSpec>>,
    /// Changes to a rule an earlier file defines: the house's own source, explanation or level
    /// for a rule written once for every house.
    #[serde(default)]
    pub amend: Vec<AmendSpec>,
    /// Named word lists: `{name}` in a rule's pattern stands for any of the words.
    #[serde(default)]
    pub set: Vec<Spanned<SetSpec>>,
}

/// `[[set]]`: a named list of words or phrases. A later pack's set of the same name replaces
/// it. `{state}` (the `[[state]]` names that are states) is always there.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SetSpec {
    pub name: String,
    pub words: Vec<String>,
    #[serde(default)]
    pub source: String,
}

/// `[[amend]]`: some fields of a rule loaded before this file, replaced.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AmendSpec {
    pub id: Spanned<String>,
    pub level: Option<Level>,
    pub explanation: Option<String>,
    pub source: Option<String>,
    pub unverified: Option<bool>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PackSpec {
    pub name: String,
    #[serde(default)]
    pub description: String,
    /// The packs this one builds on, loaded before it in this order (`common`, `ap`, a folder).
    #[serde(default)]
    pub include: Vec<Spanned<String>>,
    /// The house this pack speaks for, as messages name it (`Reuters`); `{house}` in a rule's
    /// message and explanation. A pack that names none speaks for the house it includes.
    #[serde(default)]
    pub house: Option<String>,
    /// The prefix of the house's rule ids (`ap`); `{prefix}` in a rule id.
    #[serde(default)]
    pub prefix: Option<String>,
    /// Where a rule's documentation lives; `{id}` is replaced by the rule id.
    #[serde(default)]
    pub docs: Option<String>,
    /// Rule ids, strongest first: where rules of this list find overlapping words and their
    /// fixes disagree, only the finding of the rule listed first is reported. A later pack's
    /// list replaces an earlier one.
    #[serde(default)]
    pub precedence: Option<Vec<Spanned<String>>>,
}

/// A rule's kind, as the rule set describes it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Substitution,
    Existence,
    Names,
    Titles,
    Dateline,
    Dates,
    Numbers,
    Reference,
    Punctuation,
    Usage,
}

impl Kind {
    /// The kind's name as written in rule files.
    pub fn as_str(self) -> &'static str {
        match self {
            Kind::Substitution => "substitution",
            Kind::Existence => "existence",
            Kind::Names => "names",
            Kind::Titles => "titles",
            Kind::Dateline => "dateline",
            Kind::Dates => "dates",
            Kind::Numbers => "numbers",
            Kind::Reference => "reference",
            Kind::Punctuation => "punctuation",
            Kind::Usage => "usage",
        }
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A rule's kind with its kind-specific data: `kind = "…"` selects the variant, `check = "…"`
/// the check within kinds that have several, and every other key belongs to that check (an
/// unknown kind, check or key is a load error).
#[derive(Debug, Deserialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub(crate) enum KindSpec {
    Substitution(Entries),
    Existence(Entries),
    Names(WithParams<kinds::names::Params>),
    Titles(kinds::titles::TitlesCheck),
    Dateline(kinds::dateline::DatelineCheck),
    Dates(kinds::dates::DatesCheck),
    Numbers(kinds::numbers::NumbersCheck),
    Reference(kinds::reference::ReferenceCheck),
    Punctuation(kinds::punctuation::PunctuationCheck),
    Usage(kinds::usage::UsageCheck),
}

impl KindSpec {
    pub fn kind(&self) -> Kind {
        match self {
            KindSpec::Substitution(_) => Kind::Substitution,
            KindSpec::Existence(_) => Kind::Existence,
            KindSpec::Names(_) => Kind::Names,
            KindSpec::Titles(_) => Kind::Titles,
            KindSpec::Dateline(_) => Kind::Dateline,
            KindSpec::Dates(_) => Kind::Dates,
            KindSpec::Numbers(_) => Kind::Numbers,
            KindSpec::Reference(_) => Kind::Reference,
            KindSpec::Punctuation(_) => Kind::Punctuation,
            KindSpec::Usage(_) => Kind::Usage,
        }
    }
}

/// The terms and patterns of a `substitution` or `existence` rule.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Entries {
    #[serde(default)]
    pub terms: Vec<TermEntry>,
    #[serde(default)]
    pub patterns: Vec<PatternEntry>,
}

/// A check whose only data is its typed `params = {…}` table.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct WithParams<T> {
    #[serde(default)]
    pub params: T,
}

/// Where a rule applies besides ordinary body text.
#[derive(Debug, Clone, Copy, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContextSpec {
    pub quotes: Option<bool>,
    pub headline: Option<bool>,
    /// Whether the rule applies to a quoted fragment (a quotation that is part of the
    /// writer's sentence, "called the plan “a good start”"); default true.
    pub fragments: Option<bool>,
    /// Whether the rule applies in list items and table rows, which are cells and items rather
    /// than sentences; default true.
    pub lists: Option<bool>,
    /// Only in stories (digest items) whose dateline places them in the United States
    /// (`us`) or abroad (`abroad`); a story whose dateline the places tables cannot place, or
    /// that has none, is neither.
    pub filed_from: Option<FiledFrom>,
}

/// Where a story's dateline places it, for a rule's `contexts.filed_from`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum FiledFrom {
    Us,
    Abroad,
}

/// One `[[rule]]`. Its kind-specific keys are read by [`KindSpec`], which rejects any key the
/// rule's kind and check do not read.
#[derive(Debug, Deserialize)]
pub struct RuleSpec {
    pub id: Spanned<String>,
    pub category: Category,
    #[serde(default = "default_level")]
    pub level: Level,
    pub message: String,
    #[serde(default)]
    pub explanation: String,
    #[serde(default)]
    pub source: String,
    /// Safety of this rule's fixes.
    #[serde(default)]
    pub fix: Option<Safety>,
    #[serde(default)]
    pub contexts: ContextSpec,
    /// A fact this rule rests on was not confirmed.
    #[serde(default)]
    pub unverified: bool,
    #[serde(default)]
    pub examples: Vec<Spanned<ExampleSpec>>,
    #[serde(flatten)]
    pub(crate) kind: KindSpec,
}

impl RuleSpec {
    pub fn kind(&self) -> Kind {
        self.kind.kind()
    }

    /// The literal terms of a `substitution` or `existence` rule (none for other kinds).
    pub fn terms(&self) -> &[TermEntry] {
        match &self.kind {
            KindSpec::Substitution(e) | KindSpec::Existence(e) => &e.terms,
            _ => &[],
        }
    }

    /// The patterns of a `substitution` or `existence` rule (none for other kinds).
    pub fn patterns(&self) -> &[PatternEntry] {
        match &self.kind {
            KindSpec::Substitution(e) | KindSpec::Existence(e) => &e.patterns,
            _ => &[],
        }
    }
}

fn default_level() -> Level {
    Level::Warning
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ExampleSpec {
    pub bad: Option<String>,
    /// The text after this rule's preferred fixes are applied to `bad`.
    pub fixed: Option<String>,
    pub good: Option<String>,
    /// The story's date for this example.
    pub date: Option<String>,
    /// `markdown` to read the example as Markdown.
    pub format: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum CaseMode {
    /// Match exactly as written.
    #[default]
    Exact,
    /// Match in any capitalisation; the fix keeps a leading capital.
    Preserve,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged)]
pub enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl OneOrMany {
    pub fn as_slice(&self) -> &[String] {
        match self {
            OneOrMany::One(s) => std::slice::from_ref(s),
            OneOrMany::Many(v) => v,
        }
    }
}

/// A literal term: what to find, what to write instead.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermEntry {
    pub find: OneOrMany,
    #[serde(default)]
    pub replace: Option<String>,
    #[serde(default)]
    pub case: CaseMode,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub fix: Option<Safety>,
}

/// A regular-expression entry; `replace` may use `$1`, `${name}`.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PatternEntry {
    pub find: String,
    #[serde(default)]
    pub replace: Option<String>,
    /// Only the named or numbered group is reported and replaced (default: the whole match).
    #[serde(default)]
    pub report: Option<String>,
    /// No finding when this pattern matches right after the match.
    #[serde(default)]
    pub unless_next: Option<String>,
    /// No finding when this pattern matches right before the match.
    #[serde(default)]
    pub unless_prev: Option<String>,
    /// No finding when this pattern matches inside the match.
    #[serde(default)]
    pub unless_found: Option<String>,
    #[serde(default)]
    pub message: Option<String>,
    #[serde(default)]
    pub fix: Option<Safety>,
}

/// The house shape of a dateline: a rule's `dateline = {...}` table (kind `dateline`, check
/// `format`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DatelineParams {
    /// The credit, e.g. `(AP)`.
    pub credit: String,
    /// The separator after the credit, e.g. `—`.
    pub separator: String,
    /// Other separators accepted as correct.
    #[serde(default)]
    pub also_accept: Vec<String>,
    /// Whether the dateline carries the date (`Nov 26`).
    #[serde(default)]
    pub date: bool,
    /// With `date`: a dateline without one is also accepted (`LONDON (Reuters) -`, the form
    /// a house's feeds transmit). One rewritten for another reason gets the date.
    #[serde(default)]
    pub undated: bool,
    /// Month forms in the dateline, January to December (needed when `date` is true).
    #[serde(default)]
    pub months: Vec<String>,
    /// How the place after the city is written.
    #[serde(default)]
    pub places: PlaceStyle,
}

/// How a dateline writes the place after the city.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum PlaceStyle {
    /// As the writer gave it; a postal code is spelled out.
    #[default]
    AsWritten,
    /// The places tables decide: a stand-alone city alone, a US city with its state's dateline
    /// abbreviation (`abbrev`, or the name for a state without one), `CITY, Country` abroad.
    Listed,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EntitySpec {
    pub id: String,
    pub kind: EntityKind,
    #[serde(default)]
    pub description: String,
    pub name: String,
    #[serde(default)]
    pub short: Option<String>,
    #[serde(default)]
    pub variants: Vec<String>,
    #[serde(default)]
    pub full_variants: Vec<String>,
    #[serde(default)]
    pub keep: Vec<String>,
    /// Where the spelling and description were confirmed, by name.
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub unverified: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum EntityKind {
    Person,
    Place,
    #[serde(alias = "organization")]
    Organisation,
}

/// A house's spelling of an entity: its full name, its later-reference form, or both. The
/// forms it replaces stay known, and are flagged under this house.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SpellingSpec {
    /// The entity's `id`.
    pub entity: String,
    pub name: Option<String>,
    pub short: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TermSpec {
    pub person: String,
    pub office: String,
    pub of: String,
    #[serde(default)]
    pub qualifier: Option<String>,
    pub start: String,
    #[serde(default)]
    pub end: Option<String>,
    #[serde(default)]
    pub elected: Option<String>,
    #[serde(default)]
    pub acting: bool,
    #[serde(default)]
    pub unverified: bool,
    /// Where the dates were confirmed (a publication or official page, by name).
    #[serde(default)]
    pub source: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct StateSpec {
    pub name: String,
    /// The abbreviation a dateline uses (`Colo.`); none for a state always spelled out.
    #[serde(default)]
    pub abbrev: Option<String>,
    pub postal: String,
    /// A federal district (the District of Columbia), not a state: not in `{state}`.
    #[serde(default)]
    pub district: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CitySpec {
    pub name: String,
    #[serde(default)]
    pub state: Option<String>,
    #[serde(default)]
    pub country: Option<String>,
    #[serde(default)]
    pub standalone: bool,
}

/// A title that can stand before a name.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TitleSpec {
    /// Spelled out and capitalised, e.g. `Sergeant`, `Prime Minister`.
    pub name: String,
    /// The profile's abbreviation before a full name, e.g. `Sgt.`.
    #[serde(default)]
    pub abbrev: Option<String>,
    /// Abbreviations and spellings that mean this title (e.g. `Senator` for `Sen.`).
    #[serde(default)]
    pub forms: Vec<String>,
    /// A formal title (capitalised before a name); false for job descriptions. Unset: true,
    /// or what an earlier table of the same title says.
    #[serde(default)]
    pub formal: Option<bool>,
}
