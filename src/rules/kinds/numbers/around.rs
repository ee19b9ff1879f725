//! What the number checks read around a figure: the words and tokens before and after it, a
//! figure's value, and a capitalised label before it ("Interstate 25").

use std::collections::HashSet;
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

use serde::Deserialize;

use crate::document::Document;

pub(super) static DIGITS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]+").expect("valid regex"));

pub(super) fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}'
}

/// The offset past spaces (not line breaks) from `at`.
pub(super) fn skip_ws(text: &str, at: usize) -> usize {
    at + text[at..].len() - text[at..].trim_start_matches(is_space).len()
}

/// The offset before spaces (not line breaks) ending at `at`.
pub(super) fn skip_ws_back(text: &str, at: usize) -> usize {
    text[..at].trim_end_matches(is_space).len()
}

/// The end of `phrase` when `text[at..]` starts with it (ASCII case-insensitively) and it ends
/// at a word boundary.
pub(super) fn eat(text: &str, at: usize, phrase: &str) -> Option<usize> {
    let end = at + phrase.len();
    let got = text.get(at..end)?;
    if !got.eq_ignore_ascii_case(phrase) {
        return None;
    }
    let last_word = phrase
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric);
    if last_word
        && text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    Some(end)
}

/// The start of `phrase` when `text[..at]` ends with it at a word boundary.
pub(super) fn eat_back(text: &str, at: usize, phrase: &str) -> Option<usize> {
    let start = at.checked_sub(phrase.len())?;
    let got = text.get(start..at)?;
    if !got.eq_ignore_ascii_case(phrase) {
        return None;
    }
    let first_word = phrase.chars().next().is_some_and(char::is_alphanumeric);
    if first_word
        && text[..start]
            .chars()
            .next_back()
            .is_some_and(char::is_alphanumeric)
    {
        return None;
    }
    Some(start)
}

/// The word (run of non-space characters) after the spaces at `at`, on the same line.
pub(super) fn next_token(text: &str, at: usize) -> Option<Range<usize>> {
    let s = skip_ws(text, at);
    let len = text[s..]
        .find(|c: char| c.is_whitespace())
        .unwrap_or(text.len() - s);
    (len > 0).then_some(s..s + len)
}

/// The word (run of non-space characters) before the spaces ending at `at`, on the same line.
pub(super) fn prev_token(text: &str, at: usize) -> Option<Range<usize>> {
    let e = skip_ws_back(text, at);
    let s = text[..e].rfind(|c: char| c.is_whitespace()).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    (s < e).then_some(s..e)
}

/// A figure (optionally after a currency sign, with thousands commas and decimals) at the
/// start of `tok`: its value and whether it has a decimal part.
pub(super) fn figure_value(tok: &str) -> Option<(f64, bool)> {
    let t = tok.trim_start_matches(['$', '£', '€', '(']);
    let end = t
        .find(|c: char| !(c.is_ascii_digit() || c == ',' || c == '.'))
        .unwrap_or(t.len());
    let num = t[..end].trim_end_matches([',', '.']);
    if !num.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    let decimal = num.contains('.');
    num.replace(',', "")
        .parse::<f64>()
        .ok()
        .map(|v| (v, decimal))
}

pub(super) fn is_figure(tok: &str) -> bool {
    figure_value(tok).is_some()
}

/// Whether a capitalised word (or one with a capital inside, like "iPhone") stands right
/// before `at` as a label: "Interstate 25", "Channel 4", "Nov. 8", "Windows 7". At a sentence
/// start the word is a label unless it is one of `openers` ("In 3 cases", "About 5 people").
pub(super) fn capitalised_label_before(
    doc: &Document,
    at: usize,
    openers: &HashSet<String>,
) -> bool {
    let text = doc.text();
    if skip_ws_back(text, at) == at {
        return false;
    }
    let Some(r) = prev_token(text, at) else {
        return false;
    };
    let tok = &text[r.clone()];
    let lead = tok.len() - tok.trim_start_matches(['(', '"', '“', '‘']).len();
    let word = &tok[lead..];
    if word.ends_with([',', ';', ':', ')', '!', '?', '"', '”', '’']) {
        return false;
    }
    if !word.chars().any(char::is_uppercase) {
        return false;
    }
    !doc.is_sentence_start(r.start + lead) || !openers.contains(&word.to_lowercase())
}

/// The words before `at` (the token, without leading brackets or quotes), lowercased.
pub(super) fn word_before(text: &str, at: usize) -> Option<(usize, String)> {
    if skip_ws_back(text, at) == at {
        return None;
    }
    let r = prev_token(text, at)?;
    let tok = &text[r.clone()];
    let lead = tok.len() - tok.trim_start_matches(['(', '"', '“', '‘']).len();
    Some((r.start + lead, tok[lead..].to_lowercase()))
}

/// Lowercased phrases, longest first.
pub(super) fn phrases(list: &[String]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_lowercase()).collect();
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    v.dedup();
    v
}

pub(super) fn any_after(text: &str, at: usize, list: &[String]) -> Option<usize> {
    let s = skip_ws(text, at);
    list.iter().find_map(|p| eat(text, s, p))
}

/// A figure that is also a name, and what shows that a story means the name.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FigureName {
    /// The figure as written ("3").
    pub(super) figure: String,
    /// Words right before the figure that name it ("operator 3", "firm 3").
    #[serde(default)]
    pub(super) cues: Vec<String>,
    /// Words right after the figure that name it ("3 says", "the 3 network").
    #[serde(default)]
    pub(super) after: Vec<String>,
    /// Names whose presence in the story shows it is about the figure's field (the other
    /// operators: "Vodafone", "O2").
    #[serde(default)]
    pub(super) peers: Vec<String>,
}

impl FigureName {
    /// The same, with its cues lowercased.
    pub(super) fn lowered(&self) -> Self {
        FigureName {
            figure: self.figure.clone(),
            cues: self.cues.iter().map(|c| c.to_lowercase()).collect(),
            after: phrases(&self.after),
            peers: self.peers.clone(),
        }
    }
}

/// The figures of `names` (lowered) that this story uses as names: one of its cues stands
/// before the figure or after it, or one of its peers is in the story.
pub(super) fn named_in<'n>(names: &'n [FigureName], text: &str) -> Vec<&'n str> {
    let mut out = Vec::new();
    for n in names {
        let by_peer = n.peers.iter().any(|p| {
            memchr::memmem::find_iter(text.as_bytes(), p.as_bytes()).any(|i| {
                let before = text[..i].chars().next_back();
                let after = text[i + p.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            })
        });
        let by_cue = || {
            memchr::memmem::find_iter(text.as_bytes(), n.figure.as_bytes()).any(|i| {
                let end = i + n.figure.len();
                let alone = !text[..i]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric)
                    && !text[end..]
                        .chars()
                        .next()
                        .is_some_and(char::is_alphanumeric);
                alone
                    && (word_before(text, i).is_some_and(|(_, w)| n.cues.contains(&w))
                        || any_after(text, end, &n.after).is_some())
            })
        };
        if by_peer || by_cue() {
            out.push(n.figure.as_str());
        }
    }
    out
}

/// Whether a figure the story uses as a name stands at `r` as the name: before anything
/// but a counted noun ("3 already offers", "lets 3 offer", not "3 masts").
pub(super) fn names_here(text: &str, r: &Range<usize>, named: &[&str]) -> bool {
    if !named.contains(&&text[r.clone()]) {
        return false;
    }
    // A counted noun right after the figure or after one word more ("3 masts", "3 new
    // masts").
    let counted = |w: &str| {
        let w = w.trim_end_matches([',', '.', ';', ':', '!', '?', ')']);
        let plural = w.len() > 2
            && w.ends_with('s')
            && !w.ends_with("'s")
            && !w.ends_with("’s")
            && w.chars().all(|c| c.is_ascii_lowercase());
        plural
            || matches!(
                w,
                "people" | "men" | "women" | "children" | "staff" | "police" | "more" | "of"
            )
    };
    let Some(t) = next_token(text, r.end) else {
        return true;
    };
    if counted(&text[t.clone()]) {
        return false;
    }
    // An adverb after the figure goes with a verb: the name ("3 already carries").
    let first = &text[t.clone()];
    let ends_clause = first.ends_with([',', '.', ';', ':', '!', '?']);
    let adverb = first.ends_with("ly")
        || matches!(
            first,
            "already" | "also" | "now" | "still" | "just" | "then" | "soon" | "again" | "never"
        );
    adverb
        || !(first.chars().all(|c| c.is_ascii_lowercase())
            && !ends_clause
            && next_token(text, t.end).is_some_and(|u| counted(&text[u])))
}
