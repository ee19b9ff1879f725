//! `capitalize` (TI-001): a formal title before a full name is capitalised ("councilor David
//! Chen" → "Councilor David Chen"), in the house's abbreviation where the rule asks for it.

use super::Titles;
use crate::finding::Safety;
use crate::rules::kinds::reader::{Phrase, Scan, capitalise, lower_initial, upper_initial};
use crate::rules::kinds::{Candidate, CheckCtx};

impl Titles {
    /// TI-001: a lowercase formal title before a full name.
    pub(super) fn capitalize(
        &self,
        cx: &CheckCtx,
        scan: &Scan,
        p: &Phrase,
        out: &mut Vec<Candidate>,
    ) {
        let Some(name) = &p.name else { return };
        if !p.form.formal || !name.full || p.form.plural || self.skipped(&p.form.name) {
            return;
        }
        let text = scan.text;
        let written = &text[p.bare_title()];
        let wants = &p.form.written;
        let lower_where_upper = written
            .split_whitespace()
            .zip(wants.split_whitespace())
            .any(|(w, f)| lower_initial(w) && upper_initial(f));
        if !lower_where_upper {
            return;
        }
        let i = p.toks.0;
        if i > 0 && scan.toks[i].joined() {
            let prev = scan.tok(i - 1);
            let lower = prev.to_lowercase();
            // "shadow chancellor", "deputy minister": another post.
            if matches!(
                lower.as_str(),
                "shadow" | "deputy" | "junior" | "assistant" | "associate" | "vice" | "under"
            ) {
                return;
            }
            // A lowercase word right before may be part of the title ("welfare minister",
            // "club president"): only after function words and verbs.
            if p.qualifier.is_none()
                && p.modifier.is_none()
                && lower_initial(prev)
                && !cx.knowledge.vocabulary.title_function_words.contains(prev)
                && !prev.ends_with("ed")
            {
                return;
            }
        }
        if self.current_fires(cx, p) {
            return;
        }
        // A known person who holds another office on the story's date, and never one of this
        // title: the words describe the job ("finance minister Gordon Brown" while his formal
        // title was Chancellor of the Exchequer), and a description stays lowercase.
        if let Some(e) = self.entity_of(cx.knowledge, p) {
            let date = cx.doc.date();
            let kb = cx.knowledge;
            let another = kb.terms_of(e).any(|t| t.holds_on(date));
            let this = kb
                .terms_of(e)
                .any(|t| super::terms::office_matches(&p.form.name, &t.office));
            if another && !this {
                return;
            }
        }
        let blocked = self.prev_blocks(scan, p);
        // The title's words take capitals as written ("director-general" → "Director-General");
        // a spelling of the title the house does not use takes the house's.
        let norm = |s: &str| s.to_lowercase().replace('-', " ");
        let as_written = if norm(written) == norm(&p.form.name) {
            written
                .split_inclusive([' ', '-'])
                .map(capitalise)
                .collect::<String>()
        } else {
            p.form.name.clone()
        };
        let mut t = if self.abbreviate && !blocked {
            match self.house_title(scan, p, true) {
                h if h == p.form.name => as_written,
                h => h,
            }
        } else {
            as_written
        };
        if let Some(e) = &p.elect {
            t.push_str(&text[e.clone()].to_lowercase());
        }
        let range = p.title.start..name.range.end;
        let rep = format!("{t}{}", &text[p.title.end..name.range.end]);
        out.push(Candidate::replace(
            self.rule,
            range,
            rep,
            Safety::Safe,
            None,
        ));
    }

    fn skipped(&self, title: &str) -> bool {
        self.skip.iter().any(|s| s.eq_ignore_ascii_case(title))
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::Level;
    use crate::rules::kinds::test_support::{NOV_26, graded, one_at};

    #[test]
    fn a_job_description_of_another_office_stays_lowercase() {
        let on = |t: &str, d| graded("ap", "ap.titles.capitalize", t, d);
        // Brown was Chancellor of the Exchequer on the story's date: "finance minister" tells
        // what the job is.
        assert_eq!(
            on(
                "Britain's finance minister Gordon Brown spoke.",
                jiff::civil::date(2005, 6, 1)
            ),
            vec![]
        );
        // A formal title he held is still capitalised.
        assert_eq!(
            on(
                "Britain's chancellor Gordon Brown spoke.",
                jiff::civil::date(2005, 6, 1)
            )
            .len(),
            1
        );
    }

    #[test]
    fn capitalize() {
        let r = |t: &str| graded("ap", "ap.titles.capitalize", t, NOV_26);
        assert_eq!(
            r("Opponents, including councilor David Chen, said so."),
            one_at(
                "councilor David Chen",
                "Councilor David Chen",
                Level::Warning
            )
        );
        assert_eq!(
            r("The talks included president Emmanuel Macron."),
            one_at(
                "president Emmanuel Macron",
                "President Emmanuel Macron",
                Level::Warning
            )
        );
        assert_eq!(
            r("It was backed by sergeant Ana Ruiz."),
            one_at("sergeant Ana Ruiz", "Sgt. Ana Ruiz", Level::Warning)
        );
        assert_eq!(
            r("It was backed by Bank of England governor Mervyn King."),
            one_at(
                "governor Mervyn King",
                "Governor Mervyn King",
                Level::Warning
            )
        );
        for text in [
            "Councilor Ana Ferreira spoke.",
            "Shadow chancellor Oliver Letwin spoke.",
            "It was attacked by welfare minister Frank Field.",
            "France captain Fabien Pelous spoke.",
            "City councilors approved a plan.",
            "The team is led by coach Bill Belichick.",
        ] {
            assert_eq!(r(text), vec![], "{text}");
        }
    }
}
