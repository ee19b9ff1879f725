//! `abbreviate` (TI-005/TI-006/TI-007): the house form of a title before a full name (`Sgt.`
//! in AP, `Senator` in Reuters, never `Pres.`).

use super::Titles;
use crate::finding::Safety;
use crate::rules::kinds::Candidate;
use crate::rules::kinds::reader::{Phrase, Scan, upper_initial};

impl Titles {
    /// TI-005/TI-006/TI-007: the house form of a title before a full name.
    pub(super) fn abbreviate(&self, scan: &Scan, p: &Phrase, out: &mut Vec<Candidate>) {
        let Some(name) = &p.name else { return };
        let f = &p.form;
        if !f.formal
            || f.plural
            || p.elect.is_some()
            || !self.only.is_empty() && !self.only.contains(&f.name)
        {
            return;
        }
        let text = scan.text;
        let written = &text[p.title.clone()];
        if !upper_initial(written) || written != f.written {
            return;
        }
        // "the Rev.": the abbreviation is written after its "the".
        let house_abbrev = f
            .abbrev
            .as_deref()
            .map(|a| a.strip_prefix("the ").unwrap_or(a));
        let want =
            if f.is_abbrev && f.abbrev.as_deref() != Some(written) && house_abbrev != Some(written)
            {
                // An abbreviation the house spells out (Pres., or Sen. in Reuters copy).
                f.name.clone()
            } else if !f.is_abbrev && f.abbrev.is_some() && name.full {
                self.house_title(scan, p, true)
            } else {
                return;
            };
        if want == written {
            return;
        }
        if self.prev_blocks(scan, p) {
            return;
        }
        let listed = |l: &[String]| l.iter().any(|t| t.eq_ignore_ascii_case(&f.name));
        // "England Captain Jeremy Bates", "Liverpool's Captain": the team's, not a rank.
        if listed(&self.team) && p.toks.0 > 0 && scan.toks[p.toks.0].joined() {
            let prev = scan.tok(p.toks.0 - 1);
            if !prev.ends_with('.')
                && (upper_initial(prev) || prev.ends_with("'s") || prev.ends_with("’s"))
            {
                return;
            }
        }
        let mut c = self.retitle(scan, p, name, &want);
        if listed(&self.review) {
            for f in &mut c.fixes {
                f.safety = Safety::Review;
            }
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Level;
    use crate::rules::kinds::test_support::{NOV_26, graded, one_at};

    #[test]
    fn abbreviate() {
        let r = |t: &str| graded("ap", "ap.titles.abbreviate", t, NOV_26);
        assert_eq!(
            r("Colorado State Patrol Sergeant Ana Ruiz said so."),
            one_at("Sergeant Ana Ruiz", "Sgt. Ana Ruiz", Level::Warning)
        );
        assert_eq!(
            r("It was written by Senator Paul Haskins."),
            one_at("Senator Paul Haskins", "Sen. Paul Haskins", Level::Warning)
        );
        assert_eq!(
            r("It was signed by Lieutenant Governor Jane Roe."),
            one_at(
                "Lieutenant Governor Jane Roe",
                "Lt. Gov. Jane Roe",
                Level::Warning
            )
        );
        assert_eq!(
            r("It was read by Reverend Peter Smith."),
            one_at(
                "Reverend Peter Smith",
                "the Rev. Peter Smith",
                Level::Warning
            )
        );
        assert_eq!(
            r("It was read by the Reverend Peter Smith."),
            one_at("Reverend Peter Smith", "Rev. Peter Smith", Level::Warning)
        );
        // Inside a quotation too (the fix then needs review).
        assert_eq!(
            r("\"Ask Governor Jane Roe,\" he said."),
            one_at("Governor Jane Roe", "Gov. Jane Roe", Level::Warning)
        );
        for text in [
            "Sgt. Ana Ruiz said so.",
            "Bank of England Governor Mervyn King spoke.",
            "The plant belongs to General Motors Co.",
            "It funds the Private Finance Initiative.",
            "Attorney General Pam Bondi spoke.",
            "Later, Sergeant Ruiz said so.",
        ] {
            assert_eq!(r(text), vec![], "{text}");
        }
        let rt = |t: &str| graded("reuters", "reuters.titles.abbreviate", t, NOV_26);
        assert_eq!(
            rt("It was written by Sen. Elizabeth Warren."),
            one_at(
                "Sen. Elizabeth Warren",
                "Senator Elizabeth Warren",
                Level::Info
            )
        );
        assert_eq!(rt("It was led by Sgt. Ana Ruiz."), vec![]);
    }
}
