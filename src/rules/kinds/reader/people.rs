//! Known people: every spelling of every person in the names authority, found in a story by
//! one automaton.

use std::collections::HashMap;

use aho_corasick::{AhoCorasickBuilder, MatchKind};

use crate::rules::knowledge::Knowledge;
use crate::rules::spec::EntityKind;
use crate::text::FxHashMap;

/// Every spelling of every person in the names authority, in one automaton.
pub(crate) struct People {
    ac: Option<crate::rules::matcher::Automaton>,
    /// Per pattern: entity, and whether it is a full-name form.
    forms: Vec<(usize, bool)>,
    /// Surname (any profile's short form) → the people who have it.
    pub by_short: HashMap<String, Vec<usize>>,
}

/// A known person's name in the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct PersonHit {
    pub end: usize,
    pub entity: usize,
    pub full: bool,
}

impl People {
    pub fn new(kb: &Knowledge) -> Self {
        let mut pats = Vec::new();
        let mut forms = Vec::new();
        let mut by_short: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in kb.entities.iter().enumerate() {
            if e.kind != EntityKind::Person {
                continue;
            }
            for f in std::iter::once(&e.name).chain(&e.other_full) {
                pats.push(f.clone());
                forms.push((i, true));
            }
            for s in e.short.iter().chain(&e.other_short) {
                pats.push(s.clone());
                forms.push((i, false));
                let v = by_short.entry(s.clone()).or_default();
                if !v.contains(&i) {
                    v.push(i);
                }
            }
        }
        let mut b = AhoCorasickBuilder::new();
        b.match_kind(MatchKind::LeftmostLongest);
        let ac = crate::rules::matcher::Automaton::new(&b, &pats).ok();
        People {
            ac,
            forms,
            by_short,
        }
    }

    /// Known people's names in `text`, keyed by start offset (whole words only).
    pub fn find(&self, text: &str) -> FxHashMap<usize, PersonHit> {
        let mut out = FxHashMap::default();
        self.each(text, |start, hit| {
            out.insert(start, hit);
        });
        out
    }

    /// Known people's names in `text` with their start offsets, in text order.
    pub fn each(&self, text: &str, mut found: impl FnMut(usize, PersonHit)) {
        let Some(ac) = &self.ac else { return };
        for m in ac.get(text.len()).find_iter(text) {
            let r = m.start()..m.end();
            // Whole words, and not part of "O'Driscoll" or "Smith-Jones".
            let before = text[..r.start].chars().next_back();
            let after = text[r.end..].chars().next();
            if !crate::rules::matcher::whole_word(text, &r)
                || before.is_some_and(|c| matches!(c, '\'' | '’' | '-'))
                || after.is_some_and(|c| c == '-')
            {
                continue;
            }
            let (entity, full) = self.forms[m.pattern().as_usize()];
            found(
                r.start,
                PersonHit {
                    end: r.end,
                    entity,
                    full,
                },
            );
        }
    }
}
