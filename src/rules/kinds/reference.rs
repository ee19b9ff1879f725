//! `reference`: first and later references to people (stylebook §8).
//!
//! - `later-title` (RF-002): once a person's full name has appeared in the body, a later
//!   reference is the surname alone: no title, no first name ("Sgt. Ruiz" → "Ruiz",
//!   "Ukrainian President Zelenskiy" → "Zelenskyy"). Two people sharing a surname keep their
//!   first names (RF-004); monarchs and popes keep their titles (RF-005).
//! - `first-reference` (RF-001): a known person's bare surname before any full name.
//!
//! A headline is not a first reference: only mentions in the body count.

use std::collections::{HashMap, HashSet};
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;

use super::reader::{People, Phrase, Scan};
use super::{BuildCtx, Candidate, Check, CheckCtx, LexiconRef};
use crate::document::{Document, RegionKind};
use crate::finding::{Level, Safety};
use crate::rules::RuleError;
use crate::rules::spec::WithParams;

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct Params {
    /// `later-title`: also flag a repeated full name (first name again).
    #[serde(default)]
    full_names: bool,
    /// Titles that stay on later references (Pope, King, Queen).
    #[serde(default)]
    keep: Vec<String>,
    /// Qualifier words beyond the term table (`US`, `UK`).
    #[serde(default)]
    qualifiers: Vec<String>,
    /// `first-reference`: surnames too common to call a first reference.
    #[serde(default)]
    common: Vec<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Which {
    LaterTitle,
    FirstReference,
}

struct Reference {
    rule: usize,
    which: Which,
    lx: LexiconRef,
    people: Arc<People>,
    full_names: bool,
    keep: Vec<String>,
    common: HashSet<String>,
}

/// The checks of the kind, as `check = "…"` selects them; they share one parameter table.
#[derive(Debug, Deserialize)]
#[serde(tag = "check", rename_all = "kebab-case")]
pub(crate) enum ReferenceCheck {
    LaterTitle(WithParams<Params>),
    FirstReference(WithParams<Params>),
}

pub(crate) fn build(cx: &BuildCtx, check: &ReferenceCheck) -> Result<Box<dyn Check>, RuleError> {
    let (which, p) = match check {
        ReferenceCheck::LaterTitle(p) => (Which::LaterTitle, p.params.clone()),
        ReferenceCheck::FirstReference(p) => (Which::FirstReference, p.params.clone()),
    };
    Ok(Box::new(Reference {
        rule: cx.index,
        which,
        lx: cx.shared.lexicon(cx.knowledge, &[], &p.qualifiers),
        people: cx.shared.people(cx.knowledge),
        full_names: p.full_names,
        keep: p.keep,
        common: p.common.into_iter().collect(),
    }))
}

/// Who a mention is: a known person, or a name as written.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
enum Who {
    Known(usize),
    Written(String),
}

/// A full name in the body.
#[derive(Debug, Clone)]
struct Mention {
    at: usize,
    who: Who,
    surname: String,
}

fn in_body(doc: &Document, r: &Range<usize>) -> bool {
    r.start >= doc.body_start() && !doc.overlaps(r, RegionKind::Headline)
}

impl Reference {
    /// Full names in the body, in order: known people, and names after a title.
    fn mentions(&self, cx: &CheckCtx, scan: &Scan, phrases: &[Phrase]) -> Vec<Mention> {
        let kb = cx.knowledge;
        let text = scan.text;
        let mut out = Vec::new();
        for (&at, h) in &scan.people {
            if h.full && in_body(cx.doc, &(at..h.end)) {
                let e = &kb.entities[h.entity];
                let surname = e.short.clone().unwrap_or_else(|| last_word(&e.name));
                out.push(Mention {
                    at,
                    who: Who::Known(h.entity),
                    surname,
                });
            }
        }
        for p in phrases {
            if let Some(n) = &p.name
                && n.full
                && n.person.is_none()
                && in_body(cx.doc, &n.range)
            {
                out.push(Mention {
                    at: n.range.start,
                    who: Who::Written(text[n.range.clone()].to_string()),
                    surname: text[n.last.clone()].to_string(),
                });
            }
        }
        out.sort_by_key(|m| m.at);
        out
    }
}

fn is_courtesy(name: &str) -> bool {
    let first = name.split(' ').next().unwrap_or("");
    matches!(
        first,
        "Mr" | "Mr." | "Mrs" | "Mrs." | "Ms" | "Ms." | "Miss" | "Messrs" | "Messrs."
    )
}

fn last_word(s: &str) -> String {
    s.rsplit(' ').next().unwrap_or(s).to_string()
}

impl Check for Reference {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let scan = cx.scan(&self.people);
        let phrases = cx.phrases(&self.people, &self.lx);
        let mentions = self.mentions(cx, scan, &phrases);
        match self.which {
            Which::LaterTitle => self.later(cx, scan, &phrases, &mentions, out),
            Which::FirstReference => self.first(cx, scan, &mentions, out),
        }
    }
}

impl Reference {
    fn later(
        &self,
        cx: &CheckCtx,
        scan: &Scan,
        phrases: &[Phrase],
        mentions: &[Mention],
        out: &mut Vec<Candidate>,
    ) {
        let kb = cx.knowledge;
        let text = scan.text;
        // RF-004: a surname that two people in the story share keeps its first names.
        let mut by_surname: HashMap<&str, HashSet<&Who>> = HashMap::new();
        for m in mentions {
            by_surname.entry(&m.surname).or_default().insert(&m.who);
        }
        let shared = |s: &str| by_surname.get(s).is_some_and(|w| w.len() > 1);
        // The person a later mention names, if the story gave the full name before `at`.
        let earlier = |who: &Who, surname: &str, at: usize| -> Option<String> {
            mentions
                .iter()
                .find(|m| {
                    m.at < at
                        && match who {
                            Who::Known(_) => m.who == *who,
                            Who::Written(_) => m.surname == surname,
                        }
                })
                .map(|m| m.surname.clone())
        };
        let mut in_phrase: Vec<Range<usize>> = Vec::new();
        for p in phrases {
            let Some(n) = &p.name else { continue };
            if p.form.plural
                || self
                    .keep
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(&p.form.name))
                || !in_body(cx.doc, &(p.start..n.range.end))
            {
                continue;
            }
            in_phrase.push(n.range.clone());
            // "spokesman Mr Kemp": the courtesy title is the titles rules' finding.
            if is_courtesy(&text[n.range.clone()]) {
                continue;
            }
            let surname = &text[n.last.clone()];
            let who = match n.person {
                Some(e) => Who::Known(e),
                None => Who::Written(surname.to_string()),
            };
            if shared(surname) {
                continue;
            }
            let who = match (&who, n.full) {
                (Who::Known(e), false) => {
                    // A surname alone: the one person of that surname the story named in full.
                    let cands = self
                        .people
                        .by_short
                        .get(surname)
                        .cloned()
                        .unwrap_or_default();
                    let named: Vec<usize> = cands
                        .into_iter()
                        .filter(|c| {
                            mentions
                                .iter()
                                .any(|m| m.who == Who::Known(*c) && m.at < p.start)
                        })
                        .collect();
                    match named.as_slice() {
                        [one] => Who::Known(*one),
                        _ => Who::Known(*e),
                    }
                }
                _ => who,
            };
            let Some(house) = earlier(&who, surname, n.range.start) else {
                continue;
            };
            let range = p.start..n.last.end;
            if text[range.clone()] == *house {
                continue;
            }
            let msg = format!(
                "Later reference: the surname alone, without a title{}: “{house}”.",
                if n.full { " or first name" } else { "" }
            );
            let mut c =
                Candidate::replace(self.rule, range, house, Safety::Safe, None).message(msg);
            if let Who::Known(e) = who
                && kb.entities[e].unverified
            {
                c = c.cap(Level::Info);
            }
            out.push(c);
        }
        if !self.full_names {
            return;
        }
        // A full name again, without a title.
        let mut firsts: Vec<&Mention> = Vec::new();
        for m in mentions {
            if !firsts.iter().any(|f| f.who == m.who) {
                firsts.push(m);
            }
        }
        // Where each full name written in the story occurs: one pass for all of them.
        let written: Vec<&str> = firsts
            .iter()
            .filter_map(|m| match &m.who {
                Who::Written(w) => Some(w.as_str()),
                Who::Known(_) => None,
            })
            .collect();
        let mut occurrences: std::collections::HashMap<&str, Vec<usize>> =
            std::collections::HashMap::new();
        if written.len() <= 8 && written.iter().all(|w| !w.is_empty()) {
            // A few names (or none): a substring search each, without building an automaton.
            for &w in &written {
                let step = w.chars().next().map_or(1, char::len_utf8);
                let mut at = 0;
                while let Some(p) = text.get(at..).and_then(|t| t.find(w)) {
                    occurrences.entry(w).or_default().push(at + p);
                    at += p + step;
                }
            }
        } else if let Ok(ac) = aho_corasick::AhoCorasick::new(&written) {
            for hit in ac.find_overlapping_iter(text) {
                occurrences
                    .entry(written[hit.pattern().as_usize()])
                    .or_default()
                    .push(hit.start());
            }
        }
        for m in firsts {
            if shared(&m.surname) {
                continue;
            }
            let again: Vec<Range<usize>> = match &m.who {
                Who::Known(e) => scan
                    .people
                    .iter()
                    .filter(|(at, h)| h.full && h.entity == *e && **at > m.at)
                    .map(|(&at, h)| at..h.end)
                    .collect(),
                Who::Written(w) => occurrences
                    .get(w.as_str())
                    .into_iter()
                    .flatten()
                    .map(|&at| at..at + w.len())
                    .filter(|r| r.start > m.at && crate::rules::matcher::whole_word(text, r))
                    .collect(),
            };
            for r in again {
                if text[r.clone()] == *m.surname
                    || !in_body(cx.doc, &r)
                    || in_phrase
                        .iter()
                        .any(|p| p.start <= r.start && r.start < p.end)
                {
                    continue;
                }
                // "Donald Trump Jr." is someone else.
                let rest = text[r.end..].trim_start_matches(',').trim_start();
                if ["Jr.", "Sr.", "II", "III"]
                    .iter()
                    .any(|s| rest.starts_with(s))
                {
                    continue;
                }
                out.push(
                    Candidate::replace(self.rule, r, m.surname.clone(), Safety::Safe, None)
                        .message(format!(
                            "Later reference: the surname alone, without the first name: “{}”.",
                            m.surname
                        )),
                );
            }
        }
    }

    fn first(&self, cx: &CheckCtx, scan: &Scan, mentions: &[Mention], out: &mut Vec<Candidate>) {
        let kb = cx.knowledge;
        let text = scan.text;
        let mut hits: Vec<(usize, usize, usize)> = scan
            .people
            .iter()
            .filter(|(_, h)| !h.full)
            .map(|(&at, h)| (at, h.end, h.entity))
            .collect();
        hits.sort();
        let mut done: HashSet<usize> = HashSet::new();
        for (at, end, e) in hits {
            let range = at..end;
            if !in_body(cx.doc, &range) {
                continue;
            }
            let surname = &text[range.clone()];
            if self.common.contains(surname)
                || self
                    .people
                    .by_short
                    .get(surname)
                    .is_none_or(|v| v.len() != 1)
                || !done.insert(e)
            {
                continue;
            }
            if mentions.iter().any(|m| m.at < at && m.who == Who::Known(e)) {
                continue;
            }
            // Part of another name ("Chris Brown", "Trump Tower"): not this person.
            if let Ok(ti) = scan.toks.binary_search_by_key(&at, |t| t.start)
                && ti > 0
                && scan.toks[ti].joined
            {
                let prev = scan.tok(ti - 1);
                if prev.chars().next().is_some_and(char::is_uppercase)
                    && self.lx.lookup(prev).is_none()
                    && !self.lx.is_qualifier(prev)
                    && !matches!(prev, "Mr" | "Mr." | "Mrs" | "Mrs." | "Ms" | "Ms." | "Miss")
                {
                    continue;
                }
            }
            let rest = &text[end..];
            let next_cap = rest
                .strip_prefix(' ')
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase);
            if next_cap {
                continue;
            }
            // Only someone in the news on the story's date: a person with no office in the
            // table, or one in office within the last eight years.
            let date = cx.doc.date();
            let mut terms = kb.terms_of(e).peekable();
            let recent = terms.peek().is_none()
                || terms.any(|t| {
                    t.start <= date
                        && t.end.is_none_or(|end| {
                            end.checked_add(jiff::Span::new().years(8))
                                .is_ok_and(|d| d >= date)
                        })
                });
            if !recent {
                continue;
            }
            let full = &kb.entities[e].name;
            out.push(
                Candidate::replace(self.rule, range, full.clone(), Safety::Review, None)
                    .message(format!(
                        "First reference to {full} in the story: use the full name."
                    ))
                    .cap(Level::Info),
            );
        }
    }
}

#[cfg(test)]
mod tests;
