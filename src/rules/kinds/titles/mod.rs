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
//!
//! The story is read by the shared [`reader`](super::reader); each check is one file here, and
//! [`terms`] says what the term table makes of a title before a name on the story's date, which
//! `current` reports and the other checks defer to.

mod abbreviate;
mod capitalize;
mod courtesy;
mod current;
mod lowercase_after;
mod modifiers;
mod occupational;
mod terms;

use std::sync::Arc;

use regex::Regex;
use serde::Deserialize;

use super::reader::{Name, People, Phrase, Scan};
use super::{BuildCtx, Candidate, Check, CheckCtx, LexiconRef};
use crate::finding::{Level, Safety};
use crate::rules::RuleError;
use crate::rules::matcher::Builder as MatchBuilder;
use crate::rules::spec::WithParams;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// The home country's qualifiers (`U.S.`, `American`): qualifiers like the others, which
    /// a fix that drops a wrong "former" keeps as written.
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
    /// `abbreviate`: titles that are also common words or other roles (a team's captain, a
    /// player's representative): the fix needs review, as the rank is inferred.
    #[serde(default)]
    review: Vec<String>,
    /// `abbreviate`: titles that are also a role in a team ("England Captain Jeremy Bates"):
    /// no finding after a capitalised word or a possessive, which names the team.
    #[serde(default)]
    team: Vec<String>,
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
    keep_after: Vec<String>,
    abbreviate: bool,
    unless_prev: Option<Regex>,
    unverified: Vec<String>,
    words: Vec<String>,
    courtesy: Vec<String>,
    /// Whether some courtesy title starts with this byte: most words of a story are passed
    /// over at their first byte.
    courtesy_first: [bool; 256],
    only: Vec<String>,
    skip: Vec<String>,
    review: Vec<String>,
    team: Vec<String>,
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
        keep_after: p.keep_after,
        abbreviate: p.abbreviate,
        unless_prev,
        unverified: p.unverified,
        words,
        courtesy_first: first_bytes(&courtesy),
        courtesy,
        only: p.titles,
        skip: p.skip,
        review: p.review,
        team: p.team,
    }))
}

impl Check for Titles {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let scan = cx.scan(&self.people);
        if self.which == Which::Courtesy {
            self.courtesy(cx, scan, out);
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

/// The first bytes of `words`, one flag per byte value.
fn first_bytes(words: &[String]) -> [bool; 256] {
    let mut first = [false; 256];
    for w in words {
        if let Some(&b) = w.as_bytes().first() {
            first[usize::from(b)] = true;
        }
    }
    first
}

impl Titles {
    /// Whether the rule's finding for this title rests on an unverified fact.
    fn unverified_title(&self, name: &str) -> bool {
        self.unverified.iter().any(|u| u.eq_ignore_ascii_case(name))
    }

    /// A finding that writes `want` for the title of a phrase before its name; at most `info`
    /// when the title's rule rests on an unverified fact.
    fn retitle(&self, scan: &Scan, p: &Phrase, name: &Name, want: &str) -> Candidate {
        let range = p.title.start..name.range.end;
        let rep = format!("{want}{}", &scan.text[p.title.end..name.range.end]);
        let c = Candidate::replace(self.rule, range, rep, Safety::Safe, None);
        if self.unverified_title(&p.form.name) {
            c.cap(Level::Info)
        } else {
            c
        }
    }

    /// The house spelling of a title before a name.
    fn house_title(&self, scan: &Scan, p: &Phrase, full: bool) -> String {
        let f = &p.form;
        let t = match (&f.abbrev, full) {
            (Some(a), true) => a.clone(),
            _ => f.name.clone(),
        };
        // "the Rev.": no second "the", nor one after "the Most" or "the Right".
        match t.strip_prefix("the ") {
            Some(rest) if self.the_before(scan, p) => rest.to_string(),
            _ => t,
        }
    }

    /// Whether "the" stands before the title, directly or before capitalised words of it
    /// ("the Reverend", "the Most Reverend", "the Right Reverend").
    fn the_before(&self, scan: &Scan, p: &Phrase) -> bool {
        let mut i = p.toks.0;
        for _ in 0..3 {
            if i == 0 || !scan.toks[i].joined() {
                return false;
            }
            let w = scan.tok(i - 1);
            if w.eq_ignore_ascii_case("the") {
                return true;
            }
            if !w.chars().next().is_some_and(char::is_uppercase) {
                return false;
            }
            i -= 1;
        }
        false
    }

    /// Whether `unless_prev` matches the text before the phrase.
    fn prev_blocks(&self, scan: &Scan, p: &Phrase) -> bool {
        self.unless_prev
            .as_ref()
            .is_some_and(|re| re.is_match(&scan.text[scan.line_start(p.title.start)..p.start]))
    }
}

#[cfg(test)]
mod tests;
