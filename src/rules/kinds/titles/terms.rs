//! What the term table says about a title before a known person's name on the story's date:
//! the `current` check reports it, and the other title checks stay silent where it speaks.

use std::collections::HashSet;

use jiff::civil::Date;

use super::Titles;
use crate::rules::kinds::CheckCtx;
use crate::rules::kinds::reader::{Modifier, Phrase};
use crate::rules::knowledge::{Knowledge, Term};

/// What the term table says about a title before a person's name on a date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) enum Verdict {
    /// Correct as written.
    Fine,
    /// Unknown: no data for that time.
    Unknown,
    /// Sitting: drop "former".
    DropFormer,
    /// Out of office: add "former".
    AddFormer,
    /// Between election and inauguration: add "-elect".
    AddElect,
    /// In office: drop "-elect".
    DropElect,
    /// A title the person did not hold; the title they hold (or held) instead, and whether
    /// that one is former.
    NotHeld(Option<(String, bool)>),
}

impl Titles {
    /// The person a phrase names, when a known one.
    pub(super) fn entity_of(&self, kb: &Knowledge, p: &Phrase) -> Option<usize> {
        let name = p.name.as_ref()?;
        let e = name.person?;
        if name.full {
            return Some(e);
        }
        // A surname: the one person of that surname who held this title.
        let short = &kb.entities[e];
        let cands: Vec<usize> = short
            .short
            .iter()
            .chain(&short.other_short)
            .filter_map(|s| self.people.by_short.get(s))
            .flatten()
            .copied()
            .filter(|&c| {
                kb.terms_of(c)
                    .any(|t| office_matches(&p.form.name, &t.office))
            })
            .collect::<HashSet<_>>()
            .into_iter()
            .collect();
        (cands.len() == 1).then(|| cands[0])
    }

    /// TI-008: the title against the terms on the story's date, and whether the verdict
    /// rests on an unverified fact.
    pub(super) fn verdict(
        &self,
        kb: &Knowledge,
        p: &Phrase,
        entity: usize,
        date: Date,
        full: bool,
        text: &str,
    ) -> (Verdict, bool) {
        let terms: Vec<&Term> = kb.terms_of(entity).collect();
        // Before the first term the table knows of, the table says nothing.
        let Some(first) = terms
            .iter()
            .map(|t| t.elected.unwrap_or(t.start).min(t.start))
            .min()
        else {
            return (Verdict::Unknown, false);
        };
        if date < first || p.form.plural {
            return (Verdict::Unknown, false);
        }
        let title = &p.form.name;
        // "Welfare Minister": a word before the title names the office ("Minister" alone
        // would be any minister's); only that office, or the title itself, matches.
        let portfolio = p
            .portfolio
            .as_ref()
            .map(|r| format!("{} {title}", &text[r.clone()]));
        let matching: Vec<&Term> = terms
            .iter()
            .copied()
            .filter(|t| match &portfolio {
                Some(named) => office_matches(named, &t.office) || same_office(title, &t.office),
                None => office_matches(title, &t.office),
            })
            .collect();
        if portfolio.is_some() && matching.is_empty() {
            return (Verdict::Unknown, false);
        }
        let holds = matching.iter().find(|t| t.holds_on(date));
        let elect = matching
            .iter()
            .find(|t| t.elected.is_some_and(|e| e <= date) && date < t.start);
        let ended = matching.iter().rfind(|t| t.end.is_some_and(|e| e <= date));
        let keeps = self
            .keep_after
            .iter()
            .any(|k| k.eq_ignore_ascii_case(title));
        let modifier = p.modifier.as_ref().map(|m| m.0);
        if !matching.is_empty() {
            return match (modifier, &p.elect) {
                (Some(Modifier::Former), None) => match holds {
                    Some(t) => (Verdict::DropFormer, t.unverified),
                    None => (Verdict::Fine, false),
                },
                (Some(_), _) => (Verdict::Fine, false),
                (None, Some(_)) => match (holds, elect) {
                    (Some(t), None) => (Verdict::DropElect, t.unverified),
                    _ => (Verdict::Fine, false),
                },
                (None, None) => match (holds, elect, ended) {
                    (Some(_), _, _) => (Verdict::Fine, false),
                    (None, Some(t), _) => (Verdict::AddElect, t.unverified),
                    (None, None, Some(t)) if !keeps => (Verdict::AddFormer, t.unverified),
                    _ => (Verdict::Unknown, false),
                },
            };
        }
        // A title never held: only with a full name, only for an office the table tracks, and
        // only when the person holds (or held) another tracked office instead.
        if !full || !self.lx.tracked(title) || !matches!(modifier, None | Some(Modifier::Former)) {
            return (Verdict::Unknown, false);
        }
        let now = terms.iter().find(|t| t.holds_on(date));
        let before = terms.iter().rfind(|t| t.end.is_some_and(|e| e <= date));
        match (now, before) {
            (Some(t), _) => (
                Verdict::NotHeld(Some((t.office.clone(), false))),
                t.unverified,
            ),
            (None, Some(t)) => (
                Verdict::NotHeld(Some((t.office.clone(), true))),
                t.unverified,
            ),
            _ => (Verdict::Unknown, false),
        }
    }

    /// Whether the `current` check speaks about this phrase (other checks then stay silent).
    pub(super) fn current_fires(&self, cx: &CheckCtx, p: &Phrase) -> bool {
        let Some(name) = &p.name else { return false };
        let Some(e) = self.entity_of(cx.knowledge, p) else {
            return false;
        };
        !matches!(
            self.verdict(cx.knowledge, p, e, cx.doc.date(), name.full, cx.doc.text())
                .0,
            Verdict::Fine | Verdict::Unknown
        )
    }
}

/// Whether a title as written names this office of the term table: the same words, or the
/// head of a compound office (`Secretary` for `Defense Secretary` or `Secretary of State`,
/// `Speaker` for `House Speaker`) but not a different rank (`President` is not
/// `Vice President`).
/// A title or office as compared: lowercase, hyphens as spaces.
fn norm(s: &str) -> String {
    s.replace('-', " ").to_lowercase()
}

/// Whether a title as written is the office's own name (hyphens and case aside).
fn same_office(title: &str, office: &str) -> bool {
    norm(title) == norm(office)
}

pub(super) fn office_matches(title: &str, office: &str) -> bool {
    let (t, o) = (norm(title), norm(office));
    if t == o {
        return true;
    }
    if let Some(head) = o.strip_suffix(&t)
        && let Some(head) = head.strip_suffix(' ')
    {
        let prev = head.rsplit(' ').next().unwrap_or("");
        return !matches!(
            prev,
            "vice"
                | "deputy"
                | "prime"
                | "chief"
                | "crown"
                | "supreme"
                | "associate"
                | "assistant"
                | "under"
                | "lieutenant"
                | "majority"
                | "minority"
        );
    }
    o.strip_prefix(&t).is_some_and(|r| r.starts_with(" of "))
}

#[cfg(test)]
mod tests {
    use super::office_matches;

    #[test]
    fn offices() {
        assert!(office_matches("Secretary", "Secretary of State"));
        assert!(office_matches("Secretary", "Defense Secretary"));
        assert!(office_matches("Speaker", "House Speaker"));
        assert!(office_matches("Secretary General", "Secretary-General"));
        assert!(!office_matches("President", "Vice President"));
        assert!(!office_matches("Minister", "Prime Minister"));
        assert!(!office_matches("Justice", "Chief Justice"));
    }
}
