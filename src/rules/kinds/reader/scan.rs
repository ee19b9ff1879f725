//! A story read as words, known people and title phrases:
//!
//! ```text
//! [modifier] [qualifier…] TITLE NAME      former U.S. President Joe Biden
//! ```

use std::ops::Range;
use std::sync::Arc;

use super::lexicon::{Form, Lexicon, Modifier, Starts, title_prefix};
use super::people::{People, PersonHit};
use super::words::{Name, Tok, name_word, tokenize};
use crate::rules::vocabulary::Vocabulary;
use crate::text::{FxHashMap, FxHashSet, with_lowercase};

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
    pub form: Arc<Form>,
    /// Token indexes of the title's first and last words.
    pub toks: (usize, usize),
    pub name: Option<Name>,
    /// A capitalised word right before the title that is neither a qualifier nor a modifier
    /// (`Welfare` in "Welfare Minister"): the title names some office of its own.
    pub portfolio: Option<Range<usize>>,
}

fn shift(r: &Range<usize>, by: usize) -> Range<usize> {
    r.start + by..r.end + by
}

impl Phrase {
    /// The same phrase `by` bytes and `toks` words later (in a longer text that holds the one
    /// it was read in).
    pub fn shifted(&self, by: usize, toks: usize) -> Phrase {
        Phrase {
            start: self.start + by,
            modifier: self.modifier.as_ref().map(|(m, r)| (*m, shift(r, by))),
            qualifier: self.qualifier.as_ref().map(|r| shift(r, by)),
            title: shift(&self.title, by),
            elect: self.elect.as_ref().map(|r| shift(r, by)),
            form: self.form.clone(),
            toks: (self.toks.0 + toks, self.toks.1 + toks),
            name: self.name.as_ref().map(|n| n.shifted(by)),
            portfolio: self.portfolio.as_ref().map(|r| shift(r, by)),
        }
    }

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
    /// The words that are and are not parts of names.
    pub vocab: &'a Vocabulary,
    pub toks: Vec<Tok>,
    pub people: FxHashMap<usize, PersonHit>,
}

impl<'a> Scan<'a> {
    pub fn new(text: &'a str, people: &People, vocab: &'a Vocabulary) -> Self {
        Scan {
            text,
            vocab,
            toks: tokenize(text),
            people: people.find(text),
        }
    }

    /// The index of the word that starts at `offset`, if one does.
    pub fn tok_starting_at(&self, offset: usize) -> Option<usize> {
        self.toks.binary_search_by_key(&offset, |t| t.start()).ok()
    }

    pub fn tok(&self, i: usize) -> &'a str {
        let t = &self.toks[i];
        &self.text[t.range()]
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
        let t0 = self.toks[i].start() + skip;
        let mut n = 1;
        while n < lx.max_words.min(span) && i + n < self.toks.len() && self.toks[i + n].joined() {
            n += 1;
        }
        // The words from the title's start, one space apart (joined words are separated by
        // spaces only); short ASCII text is lowercased here, in a buffer on the stack.
        let word = |k: usize| {
            let t = &self.toks[i + k];
            &self.text[if k == 0 { t0 } else { t.start() }..t.end()]
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
            let mut end = lt.end();
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
            let mut title_end = lt.end();
            if found.is_none() && norm.ends_with('.') && elect.is_none() {
                found = lookup(&norm[..norm.len() - 1]);
                end -= 1;
                title_end = end;
            }
            let Some(form) = found else { continue };
            let mut p = Phrase {
                start: t0,
                modifier: prefix.map(|m| (m, self.toks[i].start()..t0)),
                qualifier: None,
                title: t0..title_end,
                elect,
                form: form.clone(),
                toks: (i, last),
                name: None,
                portfolio: None,
            };
            if title_end == lt.end() {
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
        let qend = self.toks[i].start();
        let mut n = 0;
        while self.toks[i].joined() && i > 0 && n < 3 {
            let w = self.tok(i - 1);
            if !lx.qualifiers.contains(w) {
                break;
            }
            i -= 1;
            n += 1;
            qstart = Some(self.toks[i].start());
        }
        if let Some(qs) = qstart {
            // Up to the end of the last qualifier word.
            let qe = self.toks[p.toks.0 - 1].end();
            debug_assert!(qe <= qend);
            p.qualifier = Some(qs..qe);
            p.start = qs;
        }
        let modifier = (self.toks[i].joined() && i > 0)
            .then(|| modifier(&self.tok(i - 1).to_lowercase()))
            .flatten();
        if let Some(m) = modifier {
            let t = &self.toks[i - 1];
            p.modifier = Some((m, t.range()));
            p.start = t.start();
        } else if qstart.is_none() {
            p.portfolio = self.portfolio_before(lx, i);
        }
    }

    /// The word before token `i` when it names the portfolio of a title: capitalised letters,
    /// joined to the title, and no qualifier, courtesy title or function word (nor a
    /// modifier: the caller has ruled that out).
    fn portfolio_before(&self, lx: &Lexicon, i: usize) -> Option<Range<usize>> {
        if i == 0 || !self.toks[i].joined() {
            return None;
        }
        let w = self.tok(i - 1);
        let capital = w.chars().next().is_some_and(char::is_uppercase);
        (capital
            && w.chars().all(char::is_alphabetic)
            && !lx.is_qualifier(w)
            && !self
                .vocab
                .title_function_words
                .contains(w.to_lowercase().as_str())
            && !self.vocab.courtesy.contains(w))
        .then(|| self.toks[i - 1].range())
    }

    /// A name starting at token `j` (joined to the previous word).
    pub fn name_at(&self, j: usize, lx: Option<&Lexicon>) -> Option<Name> {
        let t = self.toks.get(j)?;
        if !t.joined() {
            return None;
        }
        if let Some(h) = self.people.get(&t.start()) {
            // The token that ends where the person's name ends.
            let mut k = j;
            while k < self.toks.len() && self.toks[k].end() < h.end {
                k += 1;
            }
            let tk = self.toks.get(k)?;
            let tail = &self.text[h.end..tk.end()];
            // A short form followed by more of a name is someone else ("Elizabeth Warren").
            let more = !h.full
                && tail.is_empty()
                && self.toks.get(k + 1).is_some_and(|n| {
                    n.joined() && name_word(self.vocab, self.tok(k + 1)).is_some()
                });
            if !more && (tail.is_empty() || tail == "'s" || tail == "’s" || tail == ".") {
                let next = self.toks.get(k + 1);
                // "Donald Trump Jr." is someone else.
                let suffix = next
                    .is_some_and(|n| n.joined() && self.vocab.suffixes.contains(self.tok(k + 1)));
                if !suffix {
                    let last_start = self.text[t.start()..h.end]
                        .rfind(' ')
                        .map_or(t.start(), |p| t.start() + p + 1);
                    return Some(Name {
                        range: t.start()..h.end,
                        last: last_start..h.end,
                        person: Some(h.entity),
                        full: h.full,
                    });
                }
            }
        }
        let mut k = j;
        let mut end = t.start();
        let mut last = t.start()..t.start();
        let mut words = 0;
        while k < self.toks.len() && words < 5 {
            if k > j && !self.toks[k].joined() {
                break;
            }
            let w = self.tok(k);
            if self.vocab.particles.contains(w) && words > 0 {
                // Only inside a name: "Ursula von der Leyen".
                if self.toks.get(k + 1).is_some_and(|n| n.joined()) {
                    k += 1;
                    continue;
                }
                break;
            }
            let Some((len, ends)) = name_word(self.vocab, w) else {
                break;
            };
            let s = self.toks[k].start();
            if words > 0 && self.vocab.suffixes.contains(w) {
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
        let honorific = self.vocab.honorifics.contains(self.tok(j));
        let counted = if honorific { words - 1 } else { words };
        let full = counted >= 2
            && !matches!(self.tok(j), "Lord" | "Lady" | "Baroness" | "Baron")
            && !self.vocab.courtesy.contains(self.tok(j));
        // An initial cannot end a name.
        let lw = &self.text[last.clone()];
        if lw.len() <= 2 && lw.ends_with('.') {
            return None;
        }
        Some(Name {
            range: t.start()..end,
            last,
            person: None,
            full,
        })
    }

    /// The words where a title of some lexicon of `starts` may begin, in order (token indexes,
    /// which fit 32 bits as token offsets do).
    pub fn openings(&self, starts: &Starts) -> Vec<u32> {
        (0..self.toks.len())
            .filter(|&i| starts.may_open(self.tok(i)))
            .map(|i| i as u32)
            .collect()
    }

    /// [`Scan::phrases`], trying only `openings` (which hold every word where a title of `lx`
    /// may begin).
    pub fn phrases_at(&self, lx: &Lexicon, openings: &[u32]) -> Vec<Phrase> {
        let mut out = Vec::new();
        let mut next = 0;
        for i in openings.iter().map(|&i| i as usize) {
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

impl<'a> Scan<'a> {
    /// The surnames that two people of one item share (`item_of` gives an offset's item): a
    /// surname written after two different first names ("Tony Blair", "Cherie Blair"), or after
    /// courtesy titles of both sexes ("Mr Blair", "Mrs Blair"). A name's first word is the one
    /// after any title, honorific or courtesy title of the run of capitalised words.
    pub fn namesakes(
        &self,
        lx: &Lexicon,
        item_of: &dyn Fn(usize) -> usize,
    ) -> FxHashSet<(usize, &'a str)> {
        namesakes(self.text, &self.name_runs(lx), item_of)
    }

    /// What each run of joined name words says about its surname, in text order (the runs
    /// [`Scan::namesakes`] compares).
    pub fn name_runs(&self, lx: &Lexicon) -> Vec<NameRun> {
        let mut out = Vec::new();
        let mut i = 0;
        while i < self.toks.len() {
            // A run of joined name words, up to one that ends a name.
            let mut k = i;
            let mut ends = false;
            while k < self.toks.len() && (k == i || self.toks[k].joined()) && k - i < 6 && !ends {
                let Some((_, e)) = name_word(self.vocab, self.tok(k)) else {
                    break;
                };
                ends = e;
                k += 1;
            }
            if k - i < 2 {
                i = k.max(i + 1);
                continue;
            }
            let words: Vec<&'a str> = (i..k).map(|j| self.tok(j)).collect();
            let lt = &self.toks[k - 1];
            let last = super::words::strip_possessive(words[words.len() - 1]);
            let last = last.strip_suffix('.').unwrap_or(last);
            let last = lt.start()..lt.start() + last.len();
            let at = self.toks[i].start();
            // Where the name proper starts: after the last title, honorific or courtesy word.
            let mut from = 0;
            let mut sex = None;
            for (j, w) in words[..words.len() - 1].iter().enumerate() {
                if self.vocab.courtesy.contains(*w) {
                    from = j + 1;
                    sex = Some(w.starts_with("Mr") && !w.starts_with("Mrs"));
                } else if self.vocab.honorifics.contains(*w) || lx.lookup(w).is_some() {
                    from = j + 1;
                    sex = None;
                }
            }
            // After a courtesy title every word is the surname ("Mr De Vido").
            if let Some(male) = sex {
                if !w_is_plural_courtesy(words[from - 1]) {
                    out.push(NameRun {
                        at,
                        last,
                        said: Said::Sex(male),
                    });
                }
            } else if from < words.len() - 1 {
                let given: Vec<Range<usize>> = (i + from..k - 1)
                    .filter(|&j| {
                        let w = self.tok(j);
                        w.trim_end_matches('.').chars().count() > 1
                            && !self
                                .vocab
                                .title_function_words
                                .contains(w.to_lowercase().as_str())
                    })
                    .map(|j| self.toks[j].range())
                    .collect();
                if !given.is_empty() {
                    out.push(NameRun {
                        at,
                        last,
                        said: Said::Given(given),
                    });
                }
            }
            i = k;
        }
        out
    }
}

/// A run of joined name words, as [`Scan::namesakes`] compares it: where it starts, its surname,
/// and the sex of its courtesy title or its given names.
#[derive(Debug, Clone)]
pub(crate) struct NameRun {
    at: usize,
    last: Range<usize>,
    said: Said,
}

#[derive(Debug, Clone)]
enum Said {
    /// After a courtesy title: whether it is a man's.
    Sex(bool),
    /// The given names (not initials or function words: "Singer Courtney Love": Singer,
    /// Courtney).
    Given(Vec<Range<usize>>),
}

impl NameRun {
    /// The same run `by` bytes later.
    pub fn shifted(&self, by: usize) -> NameRun {
        NameRun {
            at: self.at + by,
            last: shift(&self.last, by),
            said: match &self.said {
                Said::Sex(m) => Said::Sex(*m),
                Said::Given(g) => Said::Given(g.iter().map(|r| shift(r, by)).collect()),
            },
        }
    }
}

/// [`Scan::namesakes`] from the name runs of `text`.
pub(crate) fn namesakes<'a>(
    text: &'a str,
    runs: &[NameRun],
    item_of: &dyn Fn(usize) -> usize,
) -> FxHashSet<(usize, &'a str)> {
    // Per surname, the given names of each full name.
    let mut firsts: FxHashMap<(usize, &'a str), Vec<Vec<&'a str>>> = FxHashMap::default();
    let mut sexes: FxHashMap<(usize, &'a str), FxHashSet<bool>> = FxHashMap::default();
    for run in runs {
        let key = (item_of(run.at), &text[run.last.clone()]);
        match &run.said {
            Said::Sex(male) => {
                sexes.entry(key).or_default().insert(*male);
            }
            Said::Given(given) => firsts
                .entry(key)
                .or_default()
                .push(given.iter().map(|r| &text[r.clone()]).collect()),
        }
    }
    firsts
        .into_iter()
        // Two full names with no given name in common are two people (the same given
        // names written again are compared once).
        .filter_map(|(k, mut names)| {
            names.sort_unstable();
            names.dedup();
            names
                .iter()
                .enumerate()
                .any(|(i, a)| {
                    names[i + 1..]
                        .iter()
                        .any(|b| !a.iter().any(|w| b.contains(w)))
                })
                .then_some(k)
        })
        .chain(
            sexes
                .into_iter()
                .filter(|(_, s)| s.len() > 1)
                .map(|(k, _)| k),
        )
        .collect()
}

/// The modifier a lowercased word before a title is ("former", "then", "acting").
fn modifier(lower: &str) -> Option<Modifier> {
    match lower {
        "former" | "ex" => Some(Modifier::Former),
        "then" => Some(Modifier::Then),
        "late" | "outgoing" | "acting" | "interim" | "retired" | "caretaker" | "incoming"
        | "deposed" | "ousted" | "slain" | "disgraced" => Some(Modifier::Other),
        _ => None,
    }
}

/// `Messrs.` and `Mmes.` name several people at once.
fn w_is_plural_courtesy(w: &str) -> bool {
    matches!(w, "Messrs." | "Messrs" | "Mmes." | "Mmes")
}

impl Scan<'_> {
    /// The start of the line holding `offset`.
    pub fn line_start(&self, offset: usize) -> usize {
        self.text[..offset].rfind('\n').map_or(0, |p| p + 1)
    }
}
