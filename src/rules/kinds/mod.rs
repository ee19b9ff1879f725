//! The closed set of rule kinds. Each kind is one file; a new house rule is data, and Rust is
//! written only for a new kind of check.
//!
//! A kind turns a `[[rule]]` entry into either entries of the shared [`Matcher`] (literal and
//! pattern terms) or a [`Check`] that looks at the whole document.
//!
//! [`Matcher`]: super::matcher::Matcher

pub mod dateline;
pub mod dates;
pub mod existence;
pub mod names;
pub mod numbers;
pub mod reference;
pub mod substitution;
pub mod titles;

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::ops::Range;
use std::sync::Arc;

use serde::de::DeserializeOwned;

use super::matcher::{self, Hit};
use super::spec::{Kind, RuleSpec};
use super::{Knowledge, RuleError, Safety};
use crate::document::Document;
use crate::finding::{Edit, Fix};

/// What a kind's builder gets.
#[allow(dead_code)]
pub(crate) struct BuildCtx<'a> {
    pub spec: &'a RuleSpec,
    /// The rule's index in the rule set.
    pub index: usize,
    pub knowledge: &'a Knowledge,
    pub profile: &'a str,
    /// Makes an error located at a byte offset of the rule's file.
    pub err: &'a dyn Fn(usize, String) -> RuleError,
    /// What the rules of this set share.
    pub shared: &'a Shared,
}

/// What the title and reference rules of one rule set share, built once at load: the people
/// automaton, and one title lexicon per distinct set of lexicon parameters.
#[derive(Default)]
pub(crate) struct Shared {
    people: OnceCell<Arc<titles::People>>,
    lexicons: RefCell<Vec<(LexiconKey, Arc<titles::Lexicon>)>>,
}

/// What a lexicon is built from besides the knowledge tables.
#[derive(PartialEq, Eq)]
struct LexiconKey {
    also: Vec<String>,
    qualifiers: Vec<String>,
}

/// A lexicon of the rule set, with its place in the per-document memo.
pub(crate) struct LexiconRef {
    id: usize,
    lx: Arc<titles::Lexicon>,
}

impl std::ops::Deref for LexiconRef {
    type Target = titles::Lexicon;
    fn deref(&self) -> &titles::Lexicon {
        &self.lx
    }
}

impl Shared {
    /// Every person of the names authority in one automaton.
    pub fn people(&self, kb: &Knowledge) -> Arc<titles::People> {
        self.people
            .get_or_init(|| Arc::new(titles::People::new(kb)))
            .clone()
    }

    /// The lexicon of the pack's titles with `extra` job titles and `qualifiers`.
    pub fn lexicon(&self, kb: &Knowledge, extra: &[String], qualifiers: &[String]) -> LexiconRef {
        let key = LexiconKey {
            also: extra.to_vec(),
            qualifiers: qualifiers.to_vec(),
        };
        let mut all = self.lexicons.borrow_mut();
        if let Some(id) = all.iter().position(|(k, _)| *k == key) {
            return LexiconRef {
                id,
                lx: all[id].1.clone(),
            };
        }
        let lx = Arc::new(titles::Lexicon::new(kb, extra, qualifiers));
        all.push((key, lx.clone()));
        LexiconRef {
            id: all.len() - 1,
            lx,
        }
    }

    /// What checking a document needs of this, once every rule is built.
    pub fn finish(self) -> SharedIndex {
        let lexicons = self.lexicons.into_inner();
        SharedIndex {
            lexicons: lexicons.len(),
            starts: titles::Starts::new(lexicons.iter().map(|(_, lx)| &**lx)),
        }
    }
}

/// The lexicons of a rule set as checking a document sees them.
#[derive(Default)]
pub(crate) struct SharedIndex {
    /// How many lexicons there are.
    lexicons: usize,
    /// Where a title of any of them may start.
    starts: titles::Starts,
}

#[allow(dead_code)]
impl BuildCtx<'_> {
    /// An error at the rule's id.
    pub fn error(&self, msg: impl Into<String>) -> RuleError {
        (self.err)(self.spec.id.span().start, msg.into())
    }

    /// The `check` this rule selects, checked against the kind's list.
    pub fn check_name(&self, allowed: &[&str]) -> Result<String, RuleError> {
        match &self.spec.check {
            Some(c) if allowed.contains(&c.get_ref().as_str()) => Ok(c.get_ref().clone()),
            Some(c) => Err((self.err)(
                c.span().start,
                format!(
                    "unknown check `{}` (this kind has: {})",
                    c.get_ref(),
                    allowed.join(", ")
                ),
            )),
            None if allowed.len() == 1 => Ok(allowed[0].to_string()),
            None => Err(self.error(format!("give `check` (one of: {})", allowed.join(", ")))),
        }
    }

    /// The rule's `params` table as the kind's typed parameters.
    pub fn params<T: DeserializeOwned + Default>(&self) -> Result<T, RuleError> {
        match &self.spec.params {
            None => Ok(T::default()),
            Some(t) => t.clone().try_into().map_err(|e: toml::de::Error| {
                self.error(format!("params: {}", e.message().trim()))
            }),
        }
    }

    /// Compiles a pattern a kind builds from its params, within the size limits of rule
    /// patterns; an error names the rule.
    pub fn compile(&self, pattern: &str) -> Result<regex::Regex, RuleError> {
        regex::RegexBuilder::new(pattern)
            .size_limit(4 << 20)
            .nest_limit(64)
            .build()
            .map_err(|e| self.error(format!("params give a bad pattern: {e}")))
    }

    /// Rejects kind-specific fields that this kind does not read.
    pub fn reject_fields(
        &self,
        terms: bool,
        patterns: bool,
        words: bool,
        dateline: bool,
        params: bool,
    ) -> Result<(), RuleError> {
        let s = self.spec;
        let bad = [
            (!terms && !s.terms.is_empty(), "terms"),
            (!patterns && !s.patterns.is_empty(), "patterns"),
            (!words && !s.words.is_empty(), "words"),
            (!dateline && s.dateline.is_some(), "dateline"),
            (!params && s.params.is_some(), "params"),
        ];
        match bad.iter().find(|(b, _)| *b) {
            Some((_, f)) => Err(self.error(format!(
                "field `{f}` is not used by rules of kind `{}`",
                super::kind_name(s.kind)
            ))),
            None => Ok(()),
        }
    }
}

/// What a check sees of a document.
#[allow(dead_code)]
pub(crate) struct CheckCtx<'a> {
    pub doc: &'a Document,
    pub knowledge: &'a Knowledge,
    /// Every matcher hit of this document (all rules), for checks that build on names.
    pub hits: &'a [Hit],
    shared: &'a SharedIndex,
    /// The document read as words and known names, once for all the checks that need it.
    scan: OnceCell<titles::Scan<'a>>,
    /// The words where a title of some lexicon of the rule set may start.
    openings: OnceCell<Vec<usize>>,
    /// Title phrases per lexicon of the rule set.
    phrases: Vec<OnceCell<Vec<titles::Phrase>>>,
}

impl<'a> CheckCtx<'a> {
    pub fn new(
        doc: &'a Document,
        knowledge: &'a Knowledge,
        hits: &'a [Hit],
        shared: &'a SharedIndex,
    ) -> Self {
        CheckCtx {
            doc,
            knowledge,
            hits,
            shared,
            scan: OnceCell::new(),
            openings: OnceCell::new(),
            phrases: (0..shared.lexicons).map(|_| OnceCell::new()).collect(),
        }
    }

    /// The document's words and known names. Every rule of a set passes the same people.
    pub fn scan(&self, people: &titles::People) -> &titles::Scan<'a> {
        self.scan
            .get_or_init(|| titles::Scan::new(self.doc.text(), people))
    }

    /// Every title phrase of the document under this lexicon.
    pub fn phrases(&self, people: &titles::People, lx: &LexiconRef) -> Cow<'_, [titles::Phrase]> {
        match self.phrases.get(lx.id) {
            Some(cell) => Cow::Borrowed(cell.get_or_init(|| {
                let scan = self.scan(people);
                let openings = self
                    .openings
                    .get_or_init(|| scan.openings(&self.shared.starts));
                scan.phrases_at(lx, openings)
            })),
            None => Cow::Owned(self.scan(people).phrases(lx)),
        }
    }
}

/// A finding before the engine adds the rule's metadata and applies contexts.
#[derive(Debug, Clone)]
pub(crate) struct Candidate {
    pub rule: usize,
    pub range: Range<usize>,
    /// Replaces the rule's message when set.
    pub message: Option<String>,
    pub fixes: Vec<Fix>,
    /// A cap on the rule's level (an unverified fact is at most `info`).
    pub cap: Option<super::Level>,
}

#[allow(dead_code)]
impl Candidate {
    /// A finding whose one fix replaces its range.
    pub fn replace(
        rule: usize,
        range: Range<usize>,
        replacement: impl Into<String>,
        safety: Safety,
        title: Option<String>,
    ) -> Self {
        let replacement = replacement.into();
        let fix = Fix::replace(range.clone(), replacement, safety, title);
        Candidate {
            rule,
            range,
            message: None,
            fixes: vec![fix],
            cap: None,
        }
    }

    /// Caps the level (for findings that rest on an unverified fact).
    pub fn cap(mut self, level: super::Level) -> Self {
        self.cap = Some(level);
        self
    }

    pub fn message(mut self, m: impl Into<String>) -> Self {
        self.message = Some(m.into());
        self
    }

    /// A finding with no fix.
    pub fn bare(rule: usize, range: Range<usize>) -> Self {
        Candidate {
            rule,
            range,
            message: None,
            fixes: Vec::new(),
            cap: None,
        }
    }

    pub fn with_edits(
        rule: usize,
        range: Range<usize>,
        edits: Vec<Edit>,
        safety: Safety,
        title: String,
    ) -> Self {
        Candidate {
            rule,
            range,
            message: None,
            fixes: vec![Fix {
                title,
                safety,
                edits,
            }],
            cap: None,
        }
    }
}

/// A whole-document check.
pub(crate) trait Check: Send + Sync {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>);
}

/// Builds one rule. Returns the kind's name and its default contexts (applies inside
/// quotations, applies in headlines).
pub(crate) fn build(
    cx: &BuildCtx,
    mb: &mut matcher::Builder,
    checks: &mut Vec<(usize, Box<dyn Check>)>,
) -> Result<(&'static str, bool, bool), RuleError> {
    let kind = cx.spec.kind;
    let name = super::kind_name(kind);
    let mut push = |c: Box<dyn Check>| checks.push((cx.index, c));
    let defaults = match kind {
        Kind::Substitution => {
            substitution::build(cx, mb)?;
            (false, false)
        }
        Kind::Existence => {
            existence::build(cx, mb)?;
            (false, false)
        }
        Kind::Names => {
            push(names::build(cx, mb)?);
            (true, true)
        }
        Kind::Titles => {
            push(titles::build(cx)?);
            (false, false)
        }
        Kind::Dateline => {
            push(dateline::build(cx)?);
            (false, false)
        }
        Kind::Dates => {
            push(dates::build(cx)?);
            (false, false)
        }
        Kind::Numbers => {
            push(numbers::build(cx)?);
            (false, false)
        }
        Kind::Reference => {
            push(reference::build(cx)?);
            (false, false)
        }
    };
    Ok((name, defaults.0, defaults.1))
}
