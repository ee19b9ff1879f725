//! `current` (TI-008): a known person's title checked against the office terms on the story's
//! date: "former" for someone out of office, none for someone sitting, "-elect" between
//! election and inauguration, and the right title for one never held.

use std::ops::Range;

use super::Titles;
use super::terms::Verdict;
use crate::finding::{Edit, Level, Safety};
use crate::rules::kinds::reader::{Phrase, Scan, capitalise, upper_initial};
use crate::rules::kinds::{Candidate, CheckCtx};

impl Titles {
    pub(super) fn current(&self, cx: &CheckCtx, scan: &Scan, p: &Phrase) -> Option<Candidate> {
        let kb = cx.knowledge;
        let name = p.name.as_ref()?;
        let e = self.entity_of(kb, p)?;
        let (v, unverified) = self.verdict(kb, p, e, cx.doc.date(), name.full, scan.text);
        let text = scan.text;
        let written_title = &text[p.bare_title()];
        // A lowercase title takes the capital it should have.
        let title = if written_title.chars().any(char::is_uppercase) {
            written_title.to_string()
        } else {
            p.form.name.clone()
        };
        let sentence_start = cx.doc.is_sentence_start(p.start);
        let former = if sentence_start { "Former" } else { "former" };
        let whole = p.start..name.range.end;
        let person = &kb.entities[e].name;
        // The first word of the phrase after the modifier, and the text up to it.
        let first_tok = |from: usize| {
            scan.toks
                .get(scan.toks.partition_point(|t| t.start() < from))
                .map_or(from..from, |t| t.range())
        };
        let (range, replacement, message): (Range<usize>, Option<String>, String) = match v {
            Verdict::Fine | Verdict::Unknown => return None,
            Verdict::DropFormer => {
                // Only "former" goes, with the space after it; the words after it stay as
                // written ("former U.S. President" → "U.S. President"), the first one
                // capitalised at the start of a sentence.
                let Some((_, m)) = &p.modifier else {
                    return None;
                };
                let next = first_tok(m.end);
                let word = &text[next.clone()];
                let (range, r) = if sentence_start && !upper_initial(word) {
                    (m.start..next.end, capitalise(word))
                } else {
                    (m.start..next.start, String::new())
                };
                (
                    range,
                    Some(r),
                    format!(
                        "{person} holds this office on the story's date ({}); drop “former”.",
                        cx.doc.date()
                    ),
                )
            }
            Verdict::AddFormer => {
                // "former" goes before the first word, which stays as written; a title that
                // starts the phrase is written with its capitals.
                let first = first_tok(p.start);
                let bare = p.bare_title();
                let (first, r) = if first.start == bare.start {
                    (bare, format!("{former} {title}"))
                } else {
                    (first.clone(), format!("{former} {}", &text[first]))
                };
                (
                    first,
                    Some(r),
                    format!(
                        "{person} no longer holds this office on the story's date ({}); write “former”.",
                        cx.doc.date()
                    ),
                )
            }
            Verdict::AddElect => (
                p.bare_title(),
                Some(format!("{title}-elect")),
                format!(
                    "{person} is elected but not yet in office on the story's date ({}).",
                    cx.doc.date()
                ),
            ),
            Verdict::DropElect => {
                let elect = p.elect.clone().unwrap_or(p.title.end..p.title.end);
                (
                    elect,
                    Some(String::new()),
                    format!(
                        "{person} is in office on the story's date ({}); drop “-elect”.",
                        cx.doc.date()
                    ),
                )
            }
            Verdict::NotHeld(instead) => {
                let (range, rep, msg) = match instead {
                    Some((office, was)) => {
                        let t = if was {
                            format!("{former} {office}")
                        } else {
                            office.clone()
                        };
                        let tr = p.bare_title();
                        // A "former" before the wrong title goes with it.
                        let range = match &p.modifier {
                            Some((_, m)) => m.start..tr.end,
                            None => tr,
                        };
                        (
                            range,
                            Some(t.clone()),
                            format!(
                                "{person} did not hold the title “{written_title}” on the story's date ({}); the title is “{t}”.",
                                cx.doc.date()
                            ),
                        )
                    }
                    None => (
                        whole,
                        None,
                        format!("{person} did not hold the title “{written_title}”."),
                    ),
                };
                let mut c = match rep {
                    Some(r) => Candidate::replace(self.rule, range, r, Safety::Review, None),
                    None => Candidate::bare(self.rule, range),
                }
                .message(msg)
                .cap(Level::Warning);
                if unverified || kb.entities[e].unverified {
                    c = c.cap(Level::Info);
                }
                return Some(c.dated());
            }
        };
        // The finding covers the phrase; its fix replaces only the words it changes.
        let mut c = match replacement {
            Some(r) => {
                let title = format!("Replace with “{}”", splice(text, &whole, &range, &r));
                Candidate::with_edits(
                    self.rule,
                    whole.clone(),
                    vec![Edit {
                        range,
                        replacement: r,
                    }],
                    Safety::Review,
                    title,
                )
            }
            None => Candidate::bare(self.rule, whole.clone()),
        }
        .message(message);
        if unverified {
            c = c.cap(Level::Info);
        }
        Some(c.dated())
    }
}

/// The text of `whole` with `range` (inside it) replaced by `with`.
fn splice(text: &str, whole: &Range<usize>, range: &Range<usize>, with: &str) -> String {
    format!(
        "{}{with}{}",
        &text[whole.start..range.start],
        &text[range.end..whole.end]
    )
}

#[cfg(test)]
mod tests {
    use crate::rules::Level;
    use crate::rules::kinds::test_support::{Graded, graded, one_at};

    const NOV: &str = "2025-11-26";

    fn run(profile: &str, rule: &str, text: &str, date: &str) -> Graded {
        graded(profile, rule, text, date.parse().expect("date"))
    }

    #[test]
    fn current_titles_against_the_date() {
        let r = |t: &str, d: &str| run("ap", "ap.titles.current", t, d);
        assert_eq!(
            r(
                "It was backed by former French President Emmanuel Macron.",
                NOV
            ),
            one_at(
                "former French President Emmanuel Macron",
                "French President Emmanuel Macron",
                Level::Error
            )
        );
        assert_eq!(
            r("It was backed by President Joe Biden.", NOV),
            one_at(
                "President Joe Biden",
                "former President Joe Biden",
                Level::Error
            )
        );
        assert_eq!(
            r("President Joe Biden said so.", NOV),
            one_at(
                "President Joe Biden",
                "Former President Joe Biden",
                Level::Error
            )
        );
        assert_eq!(
            r("It was backed by U.S. President Joe Biden.", NOV),
            one_at(
                "U.S. President Joe Biden",
                "former U.S. President Joe Biden",
                Level::Error
            )
        );
        assert_eq!(
            r("President Donald Trump named his Cabinet.", "2024-12-01"),
            one_at(
                "President Donald Trump",
                "President-elect Donald Trump",
                Level::Error
            )
        );
        assert_eq!(
            r("President-elect Donald Trump spoke.", NOV),
            one_at(
                "President-elect Donald Trump",
                "President Donald Trump",
                Level::Error
            )
        );
        // A title never held: a warning with the right title.
        assert_eq!(
            r("The talks included Prime Minister Emmanuel Macron.", NOV),
            one_at("Prime Minister", "President", Level::Warning)
        );
    }

    #[test]
    fn current_traps() {
        let r = |t: &str, d: &str| run("ap", "ap.titles.current", t, d);
        for text in [
            "He would meet Presidents Vladimir Putin and Volodymyr Zelenskyy.",
            "The deal was signed by then-President Donald Trump.",
            "President Donald Trump spoke on Wednesday.",
            "Former President Joe Biden spoke on Wednesday.",
            "The late Queen Elizabeth II opened it.",
            // Senator is not in the term table: no verdict.
            "Sen. Marco Rubio spoke.",
            // "Donald Trump Jr." is someone else.
            "Former President Donald Trump Jr. spoke.",
        ] {
            assert_eq!(r(text, NOV), vec![], "{text}");
        }
        // Before the table's first term for a person it says nothing.
        assert_eq!(r("President Vladimir Putin spoke.", "2005-03-01"), vec![]);
    }

    #[test]
    fn current_unverified_term_is_info() {
        // Keir Starmer's term end is marked unverified in the table.
        let got = run(
            "ap",
            "ap.titles.current",
            "It was backed by Prime Minister Keir Starmer.",
            "2026-09-01",
        );
        assert_eq!(
            got,
            one_at(
                "Prime Minister Keir Starmer",
                "former Prime Minister Keir Starmer",
                Level::Info
            )
        );
    }

    #[test]
    fn reuters_keeps_the_nationality() {
        assert_eq!(
            run(
                "reuters",
                "reuters.titles.current",
                "It was backed by former U.S. President Donald Trump.",
                NOV
            ),
            one_at(
                "former U.S. President Donald Trump",
                "U.S. President Donald Trump",
                Level::Error
            )
        );
    }
}
