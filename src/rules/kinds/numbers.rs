//! `numbers`: how figures and number words are written. Each rule picks one check:
//!
//! - `spell-out`: one to nine written as figures ("3 towers" → "three towers"), except where
//!   house style keeps figures (units, labels, ratios, dates, lists with larger figures…);
//! - `figures`: ten and above written as words ("fifteen employees" → "15 employees");
//! - `sentence-start`: a figure (not a year) beginning a sentence is spelled out;
//! - `ages`: ages in figures ("a nine-year-old" → "a 9-year-old");
//! - `money`: "$38,000,000" → "$38 million", "$10,000.00" → "$10,000", "$5 dollars" → "$5",
//!   "$1.2bn" → "$1.2 billion";
//! - `thousands`: a comma in figures of 1,000 and more ("$7500" → "$7,500");
//! - `ordinals`: first to ninth spelled out ("3rd straight" → "third straight");
//! - `measures`: one to nine in words before a unit of speed or size in figures ("five mph" →
//!   "5 mph").
//!
//! The words that make a figure an exception (units, labels, street words…) are the rule's
//! `params`, so a newsroom can edit them:
//!
//! ```toml
//! [[rule]]
//! id = "ap.numbers.spell-out"
//! kind = "numbers"
//! check = "spell-out"
//! params = { before = ["No.", "page"], after = ["inches", "mph", "percent"] }
//! ```

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;
use serde::Deserialize;

use super::{BuildCtx, Candidate, Check, CheckCtx};
use crate::document::Document;
use crate::finding::Safety;
use crate::rules::RuleError;
use crate::rules::spec::WithParams;

/// The checks of the kind, as `check = "…"` selects them.
#[derive(Debug, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub(crate) enum NumbersCheck {
    SpellOut(WithParams<SpellOutParams>),
    Figures(WithParams<FiguresParams>),
    SentenceStart(WithParams<SentenceStartParams>),
    Ages(WithParams<AgesParams>),
    Money(WithParams<MoneyParams>),
    Thousands(WithParams<ThousandsParams>),
    Ordinals(WithParams<OrdinalsParams>),
    Measures(WithParams<MeasuresParams>),
}

pub(crate) fn build(cx: &BuildCtx, check: &NumbersCheck) -> Result<Box<dyn Check>, RuleError> {
    let rule = cx.index;
    let safety = cx.spec.fix.unwrap_or(Safety::Safe);
    Ok(match check {
        NumbersCheck::SpellOut(p) => Box::new(SpellOut::new(rule, safety, p.params.clone())),
        NumbersCheck::Figures(p) => Box::new(Figures::new(rule, safety, p.params.clone())),
        NumbersCheck::SentenceStart(p) => Box::new(SentenceStart {
            rule,
            safety,
            params: p.params.clone(),
        }),
        NumbersCheck::Ages(p) => Box::new(Ages::new(cx, rule, safety, p.params.clone())?),
        NumbersCheck::Money(p) => Box::new(Money::new(cx, rule, safety, p.params.clone())?),
        NumbersCheck::Thousands(p) => Box::new(Thousands::new(rule, safety, p.params.clone())),
        NumbersCheck::Measures(p) => Box::new(Measures::new(rule, safety, p.params.clone())),
        NumbersCheck::Ordinals(p) => Box::new(Ordinals::new(rule, safety, p.params.clone())),
    })
}

// ---------------------------------------------------------------------------------------------
// Number words

const UNITS: [&str; 10] = [
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine",
];
const TEENS: [&str; 10] = [
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
];
const TENS: [&str; 10] = [
    "", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety",
];
const ORDINALS: [&str; 10] = [
    "", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth",
];

/// A whole number from 0 to 99 in words ("twenty-five").
pub(crate) fn spell(n: u64) -> Option<String> {
    Some(match n {
        0..=9 => UNITS[n as usize].to_string(),
        10..=19 => TEENS[n as usize - 10].to_string(),
        20..=99 if n.is_multiple_of(10) => TENS[n as usize / 10].to_string(),
        20..=99 => format!("{}-{}", TENS[n as usize / 10], UNITS[n as usize % 10]),
        _ => return None,
    })
}

/// The value of a number word from one to ninety-nine ("nine", "Fifteen", "twenty-five").
pub(crate) fn word_value(w: &str) -> Option<u64> {
    let w = w.to_ascii_lowercase();
    let find = |list: &[&str], w: &str| list.iter().position(|x| !x.is_empty() && *x == w);
    if let Some(i) = find(&UNITS, &w) {
        return (i > 0).then_some(i as u64);
    }
    if let Some(i) = find(&TEENS, &w) {
        return Some(10 + i as u64);
    }
    if let Some(i) = find(&TENS, &w) {
        return Some(10 * i as u64);
    }
    let (t, u) = w.split_once(['-', ' '])?;
    let t = find(&TENS, t)?;
    let u = find(&UNITS, u).filter(|&u| u > 0)?;
    Some(10 * t as u64 + u as u64)
}

/// A regex alternation of the number words from one to ninety-nine, longest first.
fn number_words_pattern(from: u64) -> String {
    let mut words: Vec<String> = (from..=99).filter_map(spell).collect();
    words.sort_by_key(|w| std::cmp::Reverse(w.len()));
    words.join("|")
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// 7500 → "7,500".
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

// ---------------------------------------------------------------------------------------------
// Looking around a figure

static DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[0-9]+").expect("valid regex"));

fn is_space(c: char) -> bool {
    c == ' ' || c == '\t' || c == '\u{a0}'
}

/// The offset past spaces (not line breaks) from `at`.
fn skip_ws(text: &str, at: usize) -> usize {
    at + text[at..].len() - text[at..].trim_start_matches(is_space).len()
}

/// The offset before spaces (not line breaks) ending at `at`.
fn skip_ws_back(text: &str, at: usize) -> usize {
    text[..at].trim_end_matches(is_space).len()
}

/// The end of `phrase` when `text[at..]` starts with it (ASCII case-insensitively) and it ends
/// at a word boundary.
fn eat(text: &str, at: usize, phrase: &str) -> Option<usize> {
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
fn eat_back(text: &str, at: usize, phrase: &str) -> Option<usize> {
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
fn next_token(text: &str, at: usize) -> Option<Range<usize>> {
    let s = skip_ws(text, at);
    let len = text[s..]
        .find(|c: char| c.is_whitespace())
        .unwrap_or(text.len() - s);
    (len > 0).then_some(s..s + len)
}

/// The word (run of non-space characters) before the spaces ending at `at`, on the same line.
fn prev_token(text: &str, at: usize) -> Option<Range<usize>> {
    let e = skip_ws_back(text, at);
    let s = text[..e].rfind(|c: char| c.is_whitespace()).map_or(0, |i| {
        i + text[i..].chars().next().map_or(1, char::len_utf8)
    });
    (s < e).then_some(s..e)
}

/// A figure (optionally after a currency sign, with thousands commas and decimals) at the
/// start of `tok`: its value and whether it has a decimal part.
fn figure_value(tok: &str) -> Option<(f64, bool)> {
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

fn is_figure(tok: &str) -> bool {
    figure_value(tok).is_some()
}

/// Whether a capitalised word (or one with a capital inside, like "iPhone") stands right
/// before `at` as a label: "Interstate 25", "Channel 4", "Nov. 8", "Windows 7". At a sentence
/// start the word is a label unless it is one of `openers` ("In 3 cases", "About 5 people").
fn capitalised_label_before(doc: &Document, at: usize, openers: &HashSet<String>) -> bool {
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
fn word_before(text: &str, at: usize) -> Option<(usize, String)> {
    if skip_ws_back(text, at) == at {
        return None;
    }
    let r = prev_token(text, at)?;
    let tok = &text[r.clone()];
    let lead = tok.len() - tok.trim_start_matches(['(', '"', '“', '‘']).len();
    Some((r.start + lead, tok[lead..].to_lowercase()))
}

/// Lowercased phrases, longest first.
fn phrases(list: &[String]) -> Vec<String> {
    let mut v: Vec<String> = list.iter().map(|s| s.to_lowercase()).collect();
    v.sort_by_key(|s| std::cmp::Reverse(s.len()));
    v.dedup();
    v
}

fn any_after(text: &str, at: usize, list: &[String]) -> Option<usize> {
    let s = skip_ws(text, at);
    list.iter().find_map(|p| eat(text, s, p))
}

// ---------------------------------------------------------------------------------------------
// spell-out

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SpellOutParams {
    /// A word right before the figure that keeps it a figure ("No.", "page", "Route").
    #[serde(default)]
    before: Vec<String>,
    /// A word or phrase right after the figure that keeps it a figure ("inches", "percent",
    /// "a.m.", "years old", month names).
    #[serde(default)]
    after: Vec<String>,
    /// Words joining two figures as a ratio or dimension ("in" in "1 in 4", "by", "out of"):
    /// both stay figures.
    #[serde(default)]
    ratio: Vec<String>,
    /// Words joining figures in a range or list ("and", "or", "to"): figures stay when the
    /// other figure is 10 or more.
    #[serde(default)]
    range: Vec<String>,
    /// Street words: a figure before a capitalised name ending in one is an address.
    #[serde(default)]
    streets: Vec<String>,
    /// Words that open a sentence without naming anything ("In", "About"): a figure after
    /// one of them at a sentence start is a count, after any other capitalised word a label
    /// ("Radio 1 said").
    #[serde(default)]
    openers: Vec<String>,
    /// Words that make a hyphenated compound with a figure below 10 a count to spell out
    /// ("6-hour debate" → "six-hour debate"); "-year-old" stays the ages rule's.
    #[serde(default)]
    compounds: Vec<String>,
    /// Words after a figure above one that show it names something rather than counts it:
    /// a singular verb or noun ("3 says", "the 3 network" for the mobile operator 3).
    #[serde(default)]
    label_after: Vec<String>,
}

struct SpellOut {
    rule: usize,
    safety: Safety,
    before: HashSet<String>,
    after: Vec<String>,
    ratio: Vec<String>,
    range: Vec<String>,
    streets: HashSet<String>,
    openers: HashSet<String>,
    compounds: HashSet<String>,
    label_after: Vec<String>,
}

impl SpellOut {
    fn new(rule: usize, safety: Safety, p: SpellOutParams) -> Self {
        SpellOut {
            rule,
            safety,
            before: p.before.iter().map(|s| s.to_lowercase()).collect(),
            after: phrases(&p.after),
            ratio: phrases(&p.ratio),
            range: phrases(&p.range),
            streets: p.streets.iter().map(|s| s.to_lowercase()).collect(),
            openers: p.openers.iter().map(|s| s.to_lowercase()).collect(),
            compounds: p.compounds.iter().map(|s| s.to_lowercase()).collect(),
            label_after: phrases(&p.label_after),
        }
    }

    /// "6-hour debate": a lone figure below 10, hyphenated to a counted word of `compounds`
    /// (not "-year-old", not a sentence start, not after another figure or a label).
    fn compound(&self, doc: &Document, r: &Range<usize>) -> bool {
        let text = doc.text();
        let Some(rest) = text[r.end..].strip_prefix('-') else {
            return false;
        };
        let len = rest
            .find(|c: char| !c.is_ascii_lowercase())
            .unwrap_or(rest.len());
        if len == 0 || !self.compounds.contains(&rest[..len]) {
            return false;
        }
        let tail = &rest[len..];
        if tail.starts_with(['-', '–']) || tail.starts_with(|c: char| c.is_alphanumeric()) {
            return false;
        }
        let prev_ok = text[..r.start]
            .chars()
            .next_back()
            .is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '“' | '"'));
        prev_ok
            && !doc.is_sentence_start(r.start)
            && !word_before(text, r.start).is_some_and(|(_, w)| self.before.contains(&w))
            && !capitalised_label_before(doc, r.start, &self.openers)
    }

    /// Whether the figure at `r` keeps its figure by house style. `depth` bounds the look at
    /// figures joined to this one.
    fn excepted(&self, doc: &Document, r: &Range<usize>, depth: u8) -> bool {
        let text = doc.text();
        let prev = text[..r.start].chars().next_back();
        let next = text[r.end..].chars().next();
        let after_next = text[r.end..].chars().nth(1);
        // Glued to letters, symbols or other figures: "$5", "5%", "9:30", "F-16", "2.4", "G7".
        let prev_ok = prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '“' | '"' | '—'));
        let next_ok = next.is_none_or(|c| {
            c.is_whitespace()
                || matches!(c, ',' | ';' | ')' | '”' | '"' | '!' | '?')
                || (c == '.' && !after_next.is_some_and(|d| d.is_ascii_digit()))
        });
        if !prev_ok || !next_ok {
            return true;
        }
        // "(3)" or "1)", an enumeration; ", 5," an age after a name.
        if next == Some(')') {
            let para = doc.paragraph_of(r.start).map_or(0, |p| p.start);
            let before = &text[para..r.start];
            if before
                .rfind('(')
                .is_none_or(|o| before.rfind(')').is_some_and(|c| c > o))
                || prev == Some('(')
            {
                return true;
            }
        }
        if next == Some(',') && text[..skip_ws_back(text, r.start)].ends_with(',') {
            return true;
        }
        // A figure at a sentence start is the sentence-start check's.
        if doc.is_sentence_start(r.start) {
            return true;
        }
        if let Some((_, w)) = word_before(text, r.start)
            && self.before.contains(&w)
        {
            return true;
        }
        if capitalised_label_before(doc, r.start, &self.openers) {
            return true;
        }
        if any_after(text, r.end, &self.after).is_some() {
            return true;
        }
        // Counting nothing: a figure that ends a clause ("like Italy's TIM and 3."), or one
        // above one before a singular word ("3 says"): a name or label, not a count.
        if matches!(next, Some('.' | ';' | ':'))
            && after_next.is_none_or(char::is_whitespace)
            && !text[..r.start].trim_end().ends_with(['-', '–'])
        {
            return true;
        }
        if &text[r.clone()] != "1" && any_after(text, r.end, &self.label_after).is_some() {
            return true;
        }
        // Part of a name: "6 Music", "8 Simple Rules", "Fathers 4 Justice".
        if let Some(t) = next_token(text, r.end)
            && t.start > r.end
            && text[t].starts_with(|c: char| c.is_uppercase())
        {
            return true;
        }
        // A fraction after it: "3 1/2".
        if let Some(t) = next_token(text, r.end)
            && text[t].contains('/')
        {
            return true;
        }
        self.joined(doc, r, depth) || self.address(text, r)
    }

    /// Joined to another figure: a ratio or dimension ("1 in 4", "5 by 7"), a list of figures
    /// ("1, 2, 3"), or a range or list with a figure of 10 or more or one that stays a figure
    /// ("between 5 and 15", "on 4 or 5 April").
    fn joined(&self, doc: &Document, r: &Range<usize>, depth: u8) -> bool {
        let text = doc.text();
        let big = |t: Range<usize>| {
            let tok = text[t.clone()].trim_end_matches([',', '.', ';']);
            match figure_value(tok) {
                Some((v, d)) if v >= 10.0 || d => true,
                Some(_) if depth < 2 && tok.len() == 1 => {
                    self.excepted(doc, &(t.start..t.start + 1), depth + 1)
                }
                _ => false,
            }
        };
        // After the figure.
        let mut at = skip_ws(text, r.end);
        let comma = text[at..].starts_with(',');
        if comma {
            at = skip_ws(text, at + 1);
            if next_token(text, at).is_some_and(|t| is_figure(&text[t])) {
                return true;
            }
        }
        if !comma {
            for w in &self.ratio {
                if let Some(e) = eat(text, at, w)
                    && next_token(text, e).is_some_and(|t| is_figure(&text[t]))
                {
                    return true;
                }
            }
        }
        for w in &self.range {
            if let Some(e) = eat(text, at, w)
                && next_token(text, e).is_some_and(big)
            {
                return true;
            }
        }
        // Before the figure.
        let at = skip_ws_back(text, r.start);
        if text[..at].ends_with(',')
            && prev_token(text, at - 1).is_some_and(|t| is_figure(&text[t]))
        {
            return true;
        }
        for w in &self.ratio {
            if let Some(s) = eat_back(text, at, w)
                && prev_token(text, s).is_some_and(|t| is_figure(&text[t]))
            {
                return true;
            }
        }
        for w in &self.range {
            if let Some(s) = eat_back(text, at, w)
                && prev_token(text, s).is_some_and(big)
            {
                return true;
            }
        }
        false
    }

    /// "5 Main Street": a figure before capitalised words ending in a street word.
    fn address(&self, text: &str, r: &Range<usize>) -> bool {
        let mut at = r.end;
        for i in 0..4 {
            let Some(t) = next_token(text, at) else {
                return false;
            };
            let tok = &text[t.clone()];
            if !tok.starts_with(|c: char| c.is_uppercase()) {
                return false;
            }
            let w = tok.trim_end_matches([',', ';', ')']).to_lowercase();
            if i > 0 && self.streets.contains(&w) {
                return true;
            }
            at = t.end;
        }
        false
    }
}

impl Check for SpellOut {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for m in DIGITS.find_iter(text) {
            let d = m.as_str();
            if d.len() != 1
                || d == "0"
                || (!self.compound(cx.doc, &m.range()) && self.excepted(cx.doc, &m.range(), 0))
            {
                continue;
            }
            let n = usize::from(d.as_bytes()[0] - b'0');
            out.push(Candidate::replace(
                self.rule,
                m.range(),
                UNITS[n],
                self.safety,
                None,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// figures

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct FiguresParams {
    /// Words after the number that make it casual or part of a larger number ("hundred",
    /// "thousand", "dozen"), or leave it to another rule ("years old"): no finding.
    #[serde(default)]
    unless_after: Vec<String>,
    /// Fixed phrases that keep their words ("ten to one", "twenty questions").
    #[serde(default)]
    keep: Vec<String>,
}

struct Figures {
    rule: usize,
    safety: Safety,
    re: Regex,
    unless_after: Vec<String>,
    keep: Vec<String>,
}

impl Figures {
    fn new(rule: usize, safety: Safety, p: FiguresParams) -> Self {
        let words = number_words_pattern(10);
        Figures {
            rule,
            safety,
            re: Regex::new(&format!(r"(?-u:\b)(?:{words})(?-u:\b)")).expect("valid regex"),
            unless_after: phrases(&p.unless_after),
            keep: phrases(&p.keep),
        }
    }
}

impl Check for Figures {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for m in self.re.find_iter(text) {
            let r = m.range();
            let Some(n) = word_value(m.as_str()) else {
                continue;
            };
            // Part of a compound ("ten-year-old" belongs to `ages`) or of a hyphenated form.
            let next = text[r.end..].chars().next();
            if next.is_some_and(|c| matches!(c, '-' | '–' | '’' | '\''))
                || text[..r.start].ends_with(['-', '–'])
                || cx.doc.is_sentence_start(r.start)
            {
                continue;
            }
            // It must count something: a word follows ("fifteen employees", "twenty of them").
            let Some(t) = next_token(text, r.end) else {
                continue;
            };
            if !text[t.clone()].starts_with(|c: char| c.is_alphabetic()) || t.start == r.end {
                continue;
            }
            if any_after(text, r.end, &self.unless_after).is_some() {
                continue;
            }
            // A fixed phrase around it.
            if self.keep.iter().any(|k| {
                let lo = crate::text::floor_char_boundary(text, r.start.saturating_sub(k.len()));
                let hi = (r.end + k.len()).min(text.len());
                let hi = (hi..=text.len())
                    .find(|&h| text.is_char_boundary(h))
                    .unwrap_or(text.len());
                text[lo..hi].to_lowercase().contains(k.as_str())
            }) {
                continue;
            }
            // Next to a spelled number below ten ("nine or ten"): leave the pair alone.
            let near_small = |tok: Option<Range<usize>>| {
                tok.and_then(|t| word_value(text[t].trim_matches(|c: char| !c.is_alphabetic())))
                    .is_some_and(|v| v < 10)
            };
            let after_conj = next_token(text, r.end)
                .filter(|t| matches!(&text[t.clone()], "or" | "to" | "and"))
                .and_then(|t| next_token(text, t.end));
            let before_conj = prev_token(text, r.start)
                .filter(|t| matches!(&text[t.clone()], "or" | "to" | "and" | "in" | "of"))
                .and_then(|t| prev_token(text, t.start));
            if near_small(after_conj) || near_small(before_conj) {
                continue;
            }
            out.push(Candidate::replace(
                self.rule,
                r,
                n.to_string(),
                self.safety,
                None,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// measures

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MeasuresParams {
    /// Units after which a number keeps its figure even below 10 ("mph", "degrees", "miles").
    #[serde(default)]
    units: Vec<String>,
}

struct Measures {
    rule: usize,
    safety: Safety,
    re: Regex,
    units: Vec<String>,
}

impl Measures {
    fn new(rule: usize, safety: Safety, p: MeasuresParams) -> Self {
        let words = UNITS[1..].join("|");
        Measures {
            rule,
            safety,
            re: Regex::new(&format!(r"(?-u:\b)(?:{words})(?-u:\b)")).expect("valid regex"),
            units: phrases(&p.units),
        }
    }
}

impl Check for Measures {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for m in self.re.find_iter(text) {
            let r = m.range();
            // Lowercase only: a capital is a sentence start or a name ("Five Miles Road").
            if text[..r.start].ends_with(['-', '–'])
                || text[r.end..].starts_with(['-', '–'])
                || cx.doc.is_sentence_start(r.start)
                || any_after(text, r.end, &self.units).is_none()
                || skip_ws(text, r.end) == r.end
            {
                continue;
            }
            // "twenty five miles", "one or two miles" with a larger figure: leave it.
            if prev_token(text, r.start)
                .is_some_and(|t| word_value(&text[t]).is_some_and(|v| v >= 10))
            {
                continue;
            }
            let Some(n) = word_value(m.as_str()) else {
                continue;
            };
            out.push(Candidate::replace(
                self.rule,
                r,
                n.to_string(),
                self.safety,
                None,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// sentence-start

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct SentenceStartParams {
    /// Figures from this value up to `max_year` (four digits, no comma) are read as years.
    #[serde(default = "min_year")]
    min_year: u64,
    #[serde(default = "max_year")]
    max_year: u64,
    /// The message for a figure too long to spell out simply.
    #[serde(default)]
    recast_message: Option<String>,
}

fn min_year() -> u64 {
    1000
}
fn max_year() -> u64 {
    2199
}

struct SentenceStart {
    rule: usize,
    safety: Safety,
    params: SentenceStartParams,
}

static LEADING_FIGURE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+").expect("valid regex"));

impl Check for SentenceStart {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for m in LEADING_FIGURE.find_iter(text) {
            let r = m.range();
            if text[..r.start]
                .chars()
                .next_back()
                .is_some_and(|c| c.is_alphanumeric() || matches!(c, '$' | '£' | '€' | '.' | ','))
            {
                continue;
            }
            // A whole figure followed by a word: not "3D", "15%", "9:30", "1990s", "3-2",
            // "1." or "2)" in a list.
            if !text[r.end..].starts_with(is_space) {
                continue;
            }
            // Followed by a lowercase word: not a name ("50 Cent") or a ranked list
            // ("1 Roger Federer").
            if !next_token(text, r.end)
                .is_some_and(|t| text[t].starts_with(|c: char| c.is_lowercase()))
            {
                continue;
            }
            if !cx.doc.is_sentence_start(r.start) {
                continue;
            }
            let digits = m.as_str().replace(',', "");
            let Ok(n) = digits.parse::<u64>() else {
                continue;
            };
            let is_year = digits.len() == m.as_str().len()
                && digits.len() == 4
                && (self.params.min_year..=self.params.max_year).contains(&n);
            if is_year || n == 0 {
                continue;
            }
            match spell(n) {
                Some(w) => out.push(Candidate::replace(
                    self.rule,
                    r,
                    capitalise(&w),
                    self.safety,
                    None,
                )),
                None => {
                    let mut c = Candidate::bare(self.rule, r);
                    if let Some(msg) = &self.params.recast_message {
                        c = c.message(msg.clone());
                    }
                    out.push(c);
                }
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ages

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct AgesParams {
    /// Age words after the number: "year", "month" ("a nine-year-old", "five years old").
    #[serde(default)]
    units: Vec<String>,
    /// Words before a number that make it an age ("aged" in "aged five").
    #[serde(default)]
    before: Vec<String>,
}

struct Ages {
    rule: usize,
    safety: Safety,
    re: Option<Regex>,
}

impl Ages {
    fn new(cx: &BuildCtx, rule: usize, safety: Safety, p: AgesParams) -> Result<Self, RuleError> {
        let words = number_words_pattern(1);
        let esc = |v: &[String]| {
            v.iter()
                .map(|s| regex::escape(s))
                .collect::<Vec<_>>()
                .join("|")
        };
        let mut alts = Vec::new();
        if !p.units.is_empty() {
            alts.push(format!(
                r"(?-u:\b)(?P<n>{words})[- ](?:{})s?[- ]old(?-u:\b)",
                esc(&p.units)
            ));
        }
        if !p.before.is_empty() {
            alts.push(format!(
                r"(?-u:\b)(?:{}) (?P<m>{words})(?-u:\b)",
                esc(&p.before)
            ));
        }
        let re = (!alts.is_empty())
            .then(|| cx.compile(&format!("(?i:{})", alts.join("|"))))
            .transpose()?;
        Ok(Ages { rule, safety, re })
    }
}

impl Check for Ages {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let Some(re) = &self.re else { return };
        let text = cx.doc.text();
        for c in re.captures_iter(text) {
            let Some(g) = c.name("n").or_else(|| c.name("m")) else {
                continue;
            };
            // "aged fifty-five" is one number; "aged five-year" is not an age.
            if c.name("m").is_some() && text[g.end()..].starts_with(['-', '–']) {
                continue;
            }
            // At a sentence start the number stays spelled out.
            if cx.doc.is_sentence_start(g.start()) {
                continue;
            }
            let Some(n) = word_value(g.as_str()) else {
                continue;
            };
            out.push(Candidate::replace(
                self.rule,
                g.range(),
                n.to_string(),
                self.safety,
                None,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// money

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct MoneyParams {
    /// Currency signs written before figures.
    #[serde(default)]
    currency: Vec<String>,
    /// Round amounts of a million and more as "$38 million".
    #[serde(default)]
    round: bool,
    /// Drop ".00" from whole amounts.
    #[serde(default)]
    cents: bool,
    /// Words that repeat the sign ("dollars" after "$5").
    #[serde(default)]
    redundant: Vec<String>,
    /// Abbreviations glued to the figure and the word to write ("bn" → "billion").
    #[serde(default)]
    abbreviations: HashMap<String, String>,
}

struct Money {
    rule: usize,
    safety: Safety,
    re: Regex,
    round: bool,
    cents: bool,
    abbreviations: HashMap<String, String>,
}

/// `digits` (no commas) as "38 million", "4.5 million", "2 billion" when it is a round
/// amount of a million or more (at most two decimals in its unit).
fn round_amount(digits: &str) -> Option<String> {
    let v: u128 = digits.parse().ok()?;
    let (unit, name) = [
        (1_000_000_000_000u128, "trillion"),
        (1_000_000_000, "billion"),
        (1_000_000, "million"),
    ]
    .into_iter()
    .find(|(u, _)| v >= *u)?;
    let (q, r) = (v / unit, v % unit);
    let step = unit / 100;
    if !r.is_multiple_of(step) {
        return None;
    }
    let hundredths = r / step;
    Some(match hundredths {
        0 => format!("{q} {name}"),
        h if h.is_multiple_of(10) => format!("{q}.{} {name}", h / 10),
        h => format!("{q}.{h:02} {name}"),
    })
}

impl Money {
    fn new(cx: &BuildCtx, rule: usize, safety: Safety, p: MoneyParams) -> Result<Self, RuleError> {
        if p.currency.is_empty() {
            return Err(cx.error("params: give `currency` (the signs written before amounts)"));
        }
        let alt = |v: Vec<&String>| {
            let mut v: Vec<String> = v.into_iter().map(|s| regex::escape(s)).collect();
            v.sort_by_key(|s| std::cmp::Reverse(s.len()));
            v.join("|")
        };
        let cur = alt(p.currency.iter().collect());
        let abbr = alt(p.abbreviations.keys().collect());
        let red = alt(p.redundant.iter().collect());
        let mut src = format!(r"(?P<cur>{cur})(?P<num>[0-9][0-9,]*(?:\.[0-9]+)?)");
        if !abbr.is_empty() {
            src.push_str(&format!(r"(?:[ \x{{a0}}]?(?P<abbr>{abbr}))?"));
        }
        src.push_str(r"(?P<mult> (?:million|billion|trillion))?\b");
        if !red.is_empty() {
            src.push_str(&format!(r"(?P<red> (?:{red})\b)?"));
        }
        let re = crate::rules::matcher::Builder::regex(&src).map_err(|m| cx.error(m))?;
        Ok(Money {
            rule,
            safety,
            re,
            round: p.round,
            cents: p.cents,
            abbreviations: p.abbreviations,
        })
    }
}

impl Check for Money {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let text = cx.doc.text();
        for c in self.re.captures_iter(text) {
            let (Some(whole), Some(cur), Some(num)) = (c.get(0), c.name("cur"), c.name("num"))
            else {
                continue;
            };
            if text[..whole.start()]
                .chars()
                .next_back()
                .is_some_and(|ch| ch.is_ascii_digit())
            {
                continue;
            }
            let num_s = num.as_str().trim_end_matches([',', '.']);
            let (int, frac) = match num_s.split_once('.') {
                Some((i, f)) => (i, Some(f)),
                None => (num_s, None),
            };
            // Commas must group thousands, or the figure is not an amount we can read.
            let groups: Vec<&str> = int.split(',').collect();
            if groups.len() > 1
                && (groups[0].is_empty()
                    || groups[0].len() > 3
                    || groups[1..].iter().any(|g| g.len() != 3))
            {
                continue;
            }
            let digits = int.replace(',', "");
            let abbr = c.name("abbr").map(|a| a.as_str());
            let mult = c.name("mult").map(|m| m.as_str());
            let mut amount = num_s.to_string();
            let mut word = mult.map(|m| m.trim().to_string());
            // "$450 mln" but not "$5 m".
            if c.name("abbr")
                .is_some_and(|a| a.start() > num.end() && a.len() < 2)
            {
                continue;
            }
            if let Some(a) = abbr {
                let Some(w) = self.abbreviations.get(a) else {
                    continue;
                };
                word = Some(w.clone());
            }
            if word.is_none() {
                let whole_cents = frac.is_some_and(|f| f.chars().all(|c| c == '0'));
                if self.round && (frac.is_none() || whole_cents) {
                    if let Some(r) = round_amount(&digits) {
                        amount = r;
                    } else if self.cents && whole_cents {
                        amount = int.to_string();
                    }
                } else if self.cents && whole_cents {
                    amount = int.to_string();
                }
            }
            let mut fixed = format!("{}{amount}", cur.as_str());
            if let Some(w) = &word {
                fixed.push(' ');
                fixed.push_str(w);
            }
            // The range ends where the number, its word and a redundant word end; a sentence
            // period after "$5" stays outside it.
            let end = [c.name("red"), c.name("mult"), c.name("abbr"), Some(num)]
                .into_iter()
                .flatten()
                .map(|g| g.end())
                .max()
                .unwrap_or(num.end());
            let range = whole.start()..end;
            if text[range.clone()] == fixed {
                continue;
            }
            out.push(Candidate::replace(
                self.rule,
                range,
                fixed,
                self.safety,
                None,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// thousands

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct ThousandsParams {
    /// Currency signs: a figure after one is money, never a year.
    #[serde(default)]
    currency: Vec<String>,
    /// Words right after a figure that make it a model or code ("the 7610 phone").
    #[serde(default)]
    after: Vec<String>,
    /// Words right before a figure that make it a label or code ("No.", "Flight", "code").
    #[serde(default)]
    before: Vec<String>,
    /// Four-digit figures in this range, without a currency sign, are read as years.
    #[serde(default = "min_year")]
    min_year: u64,
    #[serde(default = "max_year")]
    max_year: u64,
    /// Leave amounts of a million and more after a currency sign to the `money` check.
    #[serde(default)]
    leave_round_money: bool,
    /// Leave four-digit figures that read as a 24-hour clock time ("between 2200 and 0700").
    #[serde(default)]
    clock_times: bool,
    /// Words that open a sentence without naming anything (see `spell-out`).
    #[serde(default)]
    openers: Vec<String>,
}

struct Thousands {
    rule: usize,
    safety: Safety,
    p: ThousandsParams,
    before: HashSet<String>,
    after: Vec<String>,
    openers: HashSet<String>,
}

impl Thousands {
    fn new(rule: usize, safety: Safety, p: ThousandsParams) -> Self {
        Thousands {
            rule,
            safety,
            before: p.before.iter().map(|s| s.to_lowercase()).collect(),
            after: phrases(&p.after),
            openers: p.openers.iter().map(|s| s.to_lowercase()).collect(),
            p,
        }
    }
}

impl Check for Thousands {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let doc = cx.doc;
        let text = doc.text();
        for m in DIGITS.find_iter(text) {
            let d = m.as_str();
            if d.len() < 4 || d.starts_with('0') {
                continue;
            }
            let mut start = m.start();
            let cur = self
                .p
                .currency
                .iter()
                .find(|c| text[..m.start()].ends_with(c.as_str()));
            if let Some(c) = cur {
                start -= c.len();
            }
            let prev = text[..start].chars().next_back();
            let next = text[m.end()..].chars().next();
            let after_next = text[m.end()..].chars().nth(1);
            let prev_ok = prev.is_none_or(|c| c.is_whitespace() || matches!(c, '(' | '“' | '"'));
            let next_ok = next.is_none_or(|c| {
                c.is_whitespace()
                    || matches!(c, ';' | ')' | '”' | '"' | '!' | '?' | '%')
                    || (matches!(c, '.' | ',' | ':')
                        && !after_next.is_some_and(|d| d.is_ascii_alphanumeric()))
            });
            if !prev_ok || !next_ok {
                continue;
            }
            let Ok(n) = d.parse::<u128>() else { continue };
            if cur.is_none()
                && d.len() == 4
                && (u128::from(self.p.min_year)..=u128::from(self.p.max_year)).contains(&n)
            {
                continue;
            }
            if cur.is_none() && self.p.clock_times && d.len() == 4 && n % 100 < 60 && n / 100 < 24 {
                continue;
            }
            if cur.is_some() && self.p.leave_round_money && round_amount(d).is_some() {
                continue;
            }
            if doc.is_sentence_start(start) {
                continue;
            }
            if let Some((_, w)) = word_before(text, start)
                && self.before.contains(&w)
            {
                continue;
            }
            if cur.is_none() && capitalised_label_before(doc, start, &self.openers) {
                continue;
            }
            if cur.is_none() && any_after(text, m.end(), &self.after).is_some() {
                continue;
            }
            // An address ("1600 Pennsylvania Avenue") or a code in a run of figures
            // ("555 1234").
            if let Some(t) = next_token(text, m.end())
                && t.start > m.end()
                && (text[t.clone()].starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()))
            {
                continue;
            }
            if skip_ws_back(text, start) < start
                && prev_token(text, start)
                    .is_some_and(|t| text[t].starts_with(|c: char| c.is_ascii_digit()))
            {
                continue;
            }
            let fixed = format!("{}{}", cur.map_or("", |c| c.as_str()), group_thousands(d));
            out.push(Candidate::replace(
                self.rule,
                start..m.end(),
                fixed,
                self.safety,
                None,
            ));
        }
    }
}

// ---------------------------------------------------------------------------------------------
// ordinals

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct OrdinalsParams {
    /// Words after the ordinal that keep the figure ("district", "circuit", "street").
    #[serde(default)]
    after: Vec<String>,
    /// Month names and abbreviations: an ordinal next to one is a date (the dates rules'
    /// business).
    #[serde(default)]
    months: Vec<String>,
}

struct Ordinals {
    rule: usize,
    safety: Safety,
    after: Vec<String>,
    months: Vec<String>,
}

static ORDINAL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?-u:\b)([1-9])(?:st|nd|rd|th)(?-u:\b)").expect("valid regex"));

impl Ordinals {
    fn new(rule: usize, safety: Safety, p: OrdinalsParams) -> Self {
        Ordinals {
            rule,
            safety,
            after: phrases(&p.after),
            months: p.months,
        }
    }

    fn is_month(&self, tok: &str) -> bool {
        let t = tok.trim_end_matches([',', '.']);
        self.months.iter().any(|m| m.trim_end_matches('.') == t)
    }
}

impl Check for Ordinals {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let doc = cx.doc;
        let text = doc.text();
        for c in ORDINAL.captures_iter(text) {
            let (Some(m), Some(d)) = (c.get(0), c.get(1)) else {
                continue;
            };
            let r = m.range();
            if text[..r.start].ends_with(['.', ',', '-', '/', '$']) {
                continue;
            }
            // A name or a month follows: "5th Avenue", "3rd District", "1st Lt.",
            // "5th U.S. Circuit", "3rd November".
            if let Some(t) = next_token(text, r.end)
                && t.start > r.end
                && text[t.clone()].starts_with(|c: char| c.is_uppercase())
            {
                continue;
            }
            if any_after(text, r.end, &self.after).is_some() {
                continue;
            }
            // A date: "Nov. 3rd", "the 3rd of May".
            if prev_token(text, r.start).is_some_and(|t| self.is_month(&text[t])) {
                continue;
            }
            if let Some(e) = eat(text, skip_ws(text, r.end), "of")
                && next_token(text, e).is_some_and(|t| self.is_month(&text[t]))
            {
                continue;
            }
            let n = usize::from(d.as_str().as_bytes()[0] - b'0');
            let word = if doc.is_sentence_start(r.start) {
                capitalise(ORDINALS[n])
            } else {
                ORDINALS[n].to_string()
            };
            out.push(Candidate::replace(self.rule, r, word, self.safety, None));
        }
    }
}

#[cfg(test)]
mod tests {
    use std::sync::LazyLock;

    use jiff::civil::Date;

    use super::*;
    use crate::document::{Document, DocumentOptions, Format};
    use crate::engine::{Engine, Settings};
    use crate::rules::RuleSet;

    static AP: LazyLock<Engine> =
        LazyLock::new(|| Engine::new(RuleSet::builtin("ap").expect("AP pack loads")));
    static REUTERS: LazyLock<Engine> =
        LazyLock::new(|| Engine::new(RuleSet::builtin("reuters").expect("Reuters pack loads")));

    /// (found text, replacement) of each finding of `rule` in `text`.
    fn run(engine: &Engine, rule: &str, text: &str) -> Vec<(String, Option<String>)> {
        let doc = Document::new(
            text,
            &DocumentOptions {
                format: Format::Plain,
                date: Some(Date::constant(2025, 11, 26)),
                today: Date::constant(2026, 1, 1),
            },
        );
        engine
            .check(&doc, &Settings::default())
            .into_iter()
            .filter(|f| f.rule == rule)
            .map(|f| (text[f.range.clone()].to_string(), f.replacement(text)))
            .collect()
    }

    fn ap(rule: &str, text: &str) -> Vec<(String, Option<String>)> {
        run(&AP, &format!("ap.numbers.{rule}"), text)
    }

    fn one(found: &str, replacement: &str) -> Vec<(String, Option<String>)> {
        vec![(found.to_string(), Some(replacement.to_string()))]
    }

    fn none(rule: &str, texts: &[&str]) {
        for t in texts {
            assert_eq!(ap(rule, t), vec![], "{rule} fired on {t:?}");
        }
    }

    #[test]
    fn spell_out_reports_the_figure() {
        assert_eq!(
            ap("spell-out", "The council will convert 3 vacant towers."),
            one("3", "three")
        );
        assert_eq!(
            ap(
                "spell-out",
                "Snow came about 2 weeks late, in 2 or 3 waves."
            ),
            vec![
                ("2".to_string(), Some("two".to_string())),
                ("2".to_string(), Some("two".to_string())),
                ("3".to_string(), Some("three".to_string())),
            ]
        );
        assert_eq!(
            run(
                &REUTERS,
                "reuters.numbers.spell-out",
                "Power is cut for up to 8 hours a day."
            ),
            one("8", "eight")
        );
    }

    #[test]
    fn spell_out_leaves_house_exceptions() {
        none(
            "spell-out",
            &[
                "The storm dropped 9 inches of snow and winds hit 9 mph.",
                "Temperatures fell to 5 degrees on a 2-mile stretch of 8 yards.",
                "The council voted 9-4, and the bill passed on a 4-1 vote.",
                "The hearing is Nov. 8, and the vote is March 3.",
                "Shares rose 2.4% and 5 percent, and a stamp costs $5.",
                "The storm reached Category 4 and the team is No. 1.",
                "Traffic stopped on Interstate 25 and Route 9 near Highway 7.",
                "Watch Channel 4 and read Article 5 on page 2 in Room 3.",
                "The 5th Circuit ruled on the iPhone 6, the F-16 and Windows 7 at the G7.",
                "COVID-19 cases rose among 3-5 year olds.",
                "Between 5 and 15 people were hurt, and 1 in 4 homes lost power.",
                "She has a 4-year-old son, and the boy, 5, was unhurt.",
                "The meeting is at 6 a.m. and ends by 9:30.",
                "The plank is 3 by 4 meters and 3 1/2 inches thick.",
                "She scored 3 goals and 2 points.",
                "He was born in 1990 and lives at 5 Main Street.",
                "The station 6 Music hired him, said Radio 1.",
                "Options: 1) leave, 2) stay.",
                "Results are due on 4 or 5 April.",
            ],
        );
    }

    #[test]
    fn spell_out_counted_compounds() {
        assert_eq!(
            ap("spell-out", "The House voted after a 6-hour debate."),
            one("6", "six")
        );
        none(
            "spell-out",
            &[
                "A 7-year-old boy was hurt on a 5-mile stretch.",
                "The council voted 9-4 on a 3-D model.",
                "Route 6-day closures begin. 5-day passes cost more.",
            ],
        );
    }

    #[test]
    fn measures_in_figures() {
        assert_eq!(
            ap(
                "measures",
                "Buses are limited to five mph, and snow fell nine inches deep."
            ),
            vec![
                ("five".to_string(), Some("5".to_string())),
                ("nine".to_string(), Some("9".to_string())),
            ]
        );
        none(
            "measures",
            &[
                "Five miles of road closed.",
                "A five-mile run and twenty five miles more.",
                "The storm killed five people.",
            ],
        );
    }

    #[test]
    fn figures_for_ten_and_above() {
        assert_eq!(
            ap("figures", "The company laid off fifteen employees."),
            one("fifteen", "15")
        );
        assert_eq!(
            ap("figures", "They counted twenty-five homes."),
            one("twenty-five", "25")
        );
        none(
            "figures",
            &[
                "Fifteen employees were laid off.",
                "He had a thousand reasons, and hundreds of people agreed.",
                "One of the nine or ten suspects fled.",
                "The winners were the eleven.",
                "She is a fifteen-year-old student.",
                "Nine times out of ten it works.",
            ],
        );
    }

    #[test]
    fn sentence_start() {
        assert_eq!(
            ap("sentence-start", "15 people died in the fire."),
            one("15", "Fifteen")
        );
        assert_eq!(
            ap("sentence-start", "The roof fell. 3 workers were hurt."),
            one("3", "Three")
        );
        // Too long to spell out simply: a message, no fix.
        assert_eq!(
            ap("sentence-start", "150 people died in the fire."),
            vec![("150".to_string(), None)]
        );
        none(
            "sentence-start",
            &[
                "2025 was the warmest year.",
                "3D printing grew.",
                "15% of voters stayed home.",
                "1 Roger Federer (Switzerland)",
                "50 Cent released an album.",
            ],
        );
    }

    #[test]
    fn ages_in_figures() {
        assert_eq!(
            ap("ages", "Rescuers found a nine-year-old girl."),
            one("nine", "9")
        );
        assert_eq!(
            ap("ages", "The boy, aged five, was unhurt."),
            one("five", "5")
        );
        assert_eq!(ap("ages", "The law is eight years old."), one("eight", "8"));
        none(
            "ages",
            &["The project took five years.", "Nine-year-old Ana won."],
        );
    }

    #[test]
    fn money_forms() {
        let cases = [
            (
                "They lose $38,000,000 in revenue.",
                "$38,000,000",
                "$38 million",
            ),
            (
                "They lose $38000000 in revenue.",
                "$38000000",
                "$38 million",
            ),
            ("The grant was $4,500,000.", "$4,500,000", "$4.5 million"),
            (
                "It is worth $2,000,000,000.",
                "$2,000,000,000",
                "$2 billion",
            ),
            ("The prize is $10,000.00 now.", "$10,000.00", "$10,000"),
            ("Tickets cost $5 dollars.", "$5 dollars", "$5"),
            ("Profit rose to $1.2bn.", "$1.2bn", "$1.2 billion"),
            ("Sales were £600m.", "£600m", "£600 million"),
        ];
        for (text, found, fixed) in cases {
            assert_eq!(ap("money", text), one(found, fixed), "{text}");
        }
        none(
            "money",
            &[
                "It will build a $1.6 billion plant.",
                "The estate is worth $4,567,890.",
                "A stamp costs $0.73 and a car $7,500.",
            ],
        );
        assert_eq!(
            run(&REUTERS, "reuters.numbers.money", "Profit rose to $1.2bn."),
            vec![]
        );
        assert_eq!(
            run(
                &REUTERS,
                "reuters.numbers.money-abbreviations",
                "The bank lent $450 mln."
            ),
            one("$450 mln", "$450 million")
        );
    }

    #[test]
    fn thousands_separator() {
        assert_eq!(
            ap("thousands", "The credit of up to $7500 expired."),
            one("$7500", "$7,500")
        );
        assert_eq!(
            ap("thousands", "The plant employs 7500 people."),
            one("7500", "7,500")
        );
        none(
            "thousands",
            &[
                "Production begins in 2025 and runs to 2027.",
                "The White House is at 1600 Pennsylvania Avenue.",
                "Flight 3407 landed and part B2500 failed.",
                "The rate is 7500.50 and the number 555-1234.",
                "A curfew runs between 2200 and 0700.",
                "They lose $38000000 a year.",
                "The company has 14,000 staff.",
            ],
        );
    }

    #[test]
    fn percent_sign() {
        assert_eq!(
            ap("percent", "It will rent 20 percent of units."),
            one("20 percent", "20%")
        );
        assert_eq!(
            ap("percent", "Use fell by 12 % last week."),
            one("12 %", "12%")
        );
        assert_eq!(
            run(&AP, "ap.usage.per-cent", "Prices rose 5 per cent."),
            one("5 per cent", "5%")
        );
        none(
            "percent",
            &[
                "Prices rose 5 per cent.",
                "A small percent of voters.",
                "A 75% tax break, up 3 percentage points.",
            ],
        );
    }

    #[test]
    fn ordinals_first_to_ninth() {
        assert_eq!(
            ap("ordinals", "The team won its 3rd straight title."),
            one("3rd", "third")
        );
        none(
            "ordinals",
            &[
                "The 5th U.S. Circuit Court of Appeals ruled.",
                "They met at East 63rd Street in the 3rd District.",
                "The hearing is Nov. 3rd, not the 4th of May.",
                "It was the 21st century and the 10th time.",
                "Voters in the 5th district turned out.",
            ],
        );
    }

    #[test]
    fn words_and_values() {
        assert_eq!(spell(3).as_deref(), Some("three"));
        assert_eq!(spell(15).as_deref(), Some("fifteen"));
        assert_eq!(spell(40).as_deref(), Some("forty"));
        assert_eq!(spell(99).as_deref(), Some("ninety-nine"));
        assert_eq!(spell(100), None);
        assert_eq!(word_value("Fifteen"), Some(15));
        assert_eq!(word_value("twenty-five"), Some(25));
        assert_eq!(word_value("zero"), None);
        assert_eq!(word_value("twenty-zero"), None);
        assert_eq!(group_thousands("7500"), "7,500");
        assert_eq!(group_thousands("38000000"), "38,000,000");
        assert_eq!(group_thousands("123456"), "123,456");
    }

    #[test]
    fn round_amounts() {
        assert_eq!(round_amount("38000000").as_deref(), Some("38 million"));
        assert_eq!(round_amount("4500000").as_deref(), Some("4.5 million"));
        assert_eq!(round_amount("4250000").as_deref(), Some("4.25 million"));
        assert_eq!(round_amount("2000000000").as_deref(), Some("2 billion"));
        assert_eq!(round_amount("4567890"), None);
        assert_eq!(round_amount("999999"), None);
    }
}
