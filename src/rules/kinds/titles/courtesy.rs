//! `courtesy` (TI-010): no Mr., Mrs., Ms. or Miss before a surname outside quotations ("Mr.
//! Chen" → "Chen"); forms of address ("Mr. President") and characters ("Mr. Bean") stay.

use crate::text::FxHashSet;

use super::Titles;
use crate::finding::Safety;
use crate::rules::kinds::Candidate;
use crate::rules::kinds::CheckCtx;
use crate::rules::kinds::reader::{Scan, name_word, strip_possessive};

impl Titles {
    /// TI-010: no courtesy titles.
    pub(super) fn courtesy(&self, cx: &CheckCtx, scan: &Scan, out: &mut Vec<Candidate>) {
        let doc = cx.doc;
        let text = scan.text;
        let mut surnames: Option<FxHashSet<&str>> = None;
        let mut namesakes = None;
        for (i, t) in scan.toks.iter().enumerate() {
            let w = &text[t.range()];
            let first = w.as_bytes().first().map_or(0, |&b| usize::from(b));
            if !self.courtesy_first[first] || !self.courtesy.iter().any(|c| c == w) {
                continue;
            }
            // "Mr. and Mrs. Smith": leave it.
            if i >= 2
                && scan.tok(i - 1) == "and"
                && self.courtesy.iter().any(|c| c == scan.tok(i - 2))
            {
                continue;
            }
            let Some(next) = scan.toks.get(i + 1) else {
                continue;
            };
            if !next.joined() {
                continue;
            }
            let Some(name) = scan.name_at(i + 1, Some(&self.lx)) else {
                continue;
            };
            // Forms of address ("Mr. President") and characters ("Mr. Bean") stay.
            let first = &text[next.range()];
            let surname = &text[name.last.clone()];
            if self.lx.lookup(first).is_some()
                || self.lx.lookup(surname).is_some()
                || scan.vocab.not_surnames.contains(surname)
            {
                continue;
            }
            if w == "Miss" {
                // "Miss America": only a surname the story gives with a first name.
                let set = surnames.get_or_insert_with(|| full_name_surnames(scan));
                if !set.contains(&text[name.last.clone()]) {
                    continue;
                }
            }
            // Two people of that surname in the story: the surname alone would not say which
            // (AP: first and last names), and only the writer knows the first name.
            let shared = namesakes.get_or_insert_with(|| cx.namesakes(&self.people, &self.lx));
            if shared.contains(&(doc.item_index(t.start()), surname)) {
                out.push(
                    Candidate::bare(self.rule, t.start()..name.last.end).message(format!(
                        "No courtesy title; two people in the story are called {surname}: \
                         write this one's first and last names."
                    )),
                );
                continue;
            }
            // The title goes; the name stays as written ("Mr. Graham Hartley" → "Graham
            // Hartley", "Mr Van de Vijver" → "Van de Vijver").
            out.push(Candidate::replace(
                self.rule,
                t.start()..name.last.end,
                &text[name.range.start..name.last.end],
                Safety::Safe,
                None,
            ));
        }
    }
}

/// Last words of capitalised two- and three-word names in the story.
fn full_name_surnames<'t>(scan: &Scan<'t>) -> FxHashSet<&'t str> {
    let mut out = FxHashSet::default();
    let text = scan.text;
    for (i, t) in scan.toks.iter().enumerate() {
        if !t.joined() || i == 0 {
            continue;
        }
        let (a, b) = (scan.tok(i - 1), &text[t.range()]);
        if name_word(scan.vocab, a).is_some()
            && name_word(scan.vocab, b).is_some()
            && !scan.vocab.courtesy.contains(a)
        {
            out.insert(strip_possessive(b).trim_end_matches('.'));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use crate::rules::Level;
    use crate::rules::kinds::test_support::{NOV_26, graded, one_at};

    #[test]
    fn courtesy() {
        let r = |t: &str| graded("ap", "ap.titles.courtesy", t, NOV_26);
        assert_eq!(
            r("\"A bad price tag,\" Mr. Chen said."),
            one_at("Mr. Chen", "Chen", Level::Warning)
        );
        assert_eq!(
            r("Mr Blair said he would stand."),
            one_at("Mr Blair", "Blair", Level::Warning)
        );
        // The title goes, and the name stays as written.
        assert_eq!(
            r("Mr. Graham Hartley said so."),
            one_at("Mr. Graham Hartley", "Graham Hartley", Level::Warning)
        );
        assert_eq!(
            r("Mr Van de Vijver said so."),
            one_at("Mr Van de Vijver", "Van de Vijver", Level::Warning)
        );
        assert_eq!(
            r("Jane Smith spoke. Miss Smith said so."),
            one_at("Miss Smith", "Smith", Level::Warning)
        );
        for text in [
            "\"Ask Mr. Chen,\" she said.",
            "She was crowned Miss America.",
            "Mr. and Mrs. Smith arrived.",
            "He played Mr Bean.",
            "Thank you, Mr. President.",
        ] {
            assert_eq!(r(text), vec![], "{text}");
        }
    }
}
