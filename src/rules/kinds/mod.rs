//! The closed set of rule kinds. Each kind is one file, or a folder with one file per check for
//! a kind with several; a new house rule is data, and Rust is written only for a new kind of
//! check. The title and reference checks read a story through the shared [`reader`].
//!
//! A kind turns a `[[rule]]` entry into either entries of the shared [`Matcher`] (literal and
//! pattern terms) or a [`Check`] that looks at the whole document.
//!
//! [`Matcher`]: super::matcher::Matcher

pub mod dateline;
pub mod dates;
pub mod existence;
pub(crate) mod found;
pub mod names;
pub mod numbers;
pub mod punctuation;
pub(crate) mod reader;
pub mod reference;
pub mod substitution;
#[cfg(test)]
pub(crate) mod test_support;
pub mod titles;
pub mod usage;

use std::borrow::Cow;
use std::cell::{OnceCell, RefCell};
use std::rc::Rc;

use regex::Regex;
use std::ops::Range;
use std::sync::Arc;

use super::matcher::{self, Hit};
use super::spec::{Kind, KindSpec, RuleSpec};
use super::{Knowledge, RuleError, Safety};
use crate::document::Document;
use crate::finding::{Edit, Fix};
use crate::text::{FxHashMap, FxHashSet};

/// What a kind's builder gets.
#[allow(dead_code)]
pub(crate) struct BuildCtx<'a> {
    pub spec: &'a RuleSpec,
    /// The rule's index in the rule set.
    pub index: usize,
    pub knowledge: &'a Knowledge,
    pub profile: &'a str,
    /// The house the rule set speaks for (`AP`), for messages: the first `house` of its pack
    /// chain, else the profile's name.
    pub house: &'a str,
    /// The text of the rule's file.
    pub text: &'a str,
    /// Makes an error located at a byte offset of the rule's file.
    pub err: &'a dyn Fn(usize, String) -> RuleError,
    /// What the rules of this set share.
    pub shared: &'a Shared,
}

/// What the title and reference rules of one rule set share, built once at load: the people
/// automaton, and one title lexicon per distinct set of lexicon parameters.
#[derive(Default)]
pub(crate) struct Shared {
    people: OnceCell<Arc<reader::People>>,
    lexicons: RefCell<Vec<(LexiconKey, Arc<reader::Lexicon>)>>,
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
    lx: Arc<reader::Lexicon>,
}

impl std::ops::Deref for LexiconRef {
    type Target = reader::Lexicon;
    fn deref(&self) -> &reader::Lexicon {
        &self.lx
    }
}

impl Shared {
    /// Every person of the names authority in one automaton.
    pub fn people(&self, kb: &Knowledge) -> Arc<reader::People> {
        self.people
            .get_or_init(|| Arc::new(reader::People::new(kb)))
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
        let lx = Arc::new(reader::Lexicon::new(kb, extra, qualifiers));
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
            starts: reader::Starts::new(lexicons.iter().map(|(_, lx)| &**lx)),
        }
    }
}

/// The lexicons of a rule set as checking a document sees them.
#[derive(Default)]
pub(crate) struct SharedIndex {
    /// How many lexicons there are.
    lexicons: usize,
    /// Where a title of any of them may start.
    starts: reader::Starts,
}

#[allow(dead_code)]
impl BuildCtx<'_> {
    /// An error at the rule's id.
    pub fn error(&self, msg: impl Into<String>) -> RuleError {
        (self.err)(self.spec.id.span().start, msg.into())
    }

    /// Where a string of the rule's kind-specific data is written in the rule's file: the
    /// first place after the rule's id where it stands quoted as TOML writes it, or the id.
    pub fn locate(&self, value: &str) -> usize {
        let start = self.spec.id.span().start.min(self.text.len());
        let rest = self.text.get(start..).unwrap_or("");
        let rest = &rest[..rest.find("\n[[rule]]").unwrap_or(rest.len())];
        if value.is_empty() {
            return start;
        }
        let basic = value.replace('\\', "\\\\").replace('"', "\\\"");
        [format!("'{value}'"), format!("\"{basic}\"")]
            .iter()
            .filter_map(|q| rest.find(q.as_str()))
            .min()
            .map_or(start, |at| start + at)
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
    scan: OnceCell<reader::Scan<'a>>,
    /// The words where a title of some lexicon of the rule set may start.
    openings: OnceCell<Vec<u32>>,
    /// Title phrases per lexicon of the rule set.
    phrases: Vec<OnceCell<Vec<reader::Phrase>>>,
    /// Surnames two people of one item share, per lexicon.
    namesakes: Vec<OnceCell<FxHashSet<(usize, &'a str)>>>,
    /// The paragraphs read for an earlier version of the story, when the check reuses them;
    /// whether the story's paragraphs are its lines.
    reuse: Option<RefCell<reader::Pieces>>,
    lines: bool,
    /// The story's paragraphs as read, when read from `reuse`.
    parts: OnceCell<reader::Parts>,
    /// The matches of each pattern a check searched with (by its address), and, when the check
    /// reuses, what the earlier check found in each paragraph.
    found: RefCell<FxHashMap<usize, Rc<found::Found<'a>>>>,
    found_reuse: Option<RefCell<found::Pieces>>,
    found_parts: OnceCell<found::Parts>,
    /// What [`CheckCtx::memo`] worked out, by its type.
    memos: RefCell<FxHashMap<std::any::TypeId, Rc<dyn std::any::Any>>>,
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
            namesakes: (0..shared.lexicons).map(|_| OnceCell::new()).collect(),
            reuse: None,
            lines: false,
            parts: OnceCell::new(),
            found: RefCell::default(),
            found_reuse: None,
            found_parts: OnceCell::new(),
            memos: RefCell::default(),
        }
    }

    /// The same, reading the story's words, people and phrases paragraph by paragraph and
    /// taking each unchanged paragraph from `reuse` (paragraphs are lines when `lines`).
    pub fn reusing(mut self, reuse: reader::Pieces, found: found::Pieces, lines: bool) -> Self {
        self.reuse = Some(RefCell::new(reuse));
        self.found_reuse = Some(RefCell::new(found));
        self.lines = lines;
        self
    }

    /// What this check keeps for the next, when it reuses.
    pub fn into_reuse(self) -> Option<(reader::Pieces, found::Pieces)> {
        self.reuse
            .map(RefCell::into_inner)
            .zip(self.found_reuse.map(RefCell::into_inner))
    }

    /// The story's paragraphs as searched, split once per check from `pieces` (what the
    /// earlier check kept).
    fn found_parts(&self, pieces: &mut found::Pieces) -> &found::Parts {
        self.found_parts
            .get_or_init(|| pieces.parts(self.doc.text(), self.lines))
    }

    /// Every place where one of `words` occurs in the story ([`found::occurrences`]), on a
    /// re-check taken from each unchanged paragraph searched with the same words when none of
    /// them holds a line break.
    pub fn occurrences(&self, words: &[&str]) -> Vec<(usize, usize)> {
        let text = self.doc.text();
        match &self.found_reuse {
            Some(cell) if words.iter().all(|w| !w.contains(['\n', '\r'])) => {
                let mut pieces = cell.borrow_mut();
                let parts = self.found_parts(&mut pieces);
                parts.occurrences(text, words, pieces.automata())
            }
            _ => found::occurrences(text, words),
        }
    }

    /// Every match of `re` in the story, searched once per check of the story for all the rules
    /// that ask, and on a re-check taken from each unchanged paragraph where `re` reads by
    /// paragraph ([`found`]). `re` must live as long as the rule set (a check's field or a
    /// static): the matches are kept by its address.
    pub fn captures(&self, re: &Regex) -> Rc<found::Found<'a>> {
        let id = re as *const Regex as usize;
        if let Some(f) = self.found.borrow().get(&id) {
            return f.clone();
        }
        let text = self.doc.text();
        let f = Rc::new(match &self.found_reuse {
            Some(cell) => {
                let mut pieces = cell.borrow_mut();
                if pieces.by_paragraph(re) {
                    self.found_parts(&mut pieces).found(re, text)
                } else {
                    found::Found::whole(re, text)
                }
            }
            None => found::Found::whole(re, text),
        });
        self.found.borrow_mut().insert(id, f.clone());
        f
    }

    /// The runs of letters of seven bytes or more in the story ([`found::long_runs`]), each
    /// with whether it is [`found::capitalised`], on a re-check taken from each unchanged
    /// paragraph.
    pub fn long_runs(&self) -> Vec<(Range<usize>, bool)> {
        let text = self.doc.text();
        match &self.found_reuse {
            Some(cell) => self.found_parts(&mut cell.borrow_mut()).long_runs(text),
            None => found::long_runs(text)
                .map(|r| (r.clone(), found::capitalised(&text[r])))
                .collect(),
        }
    }

    /// A reading of the document that several checks share (the quotation marks, say), worked
    /// out by the first that asks: one per type `T`, so `T` should be a type of the kind's own.
    pub fn memo<T: 'static>(&self, work: impl FnOnce() -> T) -> Rc<T> {
        let id = std::any::TypeId::of::<T>();
        if let Some(m) = self.memos.borrow().get(&id).cloned()
            && let Ok(t) = m.downcast::<T>()
        {
            return t;
        }
        let t = Rc::new(work());
        self.memos.borrow_mut().insert(id, t.clone());
        t
    }

    /// The document's words and known names. Every rule of a set passes the same people.
    pub fn scan(&self, people: &reader::People) -> &reader::Scan<'a> {
        self.scan.get_or_init(|| {
            let text = self.doc.text();
            let vocab = &self.knowledge.vocabulary;
            match &self.reuse {
                Some(reuse) if text.len() <= reader::MAX_TOKENIZED => {
                    let readers = reader::Readers {
                        people,
                        starts: &self.shared.starts,
                        lexicons: self.shared.lexicons,
                    };
                    let (scan, openings, parts) =
                        reuse.borrow_mut().read(text, vocab, self.lines, &readers);
                    let _ = self.openings.set(openings);
                    let _ = self.parts.set(parts);
                    scan
                }
                _ => reader::Scan::new(text, people, vocab),
            }
        })
    }

    /// The surnames that two people of one item share ([`reader::Scan::namesakes`]), under
    /// this lexicon.
    pub fn namesakes(
        &self,
        people: &reader::People,
        lx: &LexiconRef,
    ) -> Cow<'_, FxHashSet<(usize, &'a str)>> {
        let scan = self.scan(people);
        let item_of = |at: usize| self.doc.item_index(at);
        let Some(cell) = self.namesakes.get(lx.id) else {
            return Cow::Owned(scan.namesakes(lx, &item_of));
        };
        Cow::Borrowed(cell.get_or_init(|| match self.parts.get() {
            Some(parts) => {
                let runs = parts.name_runs(scan.text, scan.vocab, lx, lx.id);
                reader::namesakes(scan.text, &runs, &item_of)
            }
            None => scan.namesakes(lx, &item_of),
        }))
    }

    /// Every title phrase of the document under this lexicon.
    pub fn phrases(&self, people: &reader::People, lx: &LexiconRef) -> Cow<'_, [reader::Phrase]> {
        match self.phrases.get(lx.id) {
            Some(cell) => Cow::Borrowed(cell.get_or_init(|| {
                let scan = self.scan(people);
                if let Some(parts) = self.parts.get() {
                    return parts.phrases(scan.text, scan.vocab, lx, lx.id);
                }
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
    /// Whether the finding rests on the story's date (a title on that day, the weekday of a
    /// date without a year, the day "today" names).
    pub dated: bool,
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
            dated: false,
        }
    }

    /// Caps the level (for findings that rest on an unverified fact).
    pub fn cap(mut self, level: super::Level) -> Self {
        self.cap = Some(level);
        self
    }

    /// Marks the finding as resting on the story's date.
    pub fn dated(mut self) -> Self {
        self.dated = true;
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
            dated: false,
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
            dated: false,
        }
    }
}

/// A whole-document check.
pub(crate) trait Check: Send + Sync {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>);
}

/// Builds one rule. Returns its kind and the kind's default contexts (applies inside
/// quotations, applies in headlines).
pub(crate) fn build(
    cx: &BuildCtx,
    mb: &mut matcher::Builder,
    checks: &mut Vec<(usize, Box<dyn Check>)>,
) -> Result<(Kind, bool, bool), RuleError> {
    let mut push = |c: Box<dyn Check>| checks.push((cx.index, c));
    let defaults = match &cx.spec.kind {
        KindSpec::Substitution(e) => {
            substitution::build(cx, e, mb)?;
            (false, false)
        }
        KindSpec::Existence(e) => {
            existence::build(cx, e, mb)?;
            (false, false)
        }
        KindSpec::Names(p) => {
            push(names::build(cx, &p.params, mb)?);
            (true, true)
        }
        KindSpec::Titles(c) => {
            push(titles::build(cx, c)?);
            (false, false)
        }
        KindSpec::Dateline(c) => {
            push(dateline::build(cx, c)?);
            (false, false)
        }
        KindSpec::Dates(c) => {
            push(dates::build(cx, c)?);
            (false, false)
        }
        KindSpec::Numbers(c) => {
            push(numbers::build(cx, c)?);
            (false, false)
        }
        KindSpec::Reference(c) => {
            push(reference::build(cx, c)?);
            (false, false)
        }
        // Quotation marks are punctuation mechanics: read inside quotations too.
        KindSpec::Punctuation(c) => {
            push(punctuation::build(cx, c)?);
            (true, false)
        }
        KindSpec::Usage(c) => {
            push(usage::build(cx, c)?);
            (false, false)
        }
    };
    Ok((cx.spec.kind(), defaults.0, defaults.1))
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use super::{CheckCtx, SharedIndex};
    use crate::document::{Document, DocumentOptions, Format};
    use crate::rules::Knowledge;

    #[test]
    fn a_memo_is_worked_out_once_per_type_and_check() {
        let doc = Document::new(
            "One “two” three.",
            &DocumentOptions {
                format: Format::Plain,
                date: None,
                today: jiff::civil::date(2025, 11, 26),
                committed: None,
            },
        );
        let (kb, shared) = (Knowledge::default(), SharedIndex::default());
        let cx = CheckCtx::new(&doc, &kb, &[], &shared);
        struct Marks(usize);
        struct Words(usize);
        let runs = Cell::new(0);
        let count = |c: char| {
            runs.set(runs.get() + 1);
            doc.text().matches(c).count()
        };
        assert_eq!(cx.memo(|| Marks(count('“'))).0, 1);
        assert_eq!(
            cx.memo(|| Marks(count('x'))).0,
            1,
            "the first reading stands"
        );
        assert_eq!(
            cx.memo(|| Words(count(' '))).0,
            2,
            "another type, another reading"
        );
        assert_eq!(runs.get(), 2);
        // A later check works it out again.
        let cx = CheckCtx::new(&doc, &kb, &[], &shared);
        assert_eq!(cx.memo(|| Marks(count('”'))).0, 1);
        assert_eq!(runs.get(), 3);
    }
}
