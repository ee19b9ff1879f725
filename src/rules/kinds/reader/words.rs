//! Words of a story as the title and reference checks read them: tokens with whether they
//! follow the previous word on the same phrase, capitals, and the words a person's name is made
//! of (initials, particles, suffixes, honorifics), with the capitalised words that are not.

use std::ops::Range;

use crate::rules::vocabulary::Vocabulary;
use crate::text::floor_char_boundary;

/// A word of the text: letters and digits with inner `.`, `'`, `’` and `-` (`U.S.`, `Sgt.`,
/// `then-President`, `Chen's`). [`Tok::joined`] says it follows the previous word after
/// nothing but spaces (no punctuation, no line break).
///
/// Eight bytes a word (a story has about one word in six bytes): its start, and its end with
/// the `joined` flag in the top bit. Offsets are below [`MAX_TOKENIZED`].
#[derive(Debug, Clone, Copy)]
pub(crate) struct Tok {
    start: u32,
    end_joined: u32,
}

const JOINED: u32 = 1 << 31;

/// Words are read in the first 2 GiB of a story (offsets must fit in 31 bits); a longer text's
/// tail is not read as words by the title and reference checks.
pub(crate) const MAX_TOKENIZED: usize = (JOINED - 1) as usize;

impl Tok {
    fn new(start: usize, end: usize, joined: bool) -> Self {
        debug_assert!(end <= MAX_TOKENIZED);
        Tok {
            start: start as u32,
            end_joined: end as u32 | if joined { JOINED } else { 0 },
        }
    }

    pub fn start(&self) -> usize {
        self.start as usize
    }

    pub fn end(&self) -> usize {
        (self.end_joined & !JOINED) as usize
    }

    /// Whether the word follows the previous one after nothing but spaces.
    pub fn joined(&self) -> bool {
        self.end_joined & JOINED != 0
    }

    pub fn range(&self) -> Range<usize> {
        self.start()..self.end()
    }

    /// The same word `by` bytes later (in a longer text that holds the one it was read in).
    pub fn shifted(self, by: usize) -> Tok {
        Tok::new(self.start() + by, self.end() + by, self.joined())
    }
}

pub(crate) fn tokenize(text: &str) -> Vec<Tok> {
    // The words of the first MAX_TOKENIZED bytes, cut at a character boundary.
    let text = &text[..floor_char_boundary(text, text.len().min(MAX_TOKENIZED))];
    // About one word in six bytes of news copy; a little more room than that saves doubling
    // the vector at its end.
    let mut out: Vec<Tok> = Vec::with_capacity(text.len() / 5 + 16);
    let word = |c: char| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-');
    let mut prev_end = 0;
    let bytes = text.as_bytes();
    // Whether the character at `i` is part of a word, and its length (ASCII without decoding).
    let class = |i: usize| -> (bool, usize) {
        let b = bytes[i];
        if b.is_ascii() {
            (
                b.is_ascii_alphanumeric() || matches!(b, b'.' | b'\'' | b'-'),
                1,
            )
        } else {
            let c = text[i..].chars().next().unwrap_or(' ');
            (word(c), c.len_utf8())
        }
    };
    let mut i = 0;
    while i < bytes.len() {
        let (is_word, len) = class(i);
        i += len;
        if !is_word {
            continue;
        }
        // A run of word characters from `s` to `i`.
        let s = i - len;
        while i < bytes.len() {
            let (is_word, len) = class(i);
            if !is_word {
                break;
            }
            i += len;
        }
        let raw = &text[s..i];
        // Most words start with a letter or digit and end with one.
        let core = if raw.as_bytes()[0].is_ascii_alphanumeric() {
            raw
        } else {
            raw.trim_start_matches(|c: char| !c.is_alphanumeric())
        };
        let lead = raw.len() - core.len();
        let core = if core
            .as_bytes()
            .last()
            .is_some_and(u8::is_ascii_alphanumeric)
        {
            core
        } else {
            core.trim_end_matches(['\'', '’', '-'])
        };
        if core.is_empty() {
            continue;
        }
        let (ts, te) = (s + lead, s + lead + core.len());
        let gap = &text[prev_end..ts];
        let joined = !out.is_empty()
            && (gap == " " || (!gap.is_empty() && gap.chars().all(|c| c == ' ' || c == '\u{a0}')));
        out.push(Tok::new(ts, te, joined));
        prev_end = te;
    }
    out
}

pub(crate) fn upper_initial(s: &str) -> bool {
    s.chars().next().is_some_and(char::is_uppercase)
}

pub(crate) fn lower_initial(s: &str) -> bool {
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

impl Name {
    /// The same name `by` bytes later.
    pub fn shifted(&self, by: usize) -> Name {
        Name {
            range: self.range.start + by..self.range.end + by,
            last: self.last.start + by..self.last.end + by,
            ..self.clone()
        }
    }
}

pub(crate) fn strip_possessive(w: &str) -> &str {
    w.strip_suffix("'s")
        .or_else(|| w.strip_suffix("’s"))
        .unwrap_or(w)
}

/// One word of a name, as written: `Ana`, `F.`, `O'Brien`, `Chen's` (possessive, ends the
/// name), `Chen.` (sentence end, ends the name).
pub(crate) fn name_word(v: &Vocabulary, w: &str) -> Option<(usize, bool)> {
    let base = strip_possessive(w);
    let possessive = base.len() != w.len();
    let mut cs = base.chars();
    let first = cs.next()?;
    if !first.is_uppercase() || v.not_name.contains(base) {
        return None;
    }
    // An initial.
    if base.len() == first.len_utf8() + 1 && base.ends_with('.') {
        return Some((base.len(), possessive));
    }
    let core = base.strip_suffix('.').unwrap_or(base);
    if core.chars().count() > 1
        && core.chars().all(|c| !c.is_lowercase())
        && !v.suffixes.contains(core)
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
    let ends = possessive || (base.ends_with('.') && !v.suffixes.contains(base));
    Some((if ends { core.len() } else { base.len() }, ends))
}

#[cfg(test)]
mod tests {
    use super::{MAX_TOKENIZED, Tok, tokenize};
    use proptest::prelude::*;

    /// The words of `text` read a character at a time: what [`tokenize`] reads faster.
    fn char_by_char(text: &str) -> Vec<(usize, usize, bool)> {
        let word = |c: char| c.is_alphanumeric() || matches!(c, '.' | '\'' | '’' | '-');
        let mut out: Vec<(usize, usize, bool)> = Vec::new();
        let (mut prev_end, mut start) = (0, None);
        for (i, c) in text.char_indices().chain([(text.len(), ' ')]) {
            if i < text.len() && word(c) {
                start.get_or_insert(i);
                continue;
            }
            let Some(s) = start.take() else { continue };
            let raw = &text[s..i];
            let core = raw.trim_start_matches(|c: char| !c.is_alphanumeric());
            let lead = raw.len() - core.len();
            let core = core.trim_end_matches(['\'', '’', '-']);
            if core.is_empty() {
                continue;
            }
            let (ts, te) = (s + lead, s + lead + core.len());
            let gap = &text[prev_end..ts];
            let joined = !out.is_empty()
                && !gap.is_empty()
                && gap.chars().all(|c| c == ' ' || c == '\u{a0}');
            out.push((ts, te, joined));
            prev_end = te;
        }
        out
    }

    proptest! {
        #[test]
        fn words_are_read_as_a_character_at_a_time(
            pieces in prop::collection::vec(prop::sample::select(vec![
                "a", "Zelenskyy", "U.S.", " ", "  ", "\u{a0}", "\n", ".", "'", "’", "-", ",",
                "“", "”", "—", "é", "3", "Ω", "日本", "👍", "'s", "-elect",
            ]), 0..40),
        ) {
            let text = pieces.concat();
            let got: Vec<(usize, usize, bool)> =
                tokenize(&text).iter().map(|t| (t.start(), t.end(), t.joined())).collect();
            prop_assert_eq!(got, char_by_char(&text));
        }
    }

    #[test]
    fn a_token_keeps_its_offsets_and_joined_flag_apart() {
        for (start, end, joined) in [(0, 3, false), (7, 12, true), (5, MAX_TOKENIZED, true)] {
            let t = Tok::new(start, end, joined);
            assert_eq!((t.start(), t.end(), t.joined()), (start, end, joined));
        }
        assert_eq!(std::mem::size_of::<Tok>(), 8);
    }

    #[test]
    fn words() {
        let toks = tokenize("then-President Donald Trump's “U.S.” plan, Sgt. Ruiz");
        let text = "then-President Donald Trump's “U.S.” plan, Sgt. Ruiz";
        let words: Vec<&str> = toks.iter().map(|t| &text[t.range()]).collect();
        assert_eq!(
            words,
            [
                "then-President",
                "Donald",
                "Trump's",
                "U.S.",
                "plan",
                "Sgt.",
                "Ruiz"
            ]
        );
        let joined: Vec<bool> = toks.iter().map(|t| t.joined()).collect();
        assert_eq!(joined, [false, true, true, false, false, false, true]);
    }
}
