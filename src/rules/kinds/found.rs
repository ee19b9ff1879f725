//! The matches of a check's pattern over a story, found once per check of the story for every
//! rule that searches with that pattern ([`CheckCtx::captures`]), and on a re-check taken from
//! each unchanged paragraph where the pattern cannot reach across a paragraph.
//!
//! A pattern reads paragraph by paragraph exactly as it reads the whole story when it cannot
//! match a line break, cannot match the empty string, and does not anchor at the start or end
//! of the text (`\A`, `\z`): each of its matches then lies inside one line, and what it looks
//! at around a match (a word boundary, a line start) is the same in the paragraph alone.
//!
//! [`CheckCtx::captures`]: super::CheckCtx::captures

use std::ops::Range;
use std::sync::{Arc, Mutex};

use regex::Regex;
use regex_syntax::hir::{Class, Hir, HirKind, Look};

use crate::text::{ByText, FxHashMap};

/// A group's place in a match: start and end, from the start of the text searched.
type Slot = Option<(usize, usize)>;

/// Every match of one pattern in a story: the group slots of each match, paragraph by
/// paragraph (each with where it starts in the story).
pub(crate) struct Found<'t> {
    text: &'t str,
    names: Arc<[Option<Box<str>>]>,
    parts: Vec<(usize, Arc<Vec<Slot>>)>,
}

/// One match.
#[derive(Clone, Copy)]
pub(crate) struct Caps<'f, 't> {
    text: &'t str,
    base: usize,
    slots: &'f [Slot],
    names: &'f [Option<Box<str>>],
}

/// A group of a match, as `regex::Match` gives it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Span<'t> {
    text: &'t str,
    start: usize,
    end: usize,
}

impl<'t> Span<'t> {
    pub fn start(&self) -> usize {
        self.start
    }
    pub fn end(&self) -> usize {
        self.end
    }
    pub fn range(&self) -> Range<usize> {
        self.start..self.end
    }
    pub fn len(&self) -> usize {
        self.end - self.start
    }
    pub fn as_str(&self) -> &'t str {
        &self.text[self.start..self.end]
    }
}

impl<'t> Caps<'_, 't> {
    /// Group `i` (0: the whole match).
    pub fn get(&self, i: usize) -> Option<Span<'t>> {
        let (s, e) = (*self.slots.get(i)?)?;
        Some(Span {
            text: self.text,
            start: self.base + s,
            end: self.base + e,
        })
    }

    /// The group named `name`.
    pub fn name(&self, name: &str) -> Option<Span<'t>> {
        let i = self.names.iter().position(|n| n.as_deref() == Some(name))?;
        self.get(i)
    }

    /// The whole match.
    pub fn whole(&self) -> Span<'t> {
        self.get(0).unwrap_or(Span {
            text: self.text,
            start: self.base,
            end: self.base,
        })
    }
}

impl<'t> Found<'t> {
    /// Every match of `re` in `text`, searched at once.
    pub fn whole(re: &Regex, text: &'t str) -> Self {
        Found {
            text,
            names: names(re),
            parts: vec![(0, Arc::new(search(re, text)))],
        }
    }

    /// The matches, in text order.
    pub fn iter(&self) -> impl Iterator<Item = Caps<'_, 't>> + '_ {
        let groups = self.names.len().max(1);
        self.parts.iter().flat_map(move |(base, slots)| {
            slots.chunks(groups).map(move |s| Caps {
                text: self.text,
                base: *base,
                slots: s,
                names: &self.names,
            })
        })
    }
}

fn names(re: &Regex) -> Arc<[Option<Box<str>>]> {
    re.capture_names().map(|n| n.map(Box::from)).collect()
}

/// The group slots of every match of `re` in `text`, one match after another.
fn search(re: &Regex, text: &str) -> Vec<Slot> {
    let mut out = Vec::new();
    for c in re.captures_iter(text) {
        out.extend(c.iter().map(|m| m.map(|m| (m.start(), m.end()))));
    }
    out
}

/// Whether `re` reads a text paragraph by paragraph as it reads it whole (see the module
/// notes).
pub(crate) fn by_paragraph(re: &Regex) -> bool {
    let Ok(hir) = regex_syntax::Parser::new().parse(re.as_str()) else {
        return false;
    };
    let props = hir.properties();
    props.minimum_len().is_some_and(|n| n > 0)
        && !props.look_set().contains(Look::Start)
        && !props.look_set().contains(Look::End)
        && !matches_newline(&hir)
}

fn matches_newline(hir: &Hir) -> bool {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => false,
        HirKind::Literal(l) => l.0.contains(&b'\n'),
        HirKind::Class(Class::Unicode(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= '\n' && '\n' <= r.end()),
        HirKind::Class(Class::Bytes(c)) => c
            .ranges()
            .iter()
            .any(|r| r.start() <= b'\n' && b'\n' <= r.end()),
        HirKind::Repetition(r) => matches_newline(&r.sub),
        HirKind::Capture(c) => matches_newline(&c.sub),
        HirKind::Concat(hs) | HirKind::Alternation(hs) => hs.iter().any(matches_newline),
    }
}

/// One paragraph's matches, per pattern (by its address, which stays put while the rule set
/// that holds it lives: a [`super::super::super::engine::Reuse`] starts afresh for another).
#[derive(Default)]
struct Piece {
    by_pattern: Mutex<FxHashMap<usize, Arc<Vec<Slot>>>>,
    /// Where the words of a list occur (see [`occurrences`]), with the list's key.
    words: Mutex<FxHashMap<u64, Occurrences>>,
    /// The paragraph's [`long_runs`], each with whether it is [`capitalised`].
    long_runs: std::sync::OnceLock<Vec<(u32, u32, bool)>>,
}

/// The runs of letters in `text` of at least `LONG_RUN` bytes, in text order. Runs of letters
/// never hold a line break, so a paragraph's runs are the story's runs there.
pub(crate) fn long_runs(text: &str) -> impl Iterator<Item = Range<usize>> + '_ {
    crate::text::alphabetic_runs(text).filter(|r| r.len() >= LONG_RUN)
}

/// The shortest run [`long_runs`] gives.
pub(crate) const LONG_RUN: usize = 7;

/// Whether a word is capitalised and seven letters or more: an uppercase letter, then only
/// lowercase ones.
pub(crate) fn capitalised(w: &str) -> bool {
    let mut chars = w.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.all(char::is_lowercase)
        && w.chars().count() >= 7
}

/// Where the words of a list occur: (index in the list, start).
type Occurrences = Arc<Vec<(usize, usize)>>;

/// Every place in `text` where one of `words` occurs, overlapping ones too: (index in `words`,
/// start), in order of where each ends. Words that hold no line break occur in a paragraph
/// exactly where they occur in the story.
pub(crate) fn occurrences(text: &str, words: &[&str]) -> Vec<(usize, usize)> {
    Words::new(words).find(text)
}

/// A list of words made ready to search for: a substring search each for a few, one
/// automaton for more (none when it cannot be built).
enum Words<'w> {
    Few(&'w [&'w str]),
    Many(Option<aho_corasick::AhoCorasick>),
}

impl<'w> Words<'w> {
    fn new(words: &'w [&'w str]) -> Self {
        if Words::few(words) {
            Words::Few(words)
        } else {
            Words::automaton(words)
        }
    }

    /// Whether `words` are searched for one by one.
    fn few(words: &[&str]) -> bool {
        words.len() <= 8 && words.iter().all(|w| !w.is_empty())
    }

    /// One automaton for all of `words`.
    fn automaton(words: &[&str]) -> Words<'static> {
        Words::Many(aho_corasick::AhoCorasick::new(words).ok())
    }

    fn find(&self, text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        match self {
            Words::Few(words) => {
                for (i, w) in words.iter().enumerate() {
                    let step = w.chars().next().map_or(1, char::len_utf8);
                    let mut at = 0;
                    while let Some(p) = text.get(at..).and_then(|t| t.find(w)) {
                        out.push((i, at + p));
                        at += p + step;
                    }
                }
                // In the automaton's order: by where each ends.
                out.sort_by_key(|&(i, s)| (s + words[i].len(), i));
            }
            Words::Many(Some(ac)) => out.extend(
                ac.find_overlapping_iter(text)
                    .map(|m| (m.pattern().as_usize(), m.start())),
            ),
            Words::Many(None) => {}
        }
        out
    }
}

/// The paragraphs searched before, by their text, and which patterns read by paragraph.
#[derive(Default)]
pub(crate) struct Pieces {
    read: ByText<Arc<Piece>>,
    by_paragraph: FxHashMap<usize, bool>,
    /// The lists of words searched for lately, made ready, by key: a re-check searches its
    /// changed paragraphs with the list it searched before.
    words: Automata,
}

/// Automata of lists of words, by the list's key.
#[derive(Default)]
pub(crate) struct Automata(FxHashMap<u64, Words<'static>>);

impl std::fmt::Debug for Pieces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("found::Pieces")
            .field("paragraphs", &self.read.len())
            .finish()
    }
}

/// The paragraphs of the story being checked, as searched.
pub(crate) struct Parts(Vec<(Range<usize>, Arc<Piece>)>);

impl Pieces {
    /// The paragraphs of `text` (lines when `lines`), taken from before where unchanged; only
    /// these are kept for next time.
    pub fn parts(&mut self, text: &str, lines: bool) -> Parts {
        let mut kept = ByText::default();
        let mut parts = Vec::new();
        for range in crate::rules::matcher::pieces(text, lines) {
            let piece_text = &text[range.clone()];
            let key = crate::text::text_key(piece_text);
            let (owned, piece) = match self.read.take(piece_text, key) {
                Some(found) => found,
                None => (Box::from(piece_text), Arc::new(Piece::default())),
            };
            kept.keep(key, owned, piece.clone());
            parts.push((range, piece));
        }
        self.read = kept;
        Parts(parts)
    }

    /// The automata of the lists searched for lately.
    pub fn automata(&mut self) -> &mut Automata {
        &mut self.words
    }

    /// Whether `re` reads by paragraph, worked out once per pattern.
    pub fn by_paragraph(&mut self, re: &Regex) -> bool {
        *self
            .by_paragraph
            .entry(re as *const Regex as usize)
            .or_insert_with(|| by_paragraph(re))
    }
}

impl Parts {
    /// [`occurrences`] of `words` (none with a line break) in `text`, paragraph by paragraph,
    /// taken from before for a paragraph searched with the same list.
    pub fn occurrences(
        &self,
        text: &str,
        words: &[&str],
        ready: &mut Automata,
    ) -> Vec<(usize, usize)> {
        let key = {
            use std::hash::{Hash, Hasher};
            let mut h = std::collections::hash_map::DefaultHasher::new();
            words.hash(&mut h);
            h.finish()
        };
        let mut out = Vec::new();
        for (range, piece) in &self.0 {
            let mut kept = piece.words.lock().unwrap_or_else(|p| p.into_inner());
            // A few lists at a time (each rule searches with its own); older ones go.
            if kept.len() >= 4 && !kept.contains_key(&key) {
                kept.clear();
            }
            let found = kept
                .entry(key)
                .or_insert_with(|| {
                    let piece_text = &text[range.clone()];
                    if Words::few(words) {
                        return Arc::new(Words::Few(words).find(piece_text));
                    }
                    // The automaton is kept for the paragraphs the next check reads again.
                    if ready.0.len() >= 4 && !ready.0.contains_key(&key) {
                        ready.0.clear();
                    }
                    let w = ready
                        .0
                        .entry(key)
                        .or_insert_with(|| Words::automaton(words));
                    Arc::new(w.find(piece_text))
                })
                .clone();
            out.extend(found.iter().map(|&(i, s)| (i, s + range.start)));
        }
        out
    }

    /// [`long_runs`] of `text` with whether each is [`capitalised`], paragraph by paragraph,
    /// each paragraph's taken from before.
    pub fn long_runs(&self, text: &str) -> Vec<(Range<usize>, bool)> {
        let mut out = Vec::new();
        for (range, piece) in &self.0 {
            let piece_text = &text[range.clone()];
            let runs = piece.long_runs.get_or_init(|| {
                long_runs(piece_text)
                    .map(|r| (r.start as u32, r.end as u32, capitalised(&piece_text[r])))
                    .collect()
            });
            let at = range.start;
            out.extend(
                runs.iter()
                    .map(|&(s, e, c)| (at + s as usize..at + e as usize, c)),
            );
        }
        out
    }

    /// Every match of `re` in `text`, paragraph by paragraph (`re` reads by paragraph).
    pub fn found<'t>(&self, re: &Regex, text: &'t str) -> Found<'t> {
        let id = re as *const Regex as usize;
        // What each paragraph kept, looked up once.
        let kept: Vec<Option<Arc<Vec<Slot>>>> = self
            .0
            .iter()
            .map(|(_, p)| {
                let map = p.by_pattern.lock().unwrap_or_else(|e| e.into_inner());
                map.get(&id).cloned()
            })
            .collect();
        let missing = kept.iter().filter(|k| k.is_none()).count();
        // Most paragraphs unread (a first check, a paste): one search of the whole text, its
        // matches dealt out to the paragraphs they lie in (each lies in one).
        if missing > self.0.len() / 4 {
            self.deal(re, text, id);
        }
        let parts = self
            .0
            .iter()
            .zip(kept)
            .map(|((range, piece), kept)| {
                let slots = kept.unwrap_or_else(|| {
                    let mut map = piece.by_pattern.lock().unwrap_or_else(|p| p.into_inner());
                    map.entry(id)
                        .or_insert_with(|| Arc::new(search(re, &text[range.clone()])))
                        .clone()
                });
                (range.start, slots)
            })
            .collect();
        Found {
            text,
            names: names(re),
            parts,
        }
    }

    /// Searches the whole text with `re` (number `id`) and keeps each paragraph's matches
    /// where it has none kept yet.
    fn deal(&self, re: &Regex, text: &str, id: usize) {
        let groups = re.captures_len().max(1);
        let all = search(re, text);
        let mut at = 0;
        for (range, piece) in &self.0 {
            let mut slots = Vec::new();
            while at < all.len() {
                let Some((s, _)) = all[at] else { break };
                if s >= range.end {
                    break;
                }
                slots.extend(
                    all[at..at + groups]
                        .iter()
                        .map(|g| g.map(|(a, b)| (a - range.start, b - range.start))),
                );
                at += groups;
            }
            let mut map = piece.by_pattern.lock().unwrap_or_else(|p| p.into_inner());
            map.entry(id).or_insert_with(|| Arc::new(slots));
        }
    }
}

#[cfg(test)]
mod tests {
    use regex::Regex;

    #[test]
    fn patterns_that_read_by_paragraph() {
        for p in [
            r"[0-9]+",
            r"(?-u:\b)([1-9])(?:st|nd|rd|th)(?-u:\b)",
            r"(?m)^[ \t]*\d",
            r"a[ \t]b",
        ] {
            assert!(super::by_paragraph(&Regex::new(p).unwrap()), "{p}");
        }
        for p in [
            r"\d+\s+percent",
            r"^\d",
            r"\d$",
            r"x*",
            r"[^a]",
            r"a\nb",
            r"(?s)a.b",
        ] {
            assert!(!super::by_paragraph(&Regex::new(p).unwrap()), "{p}");
        }
    }

    #[test]
    fn long_runs_by_paragraph_are_long_runs_whole() {
        let text = "Ferreira said\nFerriera, élégante Żółtowski\n\nshort words\r\nAbcdefg";
        let with_case = |t: &str| -> Vec<_> {
            super::long_runs(t)
                .map(|r| (r.clone(), super::capitalised(&t[r])))
                .collect()
        };
        let whole = with_case(text);
        for lines in [true, false] {
            let mut pieces = super::Pieces::default();
            assert_eq!(pieces.parts(text, lines).long_runs(text), whole);
            // Again, from what the paragraphs kept, after an edit to the first.
            let edited = text.replacen("said", "says", 1);
            assert_eq!(
                pieces.parts(&edited, lines).long_runs(&edited),
                with_case(&edited)
            );
        }
        let words: Vec<(&str, bool)> = whole.iter().map(|(r, c)| (&text[r.clone()], *c)).collect();
        assert_eq!(
            words,
            [
                ("Ferreira", true),
                ("Ferriera", true),
                ("élégante", false),
                ("Żółtowski", true),
                ("Abcdefg", true)
            ]
        );
    }

    #[test]
    fn occurrences_by_paragraph_are_occurrences_whole() {
        let text = "Ana Lopez met Ana Lopez-Diaz.\nLopez said Ana Lopez\n\nana lopez, Ana Lopez";
        for words in [
            vec!["Ana Lopez", "Lopez"],
            (0..10)
                .map(|_| "Ana Lopez")
                .chain(["Lopez"])
                .collect::<Vec<_>>(),
        ] {
            let whole = super::occurrences(text, &words);
            let mut pieces = super::Pieces::default();
            let parts = pieces.parts(text, true);
            let mut ready = super::Automata::default();
            assert_eq!(parts.occurrences(text, &words, &mut ready), whole);
            // Again, from what the paragraphs kept.
            assert_eq!(parts.occurrences(text, &words, &mut ready), whole);
            // After an edit, the changed paragraph searched with the automaton kept.
            let edited = text.replacen("met", "saw", 1);
            let parts = pieces.parts(&edited, true);
            assert_eq!(
                parts.occurrences(&edited, &words, &mut ready),
                super::occurrences(&edited, &words)
            );
            assert_eq!(
                whole.iter().filter(|&&(i, _)| words[i] == "Lopez").count(),
                5
            );
        }
    }

    #[test]
    fn found_by_paragraph_is_found_whole() {
        let re = Regex::new(r"(?P<n>[0-9]+)(?P<u>%)?").unwrap();
        let text = "5% of 10\n20 and 3%\n\nlast 7";
        let whole = super::Found::whole(&re, text);
        let mut pieces = super::Pieces::default();
        let parts = pieces.parts(text, true);
        let by = parts.found(&re, text);
        let rows = |f: &super::Found| {
            f.iter()
                .map(|c| {
                    (
                        c.whole().range(),
                        c.name("n").map(|s| s.as_str().to_string()),
                        c.name("u").is_some(),
                    )
                })
                .collect::<Vec<_>>()
        };
        assert_eq!(rows(&whole), rows(&by));
        assert_eq!(rows(&whole).len(), 5);
        assert_eq!(rows(&whole)[1], (6..8, Some("10".to_string()), false));
        // One line changed: it is searched again, the others are taken from before.
        let edited = "5% of 10\n21 and 3%\n\nlast 7";
        let parts = pieces.parts(edited, true);
        assert_eq!(
            rows(&parts.found(&re, edited)),
            rows(&super::Found::whole(&re, edited))
        );
    }
}
