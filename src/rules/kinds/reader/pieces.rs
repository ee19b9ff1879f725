//! A story's reading kept paragraph by paragraph, so that a later version of the story (the
//! editor's, after an edit) reads again only the paragraphs that changed.
//!
//! Words, known people and title phrases never reach across a paragraph: a word after a line
//! break is not joined to the one before it, and every phrase and name is made of joined words.
//! So a paragraph read alone gives the words, people and phrases that reading the whole story
//! gives there, and the story's reading is its paragraphs' readings one after another.

use std::ops::Range;
use std::sync::{Arc, OnceLock};

use super::lexicon::{Lexicon, Starts};
use super::people::{People, PersonHit};
use super::scan::{NameRun, Phrase, Scan};
use super::words::{Tok, tokenize};
use crate::rules::matcher::pieces;
use crate::rules::vocabulary::Vocabulary;
use crate::text::{ByText, FxHashMap};

/// One paragraph read alone: offsets from its start, word indexes from its first word.
struct Piece {
    toks: Vec<Tok>,
    /// Known people by start, in text order.
    people: Vec<(usize, PersonHit)>,
    /// The words where a title of some lexicon may start.
    openings: Vec<u32>,
    /// Title phrases and runs of name words per lexicon, read when a check first asks.
    phrases: Vec<OnceLock<Vec<Phrase>>>,
    runs: Vec<OnceLock<Vec<NameRun>>>,
}

/// The paragraphs of the story read before, by their text.
#[derive(Default)]
pub(crate) struct Pieces {
    read: ByText<Arc<Piece>>,
}

impl std::fmt::Debug for Pieces {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Pieces")
            .field("paragraphs", &self.read.len())
            .finish()
    }
}

/// The paragraphs of the story being checked, with where each starts (byte and word).
pub(crate) struct Parts(Vec<(usize, usize, Range<usize>, Arc<Piece>)>);

/// What reading a paragraph needs from the rule set.
pub(crate) struct Readers<'a> {
    pub people: &'a People,
    pub starts: &'a Starts,
    pub lexicons: usize,
}

impl Piece {
    fn read(text: &str, r: &Readers) -> Piece {
        let toks = tokenize(text);
        let mut people = Vec::new();
        r.people.each(text, |at, hit| people.push((at, hit)));
        let openings = (0..toks.len())
            .filter(|&i| r.starts.may_open(&text[toks[i].range()]))
            .map(|i| i as u32)
            .collect();
        Piece {
            toks,
            people,
            openings,
            phrases: (0..r.lexicons).map(|_| OnceLock::new()).collect(),
            runs: (0..r.lexicons).map(|_| OnceLock::new()).collect(),
        }
    }
}

impl Pieces {
    /// The reading of `text` (paragraphs are lines when `lines`), from the paragraphs read
    /// before where their text is unchanged; the paragraphs read now are kept for next time,
    /// and no others.
    pub fn read<'a>(
        &mut self,
        text: &'a str,
        vocab: &'a Vocabulary,
        lines: bool,
        r: &Readers,
    ) -> (Scan<'a>, Vec<u32>, Parts) {
        let mut kept = ByText::default();
        let mut parts = Vec::new();
        let mut toks = Vec::with_capacity(text.len() / 5 + 16);
        let mut people = FxHashMap::default();
        let mut openings = Vec::new();
        for range in pieces(text, lines) {
            let at = range.start;
            let piece_text = &text[range.clone()];
            let key = crate::text::text_key(piece_text);
            let (owned, piece) = match self.read.take(piece_text, key) {
                Some((owned, piece)) => (owned, piece),
                None => (Box::from(piece_text), Arc::new(Piece::read(piece_text, r))),
            };
            let base = toks.len();
            toks.extend(piece.toks.iter().map(|t| t.shifted(at)));
            for (s, h) in &piece.people {
                people.insert(
                    s + at,
                    PersonHit {
                        end: h.end + at,
                        ..*h
                    },
                );
            }
            openings.extend(piece.openings.iter().map(|&i| i + base as u32));
            kept.keep(key, owned, piece.clone());
            parts.push((at, base, range, piece));
        }
        self.read = kept;
        let scan = Scan {
            text,
            vocab,
            toks,
            people,
        };
        (scan, openings, Parts(parts))
    }
}

impl Piece {
    /// The paragraph (`text`) read alone.
    fn scan<'a>(&self, text: &'a str, vocab: &'a Vocabulary) -> Scan<'a> {
        Scan {
            text,
            vocab,
            toks: self.toks.clone(),
            people: self.people.iter().copied().collect(),
        }
    }
}

impl Parts {
    /// The title phrases of lexicon `lx` (number `id`) in the story, paragraph by paragraph.
    pub fn phrases(&self, text: &str, vocab: &Vocabulary, lx: &Lexicon, id: usize) -> Vec<Phrase> {
        let mut out = Vec::new();
        for (at, base, range, piece) in &self.0 {
            let Some(cell) = piece.phrases.get(id) else {
                continue;
            };
            let phrases = cell.get_or_init(|| {
                piece
                    .scan(&text[range.clone()], vocab)
                    .phrases_at(lx, &piece.openings)
            });
            out.extend(phrases.iter().map(|p| p.shifted(*at, *base)));
        }
        out
    }

    /// The runs of name words under lexicon `lx` (number `id`), paragraph by paragraph.
    pub fn name_runs(
        &self,
        text: &str,
        vocab: &Vocabulary,
        lx: &Lexicon,
        id: usize,
    ) -> Vec<NameRun> {
        let mut out = Vec::new();
        for (at, _, range, piece) in &self.0 {
            let Some(cell) = piece.runs.get(id) else {
                continue;
            };
            let runs = cell.get_or_init(|| piece.scan(&text[range.clone()], vocab).name_runs(lx));
            out.extend(runs.iter().map(|r| r.shifted(*at)));
        }
        out
    }
}
