//! `modifiers` (TI-003/TI-004): `former`, `then-`, `-elect` and `state` before a title stay
//! lowercase ("Former Gov. Jane Roe" → "former Gov. Jane Roe").

use std::ops::Range;

use super::Titles;
use crate::finding::{Level, Safety};
use crate::rules::kinds::reader::{Phrase, Scan, upper_initial};
use crate::rules::kinds::{Candidate, CheckCtx};

impl Titles {
    /// TI-003/TI-004: `former`, `then-`, `-elect`, `state` before a title stay lowercase.
    pub(super) fn modifiers(
        &self,
        cx: &CheckCtx,
        scan: &Scan,
        p: &Phrase,
        out: &mut Vec<Candidate>,
    ) {
        let text = scan.text;
        if !p.form.formal {
            return;
        }
        if let Some(e) = &p.elect {
            let w = &text[e.clone()];
            if w != "-elect" && !self.current_fires(cx, p) {
                out.push(Candidate::replace(
                    self.rule,
                    e.clone(),
                    "-elect",
                    Safety::Safe,
                    None,
                ));
            }
        }
        let mut cands: Vec<Range<usize>> = Vec::new();
        if let Some((_, m)) = &p.modifier {
            cands.push(m.clone());
        }
        // "State Sen.": the word right before the title.
        if p.modifier.is_none()
            && p.toks.0 > 0
            && scan.toks[p.toks.0].joined()
            && scan.tok(p.toks.0 - 1) == "State"
            && matches!(
                p.form.name.as_str(),
                "Senator" | "Representative" | "Assemblyman" | "Assemblywoman" | "Delegate"
            )
        {
            let t = &scan.toks[p.toks.0 - 1];
            let before_cap = p.toks.0 > 1
                && scan.toks[p.toks.0 - 1].joined()
                && upper_initial(scan.tok(p.toks.0 - 2));
            if !before_cap {
                cands.push(t.range());
            }
        }
        for m in cands {
            let w = &text[m.clone()];
            let core = w.trim_end_matches('-');
            if !upper_initial(core)
                || !(self.words.iter().any(|x| x.eq_ignore_ascii_case(core)) || core == "State")
            {
                continue;
            }
            if cx.doc.is_sentence_start(m.start) || self.current_fires(cx, p) {
                continue;
            }
            let rep = w.to_lowercase();
            let mut c = Candidate::replace(self.rule, m, rep, Safety::Safe, None);
            if self.unverified.iter().any(|u| u.eq_ignore_ascii_case(core)) {
                c = c.cap(Level::Info);
            }
            out.push(c);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Level;
    use crate::rules::kinds::test_support::{NOV_26, graded, one_at};

    #[test]
    fn modifiers() {
        let r = |t: &str| graded("ap", "ap.titles.modifiers", t, NOV_26);
        assert_eq!(
            r("It was backed by Former Gov. Jane Roe."),
            one_at("Former", "former", Level::Warning)
        );
        assert_eq!(
            r("President-Elect Jane Smith met them."),
            one_at("-Elect", "-elect", Level::Warning)
        );
        assert_eq!(
            r("It was backed by Then-Gov. Jane Roe."),
            one_at("Then-", "then-", Level::Warning)
        );
        assert_eq!(
            r("It was written by State Sen. Paul Haskins."),
            one_at("State", "state", Level::Warning)
        );
        assert_eq!(
            r("It was backed by Acting Mayor Jane Roe."),
            one_at("Acting", "acting", Level::Info)
        );
        for text in [
            "Former Gov. Jane Roe backed it.",
            "It was backed by Ohio State Sen. Paul Haskins.",
            // The current check owns this one.
            "It was backed by Former President Donald Trump.",
        ] {
            assert_eq!(r(text), vec![], "{text}");
        }
    }
}
