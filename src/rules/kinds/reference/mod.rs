//! `reference`: first and later references to people (stylebook §8).
//!
//! - `later-title` (RF-002): once a person's full name has appeared in the body, a later
//!   reference is the surname alone: no title, no first name ("Sgt. Ruiz" → "Ruiz",
//!   "Ukrainian President Zelenskiy" → "Zelenskyy"). Two people sharing a surname keep their
//!   first names (RF-004); monarchs and popes keep their titles (RF-005).
//! - `first-reference` (RF-001): a known person's bare surname before any full name.
//!
//! A headline is not a first reference: only mentions in the body count. Each item of a news
//! digest is a story of its own: references are counted item by item.
//!
//! Both read the story through the shared [`reader`](super::reader); each check is one file.

mod first_reference;
mod later_title;

use crate::text::FxHashSet as HashSet;

use crate::text::FxHashMap as HashMap;
use std::ops::Range;
use std::sync::Arc;

use serde::Deserialize;

use super::reader::{People, Phrase, Scan};
use super::{BuildCtx, Candidate, Check, CheckCtx, LexiconRef};
use crate::document::Document;
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
    /// The digest item it is in.
    item: usize,
    who: Who,
    surname: String,
}

fn in_body(doc: &Document, r: &Range<usize>) -> bool {
    doc.in_body(r)
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
                    item: cx.doc.item_index(at),
                    who: Who::Known(h.entity),
                    surname,
                });
            }
        }
        for p in phrases {
            // "the Kings Own Scottish Borderers": a plural title names no one person.
            if let Some(n) = &p.name
                && n.full
                && n.person.is_none()
                && !p.form.plural
                && in_body(cx.doc, &n.range)
            {
                out.push(Mention {
                    at: n.range.start,
                    item: cx.doc.item_index(n.range.start),
                    who: Who::Written(text[n.range.clone()].to_string()),
                    surname: text[n.last.clone()].to_string(),
                });
            }
        }
        out.sort_by_key(|m| m.at);
        out
    }
}

/// The first full name of each person, and of each surname, in each digest item: what a later
/// mention looks back for, found without going over every mention again.
struct Earliest<'m> {
    who: HashMap<(usize, &'m Who), &'m Mention>,
    surname: HashMap<(usize, &'m str), &'m Mention>,
}

impl<'m> Earliest<'m> {
    /// `mentions` are in order.
    fn new(mentions: &'m [Mention]) -> Self {
        let mut who = HashMap::default();
        let mut surname = HashMap::default();
        for m in mentions {
            who.entry((m.item, &m.who)).or_insert(m);
            surname.entry((m.item, m.surname.as_str())).or_insert(m);
        }
        Earliest { who, surname }
    }

    /// The first mention of `who` in `item`, if it comes before `at`.
    fn of(&self, item: usize, who: &Who, at: usize) -> Option<&'m Mention> {
        self.who.get(&(item, who)).copied().filter(|m| m.at < at)
    }

    /// The first mention of anyone of `surname` in `item`, if it comes before `at`.
    fn of_surname(&self, item: usize, surname: &str, at: usize) -> Option<&'m Mention> {
        self.surname
            .get(&(item, surname))
            .copied()
            .filter(|m| m.at < at)
    }
}

fn last_word(s: &str) -> String {
    s.rsplit(' ').next().unwrap_or(s).to_string()
}

impl Check for Reference {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let scan = cx.scan(&self.people);
        let phrases = cx.phrases(&self.people, &self.lx);
        let mentions = self.mentions(cx, scan, &phrases);
        let earliest = Earliest::new(&mentions);
        match self.which {
            Which::LaterTitle => self.later(cx, scan, &phrases, &mentions, &earliest, out),
            Which::FirstReference => self.first(cx, scan, &earliest, out),
        }
    }
}
