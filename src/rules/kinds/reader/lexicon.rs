//! Title lexicons: every title a rule knows (the pack's `[[title]]` table, the offices of the
//! `[[term]]` table, a rule's own job titles), by lowercase spelling with its plural, and the
//! first words of titles with a cheap test that rules out most words of a story.

use std::sync::Arc;

use crate::rules::knowledge::Knowledge;
use crate::text::{FxHashMap, FxHashSet, with_lowercase};

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
pub(super) fn title_prefix(b: &[u8]) -> (Option<Modifier>, usize) {
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
    pub(super) fn rules_out(&self, first: &str, skip: usize) -> bool {
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
    pub(super) fn opens(&self, core: &str) -> bool {
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
    pub(super) fn may_open(&self, first: &str) -> bool {
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
    /// Shared with every phrase that reads one (a phrase holds its form, not a copy).
    pub(super) forms: FxHashMap<String, Arc<Form>>,
    pub(super) first_words: FirstWords,
    /// Per first word of a title (its first space-separated word), the most words a title
    /// starting with it has.
    pub(super) span: FxHashMap<String, usize>,
    pub(super) max_words: usize,
    /// Offices of the `[[term]]` table (lowercase).
    pub offices: FxHashSet<String>,
    pub(super) qualifiers: FxHashSet<String>,
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
        self.forms.entry(pl_key).or_insert_with(|| {
            Arc::new(Form {
                written: match f.written.rsplit_once(' ') {
                    Some((head, last)) => format!("{head} {}", plural(last)),
                    None => pl,
                },
                plural: true,
                ..f.clone()
            })
        });
        // A singular form always wins over another title's plural.
        match self.forms.get(&key) {
            Some(old) if !old.plural => {}
            _ => {
                self.forms.insert(key, Arc::new(f));
            }
        }
    }

    pub fn lookup(&self, s: &str) -> Option<&Arc<Form>> {
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
