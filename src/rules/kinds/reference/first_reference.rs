//! `first-reference` (RF-001): a known person's bare surname before any full name in the body
//! ("Starmer said" → "Keir Starmer said"), for someone in the news on the story's date.

use crate::text::FxHashSet as HashSet;

use super::{Earliest, Reference, Who, in_body};
use crate::finding::{Level, Safety};
use crate::rules::kinds::reader::Scan;
use crate::rules::kinds::{Candidate, CheckCtx};

impl Reference {
    pub(super) fn first(
        &self,
        cx: &CheckCtx,
        scan: &Scan,
        earliest: &Earliest,
        out: &mut Vec<Candidate>,
    ) {
        let kb = cx.knowledge;
        let text = scan.text;
        let mut hits: Vec<(usize, usize, usize)> = scan
            .people
            .iter()
            .filter(|(_, h)| !h.full)
            .map(|(&at, h)| (at, h.end, h.entity))
            .collect();
        hits.sort();
        let mut done: HashSet<(usize, usize)> = HashSet::default();
        for (at, end, e) in hits {
            let range = at..end;
            if !in_body(cx.doc, &range) {
                continue;
            }
            let item = cx.doc.item_index(at);
            let surname = &text[range.clone()];
            if self.common.contains(surname)
                || self
                    .people
                    .by_short
                    .get(surname)
                    .is_none_or(|v| v.len() != 1)
                || !done.insert((item, e))
            {
                continue;
            }
            if earliest.of(item, &Who::Known(e), at).is_some() {
                continue;
            }
            // Part of another name ("Chris Brown", "Trump Tower"): not this person.
            if let Some(ti) = scan.tok_starting_at(at)
                && ti > 0
                && scan.toks[ti].joined()
            {
                let prev = scan.tok(ti - 1);
                if prev.chars().next().is_some_and(char::is_uppercase)
                    && self.lx.lookup(prev).is_none()
                    && !self.lx.is_qualifier(prev)
                    && !scan.vocab.courtesy.contains(prev)
                {
                    continue;
                }
            }
            let rest = &text[end..];
            let next_cap = rest
                .strip_prefix(' ')
                .and_then(|r| r.chars().next())
                .is_some_and(char::is_uppercase);
            if next_cap || modifies_what_follows(scan, rest) {
                continue;
            }
            // Only someone in the news on the story's date: a person with no office in the
            // table, or one in office within the last eight years.
            let date = cx.doc.date();
            let mut terms = kb.terms_of(e).peekable();
            let has_terms = terms.peek().is_some();
            let recent = !has_terms
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
            let c = Candidate::replace(self.rule, range, full.clone(), Safety::Review, None)
                .message(format!(
                    "First reference to {full} in the story: use the full name."
                ))
                .cap(Level::Info);
            // Whether the person is in the news rests on the story's date.
            out.push(if has_terms { c.dated() } else { c });
        }
    }
}

/// Whether the words after a surname make it part of something else: a modifier ("the Blair
/// government", "Bush voters", "the Bush/Kerry contest") or a longer name ("Lula da Silva").
pub(super) fn modifies_what_follows(scan: &Scan, rest: &str) -> bool {
    if rest.starts_with('/') {
        return true;
    }
    let mut words = rest
        .strip_prefix(' ')
        .unwrap_or("")
        .split(|c: char| c.is_whitespace() || matches!(c, ',' | '.' | ';' | ':' | '"' | '”'));
    let Some(next) = words.next().filter(|w| !w.is_empty()) else {
        return false;
    };
    scan.vocab.attributive.contains(&next.to_lowercase())
        || (scan.vocab.particles.contains(next)
            && words
                .next()
                .and_then(|w| w.chars().next())
                .is_some_and(char::is_uppercase))
}

#[cfg(test)]
mod tests {
    use crate::rules::Level;
    use crate::rules::kinds::test_support::{NOV_26, graded, one_at};

    #[test]
    fn first_reference_wants_the_full_name() {
        let first = |t: &str| graded("ap", "ap.reference.first-reference", t, NOV_26);
        assert_eq!(
            first("Starmer said the talks would go on."),
            one_at("Starmer", "Keir Starmer", Level::Info)
        );
        // Out of office, but recently.
        assert_eq!(
            first("Biden said so."),
            one_at("Biden", "Joe Biden", Level::Info)
        );
        for text in [
            "Prime Minister Keir Starmer spoke. Starmer said the talks would go on.",
            // A headline does not count, but the body's full name does.
            "Starmer speaks\nLONDON (AP) — Keir Starmer spoke. Starmer said so.\n",
            // Part of another name.
            "Brian O'Driscoll scored.",
            "The Trump Tower was busy.",
            // A surname several known people share.
            "Johnson said so.",
            // A surname that modifies what follows is no reference to the person.
            "Critics of the Trump administration spoke.",
            "The Starmer government fell.",
            "More Biden voters stayed home.",
            "The Trump/Harris race tightened.",
        ] {
            assert_eq!(first(text), vec![], "{text}");
        }
        // Each item of a digest is a story of its own.
        let digest = "Talks go on
LONDON (AP) — Keir Starmer spoke.
___
Starmer leaves
PARIS (AP) — Starmer left.
";
        assert_eq!(
            first(digest),
            one_at("Starmer", "Keir Starmer", Level::Info)
        );
    }
}
