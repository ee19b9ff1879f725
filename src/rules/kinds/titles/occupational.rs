//! `occupational` (TI-009): a job description before a name stays lowercase ("Race Director
//! Tom Leary" → "race director Tom Leary").

use super::Titles;
use crate::document::Document;
use crate::rules::kinds::Candidate;
use crate::rules::kinds::reader::{Phrase, Scan, capitalise};

impl Titles {
    /// TI-009: an occupational description before a name is lowercase.
    pub(super) fn occupational(
        &self,
        doc: &Document,
        scan: &Scan,
        p: &Phrase,
        out: &mut Vec<Candidate>,
    ) {
        let Some(name) = &p.name else { return };
        let f = &p.form;
        // A surname alone may be a character or a film ("Coach Carter").
        if f.formal || !name.full {
            return;
        }
        let text = scan.text;
        let written = &text[p.title.clone()];
        let mut want = if f.is_abbrev {
            f.name.to_lowercase()
        } else {
            written.to_lowercase()
        };
        if doc.is_sentence_start(p.title.start) {
            want = capitalise(&want);
        }
        if want == written {
            return;
        }
        out.push(self.retitle(scan, p, name, &want));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Level;
    use crate::rules::kinds::test_support::{NOV_26, graded, one_at};

    #[test]
    fn occupational() {
        let r = |t: &str| graded("ap", "ap.titles.occupational", t, NOV_26);
        assert_eq!(
            r("The course was changed by Race Director Tom Leary."),
            one_at(
                "Race Director Tom Leary",
                "race director Tom Leary",
                Level::Warning
            )
        );
        assert_eq!(
            r("Trump said Special Envoy Steve Witkoff would go."),
            one_at(
                "Special Envoy Steve Witkoff",
                "special envoy Steve Witkoff",
                Level::Info
            )
        );
        assert_eq!(r("Coach Bill Belichick said little."), vec![]);
        assert_eq!(r("The film Coach Carter opened."), vec![]);
    }
}
