//! `titles`: people's titles. Every check reads the text as title phrases, built once per rule
//! from the pack's `[[title]]` table and the offices of the `[[term]]` table:
//!
//! ```text
//! [modifier] [qualifier…] TITLE NAME      former U.S. President Joe Biden
//! ```
//!
//! - `current` (TI-008): a known person's title is checked against the office terms on the
//!   story's date (sitting, former, -elect, a title never held);
//! - `capitalize` (TI-001): a formal title before a full name is capitalised;
//! - `abbreviate` (TI-005/TI-006/TI-007): the house form of a title before a full name (`Sgt.`
//!   in AP, `Senator` in Reuters, never `Pres.`);
//! - `occupational` (TI-009): a job description before a name stays lowercase;
//! - `lowercase-after` (TI-002/TI-012): a title after a name or standing alone is lowercase;
//! - `modifiers` (TI-003/TI-004): `former`, `then-`, `-elect` and `state` stay lowercase;
//! - `courtesy` (TI-010): no Mr., Mrs., Ms. or Miss outside quotations.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::{Arc, LazyLock};

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, MatchKind};
use jiff::civil::Date;
use regex::Regex;
use serde::Deserialize;

use super::{BuildCtx, Candidate, Check, CheckCtx, LexiconRef};
use crate::document::Document;
use crate::finding::{Level, Safety};
use crate::rules::RuleError;
use crate::rules::knowledge::{Knowledge, Term};
use crate::rules::matcher::Builder as MatchBuilder;
use crate::rules::spec::{EntityKind, WithParams};
use crate::text::{FxHashMap, FxHashSet, with_lowercase};

// ---------------------------------------------------------------------------------------------
// Words
// ---------------------------------------------------------------------------------------------

/// A word of the text: letters and digits with inner `.`, `'`, `’` and `-` (`U.S.`, `Sgt.`,
/// `then-President`, `Chen's`). `joined` says it follows the previous word after nothing but
/// spaces (no punctuation, no line break).
#[derive(Debug, Clone)]
pub(crate) struct Tok {
    pub start: usize,
    pub end: usize,
    pub joined: bool,
}

pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 6);
    let mut start: Option<usize> = None;
    let word = |c: char| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-');
    let mut prev_end = 0;
    let bytes = text.as_bytes();
    let mut next = 0;
    while next <= text.len() {
        // Each character and its offset (ASCII without decoding), then a space at the end.
        let i = next;
        let is_word = match bytes.get(i) {
            None => false,
            Some(&b) if b.is_ascii() => {
                next += 1;
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'\'' | b'-')
            }
            Some(_) => {
                let c = text[i..].chars().next().unwrap_or(' ');
                next += c.len_utf8();
                word(c)
            }
        };
        if i == text.len() {
            next += 1;
        }
        if i < text.len() && is_word {
            start.get_or_insert(i);
            continue;
        }
        let Some(s) = start.take() else { continue };
        let raw = &text[s..i];
        let lead = raw.len() - raw.trim_start_matches(|c: char| !c.is_alphanumeric()).len();
        let core = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
        let core = core.trim_end_matches(['\'', '’', '-']);
        if core.is_empty() {
            continue;
        }
        let (ts, te) = (s + lead, s + lead + core.len());
        let gap = &text[prev_end..ts];
        let joined =
            !out.is_empty() && !gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}');
        out.push(Tok {
            start: ts,
            end: te,
            joined,
        });
        prev_end = te;
    }
    out
}

fn upper_initial(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

fn lower_initial(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_lowercase)
}

/// `s` with its first letter capitalised.
pub(crate) fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// Capitalised words that are not parts of a person's name.
const NOT_NAME: &[&str] = &[
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
    "Sunday",
    "January",
    "February",
    "March",
    "April",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
    "Jan.",
    "Feb.",
    "Aug.",
    "Sept.",
    "Oct.",
    "Nov.",
    "Dec.",
    "The",
    "A",
    "An",
    "I",
    "In",
    "On",
    "At",
    "For",
    "And",
    "But",
    "He",
    "She",
    "It",
    "They",
    "We",
    "This",
    "That",
    "Co.",
    "Co",
    "Corp.",
    "Corp",
    "Inc.",
    "Inc",
    "Ltd.",
    "Ltd",
    "LLC",
    "Group",
    "Company",
    "Motors",
    "Electric",
    "Mills",
    "Dynamics",
    "Assembly",
    "League",
    "Leagues",
    "Department",
    "Ministry",
    "Office",
    "Council",
    "Committee",
    "Court",
    "Party",
    "Act",
    "Bill",
    "Street",
    "Road",
    "Avenue",
    "Square",
    "Hospital",
    "University",
    "College",
    "School",
    "Church",
    "Airport",
    "Station",
    "Bank",
    "Fund",
    "Board",
    "Commission",
    "Agency",
    "Service",
    "Trust",
    "Who",
    "America",
    "Universe",
    "World",
    "Saigon",
    "Sunshine",
    "Magazine",
    "Prize",
    "Award",
    "Awards",
    "Cup",
    "Trophy",
    "Championship",
    "Open",
    "Games",
    "Day",
    "Week",
    "Year",
    "Union",
    "Unions",
    "Workers",
    "Initiative",
    "Corporation",
    "Investment",
    "Investments",
    "Finance",
    "Financial",
    "Label",
    "Distribution",
    "Equity",
    "Sector",
    "Health",
    "Care",
    "Insurance",
    "Security",
    "Practice",
    "Medical",
    "Services",
    "Holdings",
    "Partners",
    "Association",
    "Federation",
    "Institute",
    "Foundation",
    "Society",
    "Club",
    "Team",
    "Force",
    "Army",
    "Navy",
    "Police",
    "Staff",
    "Secretary",
    "Election",
    "Elections",
    "Accounting",
    "Counsel",
    "Manager",
    "Motor",
    "Hospitals",
    "Store",
    "Stores",
    "Products",
];

static NOT_NAMES: LazyLock<FxHashSet<&'static str>> =
    LazyLock::new(|| NOT_NAME.iter().copied().collect());

const PARTICLES: &[&str] = &[
    "de", "da", "di", "del", "della", "van", "von", "der", "den", "bin", "al", "el", "la", "le",
    "du", "dos", "das", "ter", "ibn",
];

const SUFFIXES: &[&str] = &["Jr.", "Sr.", "II", "III", "IV"];

/// Words before a name that are not part of it: with a surname alone ("Mr Greenspan", "Lord
/// Callaghan") they make no full name; "Sir John Bourn" is one.
const HONORIFICS: &[&str] = &[
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Messrs", "Messrs.", "Lord", "Lady",
    "Baroness", "Baron", "Sir", "Dame", "Dr", "Dr.",
];

/// A person's name after a title.
#[derive(Debug, Clone)]
pub(crate) struct Name {
    pub range: Range<usize>,
    /// The surname: the last word (without a possessive).
    pub last: Range<usize>,
    /// A known person, and whether the full name (not only the surname) was written.
    pub person: Option<usize>,
    pub full: bool,
}

fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

/// One word of a name, as written: `Ana`, `F.`, `O'Brien`, `Chen's` (possessive, ends the
/// name), `Chen.` (sentence end, ends the name).
fn name_word(w: &str) -> Option<(usize, bool)> {
    let base = strip_possessive(w);
    let possessive = base.len() != w.len();
    let mut cs = base.chars();
    let first = cs.next()?;
    if !first.is_uppercase() || NOT_NAMES.contains(base) {
        return None;
    }
    // An initial.
    if base.len() == first.len_utf8() + 1 && base.ends_with('.') {
        return Some((base.len(), possessive));
    }
    let core = base.strip_suffix('.').unwrap_or(base);
    if core.chars().count() > 1
        && core.chars().all(|c| !c.is_lowercase())
        && !SUFFIXES.contains(&core)
    {
        // NATO, FBI: not a name.
        if core.chars().filter(|c| c.is_alphabetic()).count() > 2 {
            return None;
        }
    }
    if !core
        .chars()
        .all(|c| c.is_alphabetic() || matches!(c, '\'' | '’' | '-' | '.'))
    {
        return None;
    }
    let ends = possessive || (base.ends_with('.') && !SUFFIXES.contains(&base));
    Some((if ends { core.len() } else { base.len() }, ends))
}

// ---------------------------------------------------------------------------------------------
// People
// ---------------------------------------------------------------------------------------------

/// Every spelling of every person in the names authority, in one automaton.
pub(crate) struct People {
    ac: Option<AhoCorasick>,
    /// Per pattern: entity, and whether it is a full-name form.
    forms: Vec<(usize, bool)>,
    /// Surname (any profile's short form) → the people who have it.
    pub by_short: HashMap<String, Vec<usize>>,
}

/// A known person's name in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PersonHit {
    pub end: usize,
    pub entity: usize,
    pub full: bool,
}

impl People {
    pub fn new(kb: &Knowledge) -> Self {
        let mut pats = Vec::new();
        let mut forms = Vec::new();
        let mut by_short: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in kb.entities.iter().enumerate() {
            if e.kind != EntityKind::Person {
                continue;
            }
            for f in std::iter::once(&e.name).chain(&e.other_full) {
                pats.push(f.clone());
                forms.push((i, true));
            }
            for s in e.short.iter().chain(&e.other_short) {
                pats.push(s.clone());
                forms.push((i, false));
                let v = by_short.entry(s.clone()).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        let mut b = AhoCorasickBuilder::new();
        b.match_kind(MatchKind::LeftmostLongest);
        let ac = crate::rules::matcher::build_automaton(&b, pats.iter().map(String::as_str)).ok();
        People {
            ac,
            forms,
            by_short,
        }
    }

    /// Known people's names in `text`, keyed by start offset (whole words only).
    pub fn find(&self, text: &str) -> HashMap<usize, PersonHit> {
        let mut out = HashMap::new();
        let Some(ac) = &self.ac else { return out };
        for m in ac.find_iter(text) {
            let r = m.start()..m.end();
            // Whole words, and not part of "O'Driscoll" or "Smith-Jones".
            let before = text[..r.start].chars().next_back();
            let after = text[r.end..].chars().next();
            if !crate::rules::matcher::whole_word(text, &r)
                || before.is_some_and(|c| matches!(c, '\'' | '’' | '-'))
                || after.is_some_and(|c| c == '-')
            {
                continue;
            }
            let (entity, full) = self.forms[m.pattern().as_usize()];
            out.insert(
                r.start,
                PersonHit {
                    end: r.end,
                    entity,
                    full,
                },
            );
        }
        out
    }
}

// ---------------------------------------------------------------------------------------------
// Titles
// ---------------------------------------------------------------------------------------------

/// One spelling of a title.
#[derive(Debug, Clone)]
pub(crate) struct Form {
    /// As the table writes it (`Sgt.`, `Prime Minister`).
    pub written: String,
    /// The spelled-out, capitalised title.
    pub name: String,
    /// The house abbreviation before a full name.
    pub abbrev: Option<String>,
    pub formal: bool,
    pub plural: bool,
    /// This spelling is an abbreviation (ends with a stop).
    pub is_abbrev: bool,
}

/// Lowercase first words of titles, with a cheap test that rules out most words of a text
/// before a lookup.
pub(crate) struct FirstWords {
    words: FxHashSet<String>,
    /// A bit per hash of a word's shape: its first three and last letters (up to ASCII case)
    /// and its length.
    shape: Vec<u64>,
}

const SHAPE_BITS: u32 = 16;

fn shape_bit(w: &[u8]) -> Option<usize> {
    let last = *w.last()?;
    let mut h = w.len() as u64;
    for &c in w.iter().take(3).chain([&last]) {
        h = (h << 8) | u64::from(c.to_ascii_lowercase());
    }
    usize::try_from(h.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - SHAPE_BITS)).ok()
}

/// A `then-` or `ex-` prefix of a word, and its length.
fn title_prefix(b: &[u8]) -> (Option<Modifier>, usize) {
    if b.len() >= 5 && b[..5].eq_ignore_ascii_case(b"then-") {
        (Some(Modifier::Then), 5)
    } else if b.len() >= 3 && b[..3].eq_ignore_ascii_case(b"ex-") {
        (Some(Modifier::Former), 3)
    } else {
        (None, 0)
    }
}

impl Default for FirstWords {
    fn default() -> Self {
        FirstWords {
            words: FxHashSet::default(),
            shape: vec![0; 1 << (SHAPE_BITS - 6)],
        }
    }
}

impl FirstWords {
    fn insert(&mut self, w: String) {
        if let Some(bit) = shape_bit(w.as_bytes()) {
            self.shape[bit >> 6] |= 1 << (bit & 63);
        }
        self.words.insert(w);
    }

    fn extend(&mut self, other: &FirstWords) {
        for w in &other.words {
            self.insert(w.clone());
        }
    }

    /// Whether `w` (ASCII, any case) lowercase may be one of the words; true for the empty word.
    fn may_hold(&self, w: &[u8]) -> bool {
        match shape_bit(w) {
            None => true,
            Some(bit) => self.shape[bit >> 6] & (1 << (bit & 63)) != 0,
        }
    }

    /// True when no title starts with the word `first` (after a prefix of `skip` bytes), known
    /// without a lookup; false when it may.
    fn rules_out(&self, first: &str, skip: usize) -> bool {
        // For ASCII words, the lowercase words `opens` tries have the same lengths and the
        // same letters up to case.
        if !first.is_ascii() {
            return false;
        }
        let core = &first.as_bytes()[skip..];
        let word = core.split(|&c| c == b'-').next().unwrap_or(core);
        let mut trimmed = word;
        while let [rest @ .., b'.'] = trimmed {
            trimmed = rest;
        }
        !self.may_hold(word)
            && (trimmed.len() == word.len() || !self.may_hold(trimmed))
            && (core.len() == word.len() || !self.may_hold(core))
    }

    /// Whether a title starts with `core`, a word (lowercase, without its prefix): its part
    /// before a hyphen (with or without stops) or all of it.
    fn opens(&self, core: &str) -> bool {
        let first_word = core.split('-').next().unwrap_or(core);
        let fw = first_word.trim_end_matches('.');
        self.words.contains(first_word)
            || (fw.len() != first_word.len() && self.words.contains(fw))
            || (core.len() != first_word.len() && self.words.contains(core))
    }
}

/// The first words of the titles of every lexicon of a rule set: where a title of any of
/// them may start is found once per document.
#[derive(Default)]
pub(crate) struct Starts {
    first_words: FirstWords,
}

impl Starts {
    pub fn new<'a>(lexicons: impl IntoIterator<Item = &'a Lexicon>) -> Self {
        let mut s = Starts::default();
        for lx in lexicons {
            s.first_words.extend(&lx.first_words);
        }
        s
    }

    /// Whether a title of some lexicon may start at this word: false only when none does.
    fn may_open(&self, first: &str) -> bool {
        let (_, skip) = title_prefix(first.as_bytes());
        if self.first_words.rules_out(first, skip) {
            return false;
        }
        with_lowercase(first, |lower| {
            self.first_words.opens(lower.get(skip..).unwrap_or(""))
        })
    }
}

/// Every title a rule knows, by lowercase spelling.
pub(crate) struct Lexicon {
    forms: FxHashMap<String, Form>,
    first_words: FirstWords,
    /// Per first word of a title (its first space-separated word), the most words a title
    /// starting with it has.
    span: FxHashMap<String, usize>,
    max_words: usize,
    /// Offices of the `[[term]]` table (lowercase).
    pub offices: FxHashSet<String>,
    qualifiers: FxHashSet<String>,
}

fn plural(s: &str) -> String {
    if let Some(stem) = s.strip_suffix('.') {
        return format!("{stem}s.");
    }
    if let Some(stem) = s.strip_suffix('y')
        && !stem.ends_with(['a', 'e', 'o', 'u'])
    {
        return format!("{stem}ies");
    }
    if let Some(stem) = s.strip_suffix("man") {
        return format!("{stem}men");
    }
    format!("{s}s")
}

impl Lexicon {
    /// The pack's titles, the term offices, and `extra` job titles (informal).
    pub fn new(kb: &Knowledge, extra: &[String], qualifiers: &[String]) -> Self {
        let mut lx = Lexicon {
            forms: FxHashMap::default(),
            first_words: FirstWords::default(),
            span: FxHashMap::default(),
            max_words: 1,
            offices: FxHashSet::default(),
            qualifiers: FxHashSet::default(),
        };
        for t in &kb.titles {
            let base = Form {
                written: t.name.clone(),
                name: t.name.clone(),
                abbrev: t.abbrev.clone(),
                formal: t.formal,
                plural: false,
                is_abbrev: false,
            };
            lx.add(base.clone());
            if let Some(a) = &t.abbrev {
                lx.add(Form {
                    written: a.clone(),
                    is_abbrev: a.ends_with('.'),
                    ..base.clone()
                });
            }
            for f in &t.forms {
                lx.add(Form {
                    written: f.clone(),
                    is_abbrev: f.ends_with('.'),
                    ..base.clone()
                });
            }
        }
        for t in &kb.terms {
            lx.offices.insert(t.office.to_lowercase());
            if !lx.forms.contains_key(&t.office.to_lowercase()) {
                lx.add(Form {
                    written: t.office.clone(),
                    name: t.office.clone(),
                    abbrev: None,
                    formal: true,
                    plural: false,
                    is_abbrev: false,
                });
            }
            if let Some(q) = &t.qualifier {
                lx.add_qualifier(q);
            }
        }
        for e in extra {
            if !lx.forms.contains_key(&e.to_lowercase()) {
                lx.add(Form {
                    written: e.clone(),
                    name: e.clone(),
                    abbrev: None,
                    formal: false,
                    plural: false,
                    is_abbrev: false,
                });
            }
        }
        for q in qualifiers {
            lx.add_qualifier(q);
        }
        for key in lx.forms.keys() {
            let mut words = key.split(' ');
            let first = words.next().unwrap_or("");
            let n = 1 + words.count();
            let m = lx.span.entry(first.to_string()).or_insert(0);
            *m = (*m).max(n);
        }
        lx
    }

    fn add_qualifier(&mut self, q: &str) {
        for w in q.split_whitespace() {
            self.qualifiers.insert(w.to_string());
        }
    }

    fn add(&mut self, f: Form) {
        let key = f.written.to_lowercase();
        let words = key.split(' ').count();
        self.max_words = self.max_words.max(words);
        if let Some(w) = key.split(' ').next() {
            self.first_words.insert(w.to_string());
            self.first_words.insert(plural(w));
        }
        let pl = plural(&f.written);
        // A plural of a one-word title, or of the last word of a longer one.
        let pl_key = match f.written.rsplit_once(' ') {
            Some((head, last)) => format!("{head} {}", plural(last)).to_lowercase(),
            None => pl.to_lowercase(),
        };
        self.forms.entry(pl_key).or_insert_with(|| Form {
            written: match f.written.rsplit_once(' ') {
                Some((head, last)) => format!("{head} {}", plural(last)),
                None => pl,
            },
            plural: true,
            ..f.clone()
        });
        // A singular form always wins over another title's plural.
        match self.forms.get(&key) {
            Some(old) if !old.plural => {}
            _ => {
                self.forms.insert(key, f);
            }
        }
    }

    pub fn lookup(&self, s: &str) -> Option<&Form> {
        with_lowercase(s, |l| self.forms.get(l))
    }

    pub fn is_qualifier(&self, w: &str) -> bool {
        self.qualifiers.contains(w)
    }

    /// Whether this office is one the term table tracks.
    pub fn tracked(&self, office: &str) -> bool {
        with_lowercase(office, |l| self.offices.contains(l))
    }
}

/// What comes before a title.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Modifier {
    /// former, ex-
    Former,
    /// then-, then
    Then,
    /// late, outgoing, acting, interim, retired, caretaker: no "former" needed.
    Other,
}

/// A title in the text, with what precedes and follows it.
#[derive(Debug, Clone)]
pub(crate) struct Phrase {
    /// The first token of the phrase (modifier, qualifier or title).
    pub start: usize,
    pub modifier: Option<(Modifier, Range<usize>)>,
    /// Qualifiers (`U.S.`, `French`) between the modifier and the title.
    pub qualifier: Option<Range<usize>>,
    /// The title as written (with any `-elect`, without a `then-` prefix).
    pub title: Range<usize>,
    /// The `-elect` suffix.
    pub elect: Option<Range<usize>>,
    pub form: Form,
    /// Token indexes of the title's first and last words.
    pub toks: (usize, usize),
    pub name: Option<Name>,
}

impl Phrase {
    /// The title without `-elect`.
    pub fn bare_title(&self) -> Range<usize> {
        match &self.elect {
            Some(e) => self.title.start..e.start,
            None => self.title.clone(),
        }
    }
}

/// A document read as words, titles and names.
pub(crate) struct Scan<'a> {
    pub text: &'a str,
    pub toks: Vec<Tok>,
    pub people: HashMap<usize, PersonHit>,
}

impl<'a> Scan<'a> {
    pub fn new(text: &'a str, people: &People) -> Self {
        Scan {
            text,
            toks: tokenize(text),
            people: people.find(text),
        }
    }

    pub fn tok(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.text[t.start..t.end]
    }

    /// The longest title starting at token `i`.
    pub fn title_at(&self, lx: &Lexicon, i: usize) -> Option<Phrase> {
        let first = self.tok(i);
        let (prefix, skip) = title_prefix(first.as_bytes());
        if lx.first_words.rules_out(first, skip) {
            return None;
        }
        let span = with_lowercase(first, |lower| {
            let first_core = lower.get(skip..).unwrap_or("");
            // A title of more than one word starts with the whole first word.
            lx.first_words
                .opens(first_core)
                .then(|| lx.span.get(first_core).copied().unwrap_or(1))
        })?;
        let t0 = self.toks[i].start + skip;
        let mut n = 1;
        while n < lx.max_words.min(span) && i + n < self.toks.len() && self.toks[i + n].joined {
            n += 1;
        }
        // The words from the title's start, one space apart (joined words are separated by
        // spaces only); short ASCII text is lowercased here, in a buffer on the stack.
        let word = |k: usize| {
            let t = &self.toks[i + k];
            &self.text[if k == 0 { t0 } else { t.start }..t.end]
        };
        let total = (0..n).map(|k| word(k).len()).sum::<usize>() + n - 1;
        let mut stack = [0u8; 128];
        let mut heap = String::new();
        let lowered = total <= stack.len() && (0..n).all(|k| word(k).is_ascii());
        let words: &str = if lowered {
            let mut at = 0;
            for k in 0..n {
                if k > 0 {
                    stack[at] = b' ';
                    at += 1;
                }
                let w = word(k).as_bytes();
                stack[at..at + w.len()].copy_from_slice(w);
                at += w.len();
            }
            stack[..at].make_ascii_lowercase();
            // ASCII is UTF-8.
            std::str::from_utf8(&stack[..at]).unwrap_or("")
        } else {
            for k in 0..n {
                if k > 0 {
                    heap.push(' ');
                }
                heap.push_str(word(k));
            }
            &heap
        };
        let lookup = |s: &str| {
            if lowered {
                lx.forms.get(s)
            } else {
                lx.lookup(s)
            }
        };
        let mut words_end = words.len();
        for k in (1..=n).rev() {
            let last = i + k - 1;
            let lt = &self.toks[last];
            let mut end = lt.end;
            let mut norm = &words[..words_end];
            words_end = words_end.saturating_sub(word(k - 1).len() + 1);
            let mut elect = None;
            let nb = norm.as_bytes();
            if nb.len() >= 6 && nb[nb.len() - 6..].eq_ignore_ascii_case(b"-elect") {
                elect = Some(end - 6..end);
                end -= 6;
                norm = &norm[..norm.len() - 6];
            }
            let mut found = lookup(norm);
            let mut title_end = lt.end;
            if found.is_none() && norm.ends_with('.') && elect.is_none() {
                found = lookup(&norm[..norm.len() - 1]);
                end -= 1;
                title_end = end;
            }
            let Some(form) = found else { continue };
            let mut p = Phrase {
                start: t0,
                modifier: prefix.map(|m| (m, self.toks[i].start..t0)),
                qualifier: None,
                title: t0..title_end,
                elect,
                form: form.clone(),
                toks: (i, last),
                name: None,
            };
            if title_end == lt.end {
                p.name = self.name_at(last + 1, Some(lx));
            }
            self.look_back(lx, &mut p);
            return Some(p);
        }
        None
    }

    /// Qualifiers and a modifier before the title.
    fn look_back(&self, lx: &Lexicon, p: &mut Phrase) {
        p.start = p.modifier.as_ref().map_or(p.title.start, |m| m.1.start);
        if p.modifier.is_some() {
            return;
        }
        let mut i = p.toks.0;
        let mut qstart = None;
        let qend = self.toks[i].start;
        let mut n = 0;
        while self.toks[i].joined && i > 0 && n < 3 {
            let w = self.tok(i - 1);
            if !lx.qualifiers.contains(w) {
                break;
            }
            i -= 1;
            n += 1;
            qstart = Some(self.toks[i].start);
        }
        if let Some(qs) = qstart {
            // Up to the end of the last qualifier word.
            let qe = self.toks[p.toks.0 - 1].end;
            debug_assert!(qe <= qend);
            p.qualifier = Some(qs..qe);
            p.start = qs;
        }
        if self.toks[i].joined && i > 0 {
            let w = self.tok(i - 1).to_lowercase();
            let m = match w.as_str() {
                "former" | "ex" => Some(Modifier::Former),
                "then" => Some(Modifier::Then),
                "late" | "outgoing" | "acting" | "interim" | "retired" | "caretaker"
                | "incoming" | "deposed" | "ousted" | "slain" | "disgraced" => {
                    Some(Modifier::Other)
                }
                _ => None,
            };
            if let Some(m) = m {
                let t = &self.toks[i - 1];
                p.modifier = Some((m, t.start..t.end));
                p.start = t.start;
            }
        }
    }

    /// A name starting at token `j` (joined to the previous word).
    pub fn name_at(&self, j: usize, lx: Option<&Lexicon>) -> Option<Name> {
        let t = self.toks.get(j)?;
        if !t.joined {
            return None;
        }
        if let Some(h) = self.people.get(&t.start) {
            // The token that ends where the person's name ends.
            let mut k = j;
            while k < self.toks.len() && self.toks[k].end < h.end {
                k += 1;
            }
            let tk = self.toks.get(k)?;
            let tail = &self.text[h.end..tk.end];
            // A short form followed by more of a name is someone else ("Elizabeth Warren").
            let more = !h.full
                && tail.is_empty()
                && self
                    .toks
                    .get(k + 1)
                    .is_some_and(|n| n.joined && name_word(self.tok(k + 1)).is_some());
            if !more && (tail.is_empty() || tail == "'s" || tail == "’s" || tail == ".") {
                let next = self.toks.get(k + 1);
                // "Donald Trump Jr." is someone else.
                let suffix = next.is_some_and(|n| n.joined && SUFFIXES.contains(&self.tok(k + 1)));
                if !suffix {
                    let last_start = self.text[t.start..h.end]
                        .rfind(' ')
                        .map_or(t.start, |p| t.start + p + 1);
                    return Some(Name {
                        range: t.start..h.end,
                        last: last_start..h.end,
                        person: Some(h.entity),
                        full: h.full,
                    });
                }
            }
        }
        let mut k = j;
        let mut end = t.start;
        let mut last = t.start..t.start;
        let mut words = 0;
        while k < self.toks.len() && words < 5 {
            if k > j && !self.toks[k].joined {
                break;
            }
            let w = self.tok(k);
            if PARTICLES.contains(&w) && words > 0 {
                // Only inside a name: "Ursula von der Leyen".
                if self.toks.get(k + 1).is_some_and(|n| n.joined) {
                    k += 1;
                    continue;
                }
                break;
            }
            let Some((len, ends)) = name_word(w) else {
                break;
            };
            let s = self.toks[k].start;
            if words > 0 && SUFFIXES.contains(&w) {
                end = s + len;
                break;
            }
            // A title is not a first name ("Justice Secretary Shabana Mahmood").
            if words == 0 && lx.is_some_and(|lx| lx.lookup(w).is_some()) {
                return None;
            }
            end = s + len;
            last = s..s + len;
            words += 1;
            k += 1;
            if ends {
                break;
            }
        }
        if words == 0 {
            return None;
        }
        // "Sir John Bourn" has two name words; "Lord Callaghan" and "Mr Greenspan" one.
        let honorific = HONORIFICS.contains(&self.tok(j));
        let counted = if honorific { words - 1 } else { words };
        let full = counted >= 2
            && !matches!(self.tok(j), "Lord" | "Lady" | "Baroness" | "Baron")
            && !COURTESY.contains(&self.tok(j));
        // An initial cannot end a name.
        let lw = &self.text[last.clone()];
        if lw.len() <= 2 && lw.ends_with('.') {
            return None;
        }
        Some(Name {
            range: t.start..end,
            last,
            person: None,
            full,
        })
    }

    /// The words where a title of some lexicon of `starts` may begin, in order.
    pub fn openings(&self, starts: &Starts) -> Vec<usize> {
        (0..self.toks.len())
            .filter(|&i| starts.may_open(self.tok(i)))
            .collect()
    }

    /// [`Scan::phrases`], trying only `openings` (which hold every word where a title of `lx`
    /// may begin).
    pub fn phrases_at(&self, lx: &Lexicon, openings: &[usize]) -> Vec<Phrase> {
        let mut out = Vec::new();
        let mut next = 0;
        for &i in openings {
            if i < next {
                continue;
            }
            if let Some(p) = self.title_at(lx, i) {
                next = p.toks.1 + 1;
                out.push(p);
            }
        }
        out
    }

    /// Every title phrase in the text, in order (a phrase's words are not scanned again).
    pub fn phrases(&self, lx: &Lexicon) -> Vec<Phrase> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            match self.title_at(lx, i) {
                Some(p) => {
                    i = p.toks.1 + 1;
                    out.push(p);
                }
                None => i += 1,
            }
        }
        out
    }
}

/// Whether a title as written names this office of the term table: the same words, or the
/// head of a compound office (`Secretary` for `Defense Secretary` or `Secretary of State`,
/// `Speaker` for `House Speaker`) but not a different rank (`President` is not
/// `Vice President`).
pub(crate) fn office_matches(title: &str, office: &str) -> bool {
    let norm = |s: &str| s.replace('-', " ").to_lowercase();
    let (t, o) = (norm(title), norm(office));
    if t == o {
        return true;
    }
    if let Some(head) = o.strip_suffix(&t)
        && let Some(head) = head.strip_suffix(' ')
    {
        let prev = head.rsplit(' ').next().unwrap_or("");
        return !matches!(
            prev,
            "vice"
                | "deputy"
                | "prime"
                | "chief"
                | "crown"
                | "supreme"
                | "associate"
                | "assistant"
                | "under"
                | "lieutenant"
                | "majority"
                | "minority"
        );
    }
    o.strip_prefix(&t).is_some_and(|r| r.starts_with(" of "))
}

// ---------------------------------------------------------------------------------------------
// The checks
// ---------------------------------------------------------------------------------------------

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// Qualifiers dropped with a wrong "former": the home country (`U.S.`, `American`).
    #[serde(default)]
    drop_qualifiers: Vec<String>,
    /// More qualifier words than the term table gives (`US`, `UK`).
    #[serde(default)]
    qualifiers: Vec<String>,
    /// Titles whose holders keep them after leaving (monarchs, popes): no "former" asked.
    #[serde(default)]
    keep_after: Vec<String>,
    /// `capitalize`: write the house abbreviation when capitalising before a full name.
    #[serde(default)]
    abbreviate: bool,
    /// `abbreviate`: no finding when this pattern matches the text right before the title.
    #[serde(default)]
    unless_prev: Option<String>,
    /// Titles whose rule rests on an unverified fact (findings at most `info`).
    #[serde(default)]
    unverified: Vec<String>,
    /// `lowercase-after`: job titles beyond the title table (`Chief Executive`).
    #[serde(default)]
    also: Vec<String>,
    /// `modifiers`: words before a title that stay lowercase.
    #[serde(default)]
    words: Vec<String>,
    /// `courtesy`: the courtesy titles.
    #[serde(default)]
    courtesy: Vec<String>,
    /// `abbreviate`: only these titles (default: all).
    #[serde(default)]
    titles: Vec<String>,
    /// `capitalize`: titles too often lowercase job words to capitalise ("captain" of a team).
    #[serde(default)]
    skip: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    Current,
    Capitalize,
    Abbreviate,
    Occupational,
    LowercaseAfter,
    Modifiers,
    Courtesy,
}

/// The checks of the kind, as `check = "…"` selects them; they share one parameter table.
#[derive(Debug, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub(crate) enum TitlesCheck {
    Current(WithParams<Params>),
    Capitalize(WithParams<Params>),
    Abbreviate(WithParams<Params>),
    Occupational(WithParams<Params>),
    LowercaseAfter(WithParams<Params>),
    Modifiers(WithParams<Params>),
    Courtesy(WithParams<Params>),
}

/// What a title check holds, compiled once.
pub(crate) struct Titles {
    rule: usize,
    which: Which,
    lx: LexiconRef,
    people: Arc<People>,
    drop_qualifiers: Vec<String>,
    keep_after: Vec<String>,
    abbreviate: bool,
    unless_prev: Option<Regex>,
    unverified: Vec<String>,
    words: Vec<String>,
    courtesy: Vec<String>,
    only: Vec<String>,
    skip: Vec<String>,
}

pub(crate) fn build(cx: &BuildCtx, check: &TitlesCheck) -> Result<Box<dyn Check>, RuleError> {
    let (which, p) = match check {
        TitlesCheck::Current(p) => (Which::Current, &p.params),
        TitlesCheck::Capitalize(p) => (Which::Capitalize, &p.params),
        TitlesCheck::Abbreviate(p) => (Which::Abbreviate, &p.params),
        TitlesCheck::Occupational(p) => (Which::Occupational, &p.params),
        TitlesCheck::LowercaseAfter(p) => (Which::LowercaseAfter, &p.params),
        TitlesCheck::Modifiers(p) => (Which::Modifiers, &p.params),
        TitlesCheck::Courtesy(p) => (Which::Courtesy, &p.params),
    };
    let p = p.clone();
    let unless_prev = p
        .unless_prev
        .as_deref()
        .map(|s| MatchBuilder::regex(&format!("(?:{s})$")))
        .transpose()
        .map_err(|e| cx.error(format!("params.unless_prev: {e}")))?;
    let mut qualifiers = p.qualifiers.clone();
    qualifiers.extend(p.drop_qualifiers.iter().cloned());
    let courtesy = if p.courtesy.is_empty() {
        [
            "Mr.", "Mrs.", "Ms.", "Miss", "Mr", "Mrs", "Ms", "Messrs.", "Mmes.",
        ]
        .map(String::from)
        .to_vec()
    } else {
        p.courtesy
    };
    let words = if p.words.is_empty() {
        ["former", "then", "ex"].map(String::from).to_vec()
    } else {
        p.words
    };
    Ok(Box::new(Titles {
        rule: cx.index,
        which,
        lx: cx.shared.lexicon(cx.knowledge, &p.also, &qualifiers),
        people: cx.shared.people(cx.knowledge),
        drop_qualifiers: p.drop_qualifiers,
        keep_after: p.keep_after,
        abbreviate: p.abbreviate,
        unless_prev,
        unverified: p.unverified,
        words,
        courtesy,
        only: p.titles,
        skip: p.skip,
    }))
}

impl Check for Titles {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let scan = cx.scan(&self.people);
        if self.which == Which::Courtesy {
            self.courtesy(cx.doc, scan, out);
            return;
        }
        let phrases = cx.phrases(&self.people, &self.lx);
        for p in phrases.iter() {
            match self.which {
                Which::Current => {
                    if let Some(c) = self.current(cx, scan, p) {
                        out.push(c);
                    }
                }
                Which::Capitalize => self.capitalize(cx, scan, p, out),
                Which::Abbreviate => self.abbreviate(scan, p, out),
                Which::Occupational => self.occupational(cx.doc, scan, p, out),
                Which::LowercaseAfter => self.lowercase_after(cx.doc, scan, p, out),
                Which::Modifiers => self.modifiers(cx, scan, p, out),
                Which::Courtesy => {}
            }
        }
    }
}

/// What the term table says about a title before a person's name on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// Correct as written.
    Fine,
    /// Unknown: no data for that time.
    Unknown,
    /// Sitting: drop "former".
    DropFormer,
    /// Out of office: add "former".
    AddFormer,
    /// Between election and inauguration: add "-elect".
    AddElect,
    /// In office: drop "-elect".
    DropElect,
    /// A title the person did not hold; the title they hold (or held) instead, and whether
    /// that one is former.
    NotHeld(Option<(String, bool)>),
}

impl Titles {
    fn unverified_title(&self, name: &str) -> bool {
        self.unverified.iter().any(|u| u.eq_ignore_ascii_case(name))
    }

    /// The person a phrase names, when a known one.
    fn entity_of(&self, kb: &Knowledge, p: &Phrase) -> Option<usize> {
        let name = p.name.as_ref()?;
        let e = name.person?;
        if name.full {
            return Some(e);
        }
        // A surname: the one person of that surname who held this title.
        let short = &kb.entities[e];
        let cands: Vec<usize> = short
            .short
            .iter()
            .chain(&short.other_short)
            .filter_map(|s| self.people.by_short.get(s))
            .flatten()
            .copied()
            .filter(|&c| {
                kb.terms_of(c)
                    .any(|t| office_matches(&p.form.name, &t.office))
            })
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        (cands.len() == 1).then(|| cands[0])
    }

    /// TI-008: the title against the terms on the story's date, and whether the verdict
    /// rests on an unverified fact.
    pub(crate) fn verdict(
        &self,
        kb: &Knowledge,
        p: &Phrase,
        entity: usize,
        date: Date,
        full: bool,
    ) -> (Verdict, bool) {
        let terms: Vec<&Term> = kb.terms_of(entity).collect();
        // Before the first term the table knows of, the table says nothing.
        let Some(first) = terms
            .iter()
            .map(|t| t.elected.unwrap_or(t.start).min(t.start))
            .min()
        else {
            return (Verdict::Unknown, false);
        };
        if date < first || p.form.plural {
            return (Verdict::Unknown, false);
        }
        let title = &p.form.name;
        let matching: Vec<&Term> = terms
            .iter()
            .copied()
            .filter(|t| office_matches(title, &t.office))
            .collect();
        let holds = matching.iter().find(|t| t.holds_on(date));
        let elect = matching
            .iter()
            .find(|t| t.elected.is_some_and(|e| e <= date) && date < t.start);
        let ended = matching.iter().rfind(|t| t.end.is_some_and(|e| e <= date));
        let keeps = self
            .keep_after
            .iter()
            .any(|k| k.eq_ignore_ascii_case(title));
        let modifier = p.modifier.as_ref().map(|m| m.0);
        if !matching.is_empty() {
            return match (modifier, &p.elect) {
                (Some(Modifier::Former), None) => match holds {
                    Some(t) => (Verdict::DropFormer, t.unverified),
                    None => (Verdict::Fine, false),
                },
                (Some(_), _) => (Verdict::Fine, false),
                (None, Some(_)) => match (holds, elect) {
                    (Some(t), None) => (Verdict::DropElect, t.unverified),
                    _ => (Verdict::Fine, false),
                },
                (None, None) => match (holds, elect, ended) {
                    (Some(_), _, _) => (Verdict::Fine, false),
                    (None, Some(t), _) => (Verdict::AddElect, t.unverified),
                    (None, None, Some(t)) if !keeps => (Verdict::AddFormer, t.unverified),
                    _ => (Verdict::Unknown, false),
                },
            };
        }
        // A title never held: only with a full name, only for an office the table tracks, and
        // only when the person holds (or held) another tracked office instead.
        if !full || !self.lx.tracked(title) || !matches!(modifier, None | Some(Modifier::Former)) {
            return (Verdict::Unknown, false);
        }
        let now = terms.iter().find(|t| t.holds_on(date));
        let before = terms.iter().rfind(|t| t.end.is_some_and(|e| e <= date));
        match (now, before) {
            (Some(t), _) => (
                Verdict::NotHeld(Some((t.office.clone(), false))),
                t.unverified,
            ),
            (None, Some(t)) => (
                Verdict::NotHeld(Some((t.office.clone(), true))),
                t.unverified,
            ),
            _ => (Verdict::Unknown, false),
        }
    }

    fn current(&self, cx: &CheckCtx, scan: &Scan, p: &Phrase) -> Option<Candidate> {
        let kb = cx.knowledge;
        let name = p.name.as_ref()?;
        let e = self.entity_of(kb, p)?;
        let (v, unverified) = self.verdict(kb, p, e, cx.doc.date(), name.full);
        let text = scan.text;
        let written_title = &text[p.bare_title()];
        // A lowercase title takes the capital it should have.
        let title = if written_title.chars().any(char::is_uppercase) {
            written_title.to_string()
        } else {
            p.form.name.clone()
        };
        let name_text = &text[name.range.clone()];
        let qual = p.qualifier.as_ref().map(|q| &text[q.clone()]);
        let sentence_start = cx.doc.is_sentence_start(p.start);
        let former = if sentence_start { "Former" } else { "former" };
        let kept_qual = qual.filter(|q| {
            !self
                .drop_qualifiers
                .iter()
                .any(|d| q.split_whitespace().any(|w| w == d))
        });
        let with_qual = |t: &str| match qual {
            Some(q) => format!("{q} {t} {name_text}"),
            None => format!("{t} {name_text}"),
        };
        let whole = p.start..name.range.end;
        let person = &kb.entities[e].name;
        let (range, replacement, message): (Range<usize>, Option<String>, String) = match v {
            Verdict::Fine | Verdict::Unknown => return None,
            Verdict::DropFormer => {
                let r = match kept_qual {
                    Some(q) => format!("{q} {title} {name_text}"),
                    None => format!("{title} {name_text}"),
                };
                let r = if sentence_start { capitalise(&r) } else { r };
                (
                    whole,
                    Some(r),
                    format!(
                        "{person} holds this office on the story's date ({}); drop “former”.",
                        cx.doc.date()
                    ),
                )
            }
            Verdict::AddFormer => {
                let r = format!("{former} {}", with_qual(&title));
                (
                    whole,
                    Some(r),
                    format!(
                        "{person} no longer holds this office on the story's date ({}); write “former”.",
                        cx.doc.date()
                    ),
                )
            }
            Verdict::AddElect => {
                let r = with_qual(&format!("{title}-elect"));
                let r = if sentence_start { capitalise(&r) } else { r };
                (
                    whole,
                    Some(r),
                    format!(
                        "{person} is elected but not yet in office on the story's date ({}).",
                        cx.doc.date()
                    ),
                )
            }
            Verdict::DropElect => {
                let r = with_qual(&title);
                (
                    whole,
                    Some(r),
                    format!(
                        "{person} is in office on the story's date ({}); drop “-elect”.",
                        cx.doc.date()
                    ),
                )
            }
            Verdict::NotHeld(instead) => {
                let (range, rep, msg) = match instead {
                    Some((office, was)) => {
                        let t = if was {
                            format!("{former} {office}")
                        } else {
                            office.clone()
                        };
                        let tr = p.bare_title();
                        // A "former" before the wrong title goes with it.
                        let range = match &p.modifier {
                            Some((_, m)) => m.start..tr.end,
                            None => tr,
                        };
                        (
                            range,
                            Some(t.clone()),
                            format!(
                                "{person} did not hold the title “{written_title}” on the story's date ({}); the title is “{t}”.",
                                cx.doc.date()
                            ),
                        )
                    }
                    None => (
                        whole,
                        None,
                        format!("{person} did not hold the title “{written_title}”."),
                    ),
                };
                let mut c = match rep {
                    Some(r) => Candidate::replace(self.rule, range, r, Safety::Review, None),
                    None => Candidate::bare(self.rule, range),
                }
                .message(msg)
                .cap(Level::Warning);
                if unverified || kb.entities[e].unverified {
                    c = c.cap(Level::Info);
                }
                return Some(c);
            }
        };
        let mut c = match replacement {
            Some(r) => Candidate::replace(self.rule, range, r, Safety::Review, None),
            None => Candidate::bare(self.rule, range),
        }
        .message(message);
        if unverified {
            c = c.cap(Level::Info);
        }
        Some(c)
    }

    /// Whether the `current` check speaks about this phrase (other checks then stay silent).
    fn current_fires(&self, cx: &CheckCtx, p: &Phrase) -> bool {
        let Some(name) = &p.name else { return false };
        let Some(e) = self.entity_of(cx.knowledge, p) else {
            return false;
        };
        !matches!(
            self.verdict(cx.knowledge, p, e, cx.doc.date(), name.full).0,
            Verdict::Fine | Verdict::Unknown
        )
    }

    /// The house spelling of a title before a name.
    fn house_title(&self, scan: &Scan, p: &Phrase, full: bool) -> String {
        let f = &p.form;
        let t = match (&f.abbrev, full) {
            (Some(a), true) => a.clone(),
            _ => f.name.clone(),
        };
        // "the Rev.": no second "the".
        match t.strip_prefix("the ") {
            Some(rest) if p.toks.0 > 0 && scan.tok(p.toks.0 - 1).eq_ignore_ascii_case("the") => {
                rest.to_string()
            }
            _ => t,
        }
    }

    /// TI-001: a lowercase formal title before a full name.
    fn capitalize(&self, cx: &CheckCtx, scan: &Scan, p: &Phrase, out: &mut Vec<Candidate>) {
        let Some(name) = &p.name else { return };
        if !p.form.formal || !name.full || p.form.plural || self.skipped(&p.form.name) {
            return;
        }
        let text = scan.text;
        let written = &text[p.bare_title()];
        let wants = &p.form.written;
        let lower_where_upper = written
            .split_whitespace()
            .zip(wants.split_whitespace())
            .any(|(w, f)| lower_initial(w) && upper_initial(f));
        if !lower_where_upper {
            return;
        }
        let i = p.toks.0;
        if i > 0 && scan.toks[i].joined {
            let prev = scan.tok(i - 1);
            let lower = prev.to_lowercase();
            // "shadow chancellor", "deputy minister": another post.
            if matches!(
                lower.as_str(),
                "shadow" | "deputy" | "junior" | "assistant" | "associate" | "vice" | "under"
            ) {
                return;
            }
            // A lowercase word right before may be part of the title ("welfare minister",
            // "club president"): only after function words and verbs.
            if p.qualifier.is_none()
                && p.modifier.is_none()
                && lower_initial(prev)
                && !FUNCTION_WORDS.contains(&prev)
                && !prev.ends_with("ed")
            {
                return;
            }
        }
        if self.current_fires(cx, p) {
            return;
        }
        let blocked = self.prev_blocks(scan, p);
        let mut t = if self.abbreviate && !blocked {
            self.house_title(scan, p, true)
        } else {
            p.form.name.clone()
        };
        if let Some(e) = &p.elect {
            t.push_str(&text[e.clone()].to_lowercase());
        }
        let range = p.title.start..name.range.end;
        let rep = format!("{t}{}", &text[p.title.end..name.range.end]);
        out.push(Candidate::replace(
            self.rule,
            range,
            rep,
            Safety::Safe,
            None,
        ));
    }

    fn skipped(&self, title: &str) -> bool {
        self.skip.iter().any(|s| s.eq_ignore_ascii_case(title))
    }

    /// Whether `unless_prev` matches the text before the phrase.
    fn prev_blocks(&self, scan: &Scan, p: &Phrase) -> bool {
        self.unless_prev
            .as_ref()
            .is_some_and(|re| re.is_match(&scan.text[scan.line_start(p.title.start)..p.start]))
    }

    /// TI-005/TI-006/TI-007: the house form of a title before a full name.
    fn abbreviate(&self, scan: &Scan, p: &Phrase, out: &mut Vec<Candidate>) {
        let Some(name) = &p.name else { return };
        let f = &p.form;
        if !f.formal
            || f.plural
            || p.elect.is_some()
            || !self.only.is_empty() && !self.only.contains(&f.name)
        {
            return;
        }
        let text = scan.text;
        let written = &text[p.title.clone()];
        if !upper_initial(written) || written != f.written {
            return;
        }
        let want = if f.is_abbrev && f.abbrev.as_deref() != Some(written) {
            // An abbreviation the house spells out (Pres., or Sen. in Reuters copy).
            f.name.clone()
        } else if !f.is_abbrev && f.abbrev.is_some() && name.full {
            self.house_title(scan, p, true)
        } else {
            return;
        };
        if want == written {
            return;
        }
        if self.prev_blocks(scan, p) {
            return;
        }
        let range = p.title.start..name.range.end;
        let rep = format!("{want}{}", &text[p.title.end..name.range.end]);
        let mut c = Candidate::replace(self.rule, range, rep, Safety::Safe, None);
        if self.unverified_title(&f.name) {
            c = c.cap(Level::Info);
        }
        out.push(c);
    }

    /// TI-009: an occupational description before a name is lowercase.
    fn occupational(&self, doc: &Document, scan: &Scan, p: &Phrase, out: &mut Vec<Candidate>) {
        let Some(name) = &p.name else { return };
        let f = &p.form;
        // A surname alone may be a character or a film ("Coach Carter").
        if f.formal || !name.full {
            return;
        }
        let text = scan.text;
        let written = &text[p.title.clone()];
        let mut want = if f.is_abbrev {
            f.name.to_lowercase()
        } else {
            written.to_lowercase()
        };
        if doc.is_sentence_start(p.title.start) {
            want = capitalise(&want);
        }
        if want == written {
            return;
        }
        let range = p.title.start..name.range.end;
        let rep = format!("{want}{}", &text[p.title.end..name.range.end]);
        let mut c = Candidate::replace(self.rule, range, rep, Safety::Safe, None);
        if self.unverified_title(&f.name) {
            c = c.cap(Level::Info);
        }
        out.push(c);
    }

    /// TI-002/TI-012: a title after a name (set off by commas) or standing alone is lowercase:
    /// "the Prime Minister", "Starmer, the Prime Minister,", "Tanaka, Kanto's President and
    /// Chief Executive,". A title before a name is left to the other checks.
    fn lowercase_after(&self, doc: &Document, scan: &Scan, p: &Phrase, out: &mut Vec<Candidate>) {
        let text = scan.text;
        let (i, last) = p.toks;
        if p.name.is_some()
            || p.form.is_abbrev
            || p.form.plural
            || self
                .keep_after
                .iter()
                .any(|k| k.eq_ignore_ascii_case(&p.form.name))
            || doc.is_sentence_start(p.title.start)
        {
            return;
        }
        let written = &text[p.title.clone()];
        if !written.split_whitespace().any(upper_initial) {
            return;
        }
        // What comes before: "the", or a name and a comma (", Kanto's", ", ").
        // Words are in order and do not overlap.
        let Some(b) = scan
            .toks
            .partition_point(|t| t.end <= p.start)
            .checked_sub(1)
        else {
            return;
        };
        let first = match scan.toks.partition_point(|t| t.start < p.start) {
            k if k < scan.toks.len() => k,
            _ => i,
        };
        let joined = scan.toks[first].joined;
        let bw = scan.tok(b);
        let after_name = |k: usize| -> bool {
            // Token k follows ", " and a capitalised word.
            k > 0
                && !scan.toks[k].joined
                && text[scan.toks[k - 1].end..scan.toks[k].start].trim() == ","
                && upper_initial(scan.tok(k - 1))
        };
        let of_follows = scan
            .toks
            .get(last + 1)
            .is_some_and(|n| n.joined && matches!(scan.tok(last + 1), "of" | "for"));
        let ok = if joined && bw.eq_ignore_ascii_case("the") {
            // Not a name or a work: "the Office of the Deputy Prime Minister", "The Return
            // of the King".
            !(b >= 2
                && scan.toks[b].joined
                && scan.toks[b - 1].joined
                && matches!(scan.tok(b - 1).to_lowercase().as_str(), "of" | "for")
                && upper_initial(scan.tok(b - 2)))
        } else if joined && upper_initial(bw) && (bw.ends_with("'s") || bw.ends_with("’s")) {
            after_name(b)
        } else {
            // "Ian Macfarlane, Governor of the Reserve Bank" (not a list of surnames).
            after_name(first) && of_follows
        };
        if !ok {
            return;
        }
        // A chain of titles: "President and Chief Executive".
        let mut end = p.title.end;
        let mut k = last + 1;
        while k + 1 < scan.toks.len()
            && scan.toks[k].joined
            && scan.toks[k + 1].joined
            && matches!(scan.tok(k), "and" | "&")
        {
            let Some(q) = scan.title_at(&self.lx, k + 1) else {
                break;
            };
            if q.name.is_some() || q.modifier.is_some() {
                break;
            }
            end = q.title.end;
            k = q.toks.1 + 1;
        }
        // Nothing capitalised follows (that would be a name or an organisation).
        if let Some(n) = scan.toks.get(k)
            && n.joined
            && upper_initial(scan.tok(k))
        {
            return;
        }
        let found = &text[p.title.start..end];
        let rep = lower_title(found);
        if rep == found {
            return;
        }
        out.push(Candidate::replace(
            self.rule,
            p.title.start..end,
            rep,
            Safety::Safe,
            None,
        ));
    }

    /// TI-003/TI-004: `former`, `then-`, `-elect`, `state` before a title stay lowercase.
    fn modifiers(&self, cx: &CheckCtx, scan: &Scan, p: &Phrase, out: &mut Vec<Candidate>) {
        let text = scan.text;
        if !p.form.formal {
            return;
        }
        if let Some(e) = &p.elect {
            let w = &text[e.clone()];
            if w != "-elect" && !self.current_fires(cx, p) {
                out.push(Candidate::replace(
                    self.rule,
                    e.clone(),
                    "-elect",
                    Safety::Safe,
                    None,
                ));
            }
        }
        let mut cands: Vec<Range<usize>> = Vec::new();
        if let Some((_, m)) = &p.modifier {
            cands.push(m.clone());
        }
        // "State Sen.": the word right before the title.
        if p.modifier.is_none()
            && p.toks.0 > 0
            && scan.toks[p.toks.0].joined
            && scan.tok(p.toks.0 - 1) == "State"
            && matches!(
                p.form.name.as_str(),
                "Senator" | "Representative" | "Assemblyman" | "Assemblywoman" | "Delegate"
            )
        {
            let t = &scan.toks[p.toks.0 - 1];
            let before_cap = p.toks.0 > 1
                && scan.toks[p.toks.0 - 1].joined
                && upper_initial(scan.tok(p.toks.0 - 2));
            if !before_cap {
                cands.push(t.start..t.end);
            }
        }
        for m in cands {
            let w = &text[m.clone()];
            let core = w.trim_end_matches('-');
            if !upper_initial(core)
                || !(self.words.iter().any(|x| x.eq_ignore_ascii_case(core)) || core == "State")
            {
                continue;
            }
            if cx.doc.is_sentence_start(m.start) || self.current_fires(cx, p) {
                continue;
            }
            let rep = w.to_lowercase();
            let mut c = Candidate::replace(self.rule, m, rep, Safety::Safe, None);
            if self.unverified.iter().any(|u| u.eq_ignore_ascii_case(core)) {
                c = c.cap(Level::Info);
            }
            out.push(c);
        }
    }

    /// TI-010: no courtesy titles.
    fn courtesy(&self, _doc: &Document, scan: &Scan, out: &mut Vec<Candidate>) {
        let text = scan.text;
        let mut surnames: Option<HashSet<&str>> = None;
        for (i, t) in scan.toks.iter().enumerate() {
            let w = &text[t.start..t.end];
            if !self.courtesy.iter().any(|c| c == w) {
                continue;
            }
            // "Mr. and Mrs. Smith": leave it.
            if i >= 2
                && scan.tok(i - 1) == "and"
                && self.courtesy.iter().any(|c| c == scan.tok(i - 2))
            {
                continue;
            }
            let Some(next) = scan.toks.get(i + 1) else {
                continue;
            };
            if !next.joined {
                continue;
            }
            let Some(name) = scan.name_at(i + 1, Some(&self.lx)) else {
                continue;
            };
            // Forms of address ("Mr. President") and characters ("Mr. Bean") stay.
            let first = &text[next.start..next.end];
            let surname = &text[name.last.clone()];
            if self.lx.lookup(first).is_some()
                || self.lx.lookup(surname).is_some()
                || NOT_SURNAME.contains(&surname)
            {
                continue;
            }
            if w == "Miss" {
                // "Miss America": only a surname the story gives with a first name.
                let set = surnames.get_or_insert_with(|| full_name_surnames(scan));
                if !set.contains(&text[name.last.clone()]) {
                    continue;
                }
            }
            out.push(Candidate::replace(
                self.rule,
                t.start..name.last.end,
                surname,
                Safety::Safe,
                None,
            ));
        }
    }
}

/// Words after which a lowercase title is not part of a longer description.
const FUNCTION_WORDS: &[&str] = &[
    "said",
    "says",
    "told",
    "including",
    "by",
    "with",
    "and",
    "or",
    "to",
    "for",
    "from",
    "as",
    "between",
    "among",
    "after",
    "before",
    "when",
    "while",
    "like",
    "against",
    "on",
    "at",
    "of",
    "that",
    "than",
    "but",
    "under",
    "met",
    "meets",
    "meeting",
    "called",
    "asked",
    "urged",
    "backed",
    "joined",
    "led",
    "named",
    "where",
    "who",
    "whom",
    "is",
    "was",
    "were",
    "are",
    "by",
    "via",
    "about",
    "if",
    "because",
    "since",
    "until",
    "then",
    "also",
    "both",
    "nor",
];

const COURTESY: &[&str] = &[
    "Mr", "Mr.", "Mrs", "Mrs.", "Ms", "Ms.", "Miss", "Messrs", "Messrs.",
];

const NOT_SURNAME: &[&str] = &["Bean", "Men", "Big", "Right", "T", "Blobby", "Motivator"];

/// Last words of capitalised two- and three-word names in the story.
fn full_name_surnames<'t>(scan: &Scan<'t>) -> HashSet<&'t str> {
    let mut out = HashSet::new();
    let text = scan.text;
    for (i, t) in scan.toks.iter().enumerate() {
        if !t.joined || i == 0 {
            continue;
        }
        let (a, b) = (scan.tok(i - 1), &text[t.start..t.end]);
        if name_word(a).is_some()
            && name_word(b).is_some()
            && !matches!(a, "Miss" | "Mr" | "Mrs" | "Ms" | "Mr." | "Mrs." | "Ms.")
        {
            out.insert(strip_possessive(b).trim_end_matches('.'));
        }
    }
    out
}

/// A title in lowercase, but for the proper noun of "of the Exchequer".
fn lower_title(found: &str) -> String {
    let mut out = Vec::new();
    let mut after_of_the = false;
    let mut prev = "";
    for w in found.split(' ') {
        if after_of_the && upper_initial(w) {
            out.push(w.to_string());
        } else {
            out.push(w.to_lowercase());
        }
        let l = w.to_lowercase();
        after_of_the = (l == "the" && prev == "of") || (after_of_the && upper_initial(w));
        prev = if l == "of" { "of" } else { "" };
    }
    out.join(" ")
}

impl Scan<'_> {
    /// The start of the line holding `offset`.
    pub fn line_start(&self, offset: usize) -> usize {
        self.text[..offset].rfind('\n').map_or(0, |p| p + 1)
    }
}

#[cfg(test)]
mod tests;
