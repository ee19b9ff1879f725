//! `quote-style` and `quote-pairs`: the double quotation marks of a story, read paragraph by
//! paragraph as a copy editor reads them.
//!
//! - `quote-style`: one story, one kind of mark. With `style = "consistent"` (the default) the
//!   kind the story uses most (on a tie, the kind it uses first) is the story's, and every mark
//!   of the other kind is a finding; `"straight"` or `"curly"` names the house's kind. The fix
//!   writes the mark in the story's kind, opening or closing as the mark's place in its pair
//!   says.
//! - `quote-pairs`: an opening mark whose quotation is not closed in its paragraph, and a
//!   closing mark that closes nothing. A quotation that runs on into the next paragraph is not
//!   closed: the next paragraph opens with a mark of its own, and then the first is paired
//!   (unless it opened a quoted fragment, which is closed before the quotation runs on). Two
//!   paragraphs of one quotation run together on one line (`caught. "They were`) read the same
//!   way: a new opening mark after the end of a sentence continues the quotation.
//!
//! Single marks are not read: a single closing mark is also an apostrophe.

use std::ops::Range;

use serde::Deserialize;

use crate::document::{Document, Mark, quote_marks, straight_mark};
use crate::finding::Safety;
use crate::rules::kinds::{Candidate, Check, CheckCtx};

/// Which kind of double quotation mark a story should use.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum QuoteStyle {
    /// Whichever kind the story uses most.
    #[default]
    Consistent,
    /// `"` only.
    Straight,
    /// `“` and `”` only.
    Curly,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(crate) struct QuoteStyleParams {
    #[serde(default)]
    style: QuoteStyle,
}

/// One double quotation mark of the story, as its paragraph pairs it.
#[derive(Debug, Clone)]
struct Seen {
    at: usize,
    curly: bool,
    /// Opens a quotation (else closes one).
    opens: bool,
    /// Pairs with no mark in its paragraph, nor with the next paragraph's opening mark.
    unpaired: bool,
}

/// The story's quotation marks ([`marks`]), worked out once per check for both rules that read
/// them.
struct Marks(Vec<Seen>);

fn marks_of(cx: &CheckCtx) -> std::rc::Rc<Marks> {
    cx.memo(|| Marks(marks(cx.doc)))
}

/// Every double quotation mark outside skipped text, paired paragraph by paragraph.
fn marks(doc: &Document) -> Vec<Seen> {
    let text = doc.text();
    let paras = doc.paragraphs();
    let mut out: Vec<Seen> = Vec::new();
    for (pi, p) in paras.iter().enumerate() {
        let mut open: Option<usize> = None;
        // The double marks: `"`, `“` and `”`.
        let doubles = quote_marks(text, p.clone()).filter(|(_, c)| matches!(c, '"' | '“' | '”'));
        for (at, ch) in doubles {
            if doc.in_skipped(&(at..at + ch.len_utf8())) {
                continue;
            }
            let role = match ch {
                '“' => Mark::Open,
                '”' => Mark::Close,
                _ => straight_mark(text, p.start, at),
            };
            // A straight mark after a figure, with no quotation open, is an inch mark
            // (5' 10").
            if ch == '"'
                && open.is_none()
                && text[..at]
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_digit())
            {
                continue;
            }
            let curly = ch != '"';
            match (open, role) {
                (None, Mark::Close) => out.push(Seen {
                    at,
                    curly,
                    opens: false,
                    unpaired: true,
                }),
                (None, _) => {
                    open = Some(out.len());
                    out.push(Seen {
                        at,
                        curly,
                        opens: true,
                        unpaired: false,
                    });
                }
                (Some(o), Mark::Open) => {
                    // A quotation run on from a paragraph whose break was lost continues after
                    // the end of a sentence; anywhere else the first was never closed.
                    if !after_sentence(text, p.start, at) {
                        out[o].unpaired = true;
                    }
                    open = Some(out.len());
                    out.push(Seen {
                        at,
                        curly,
                        opens: true,
                        unpaired: false,
                    });
                }
                (Some(_), _) => {
                    open = None;
                    out.push(Seen {
                        at,
                        curly,
                        opens: false,
                        unpaired: false,
                    });
                }
            }
        }
        // A quoted fragment is closed before the quotation runs on ("called the class “the
        // most difficult ever.”" before a paragraph that goes on quoting).
        if let Some(o) = open
            && (!continued(doc, paras, pi) || doc.in_fragment(&(out[o].at..out[o].at + 1)))
        {
            out[o].unpaired = true;
        }
    }
    out
}

/// Whether the text before `at` in its paragraph ends a sentence.
fn after_sentence(text: &str, para_start: usize, at: usize) -> bool {
    let before = text[para_start..at].trim_end();
    before.len() < text[para_start..at].len()
        && before
            .trim_end_matches(['\'', '’', ')'])
            .ends_with(['.', '!', '?', '…'])
}

/// Whether the paragraph after paragraph `pi` continues its quotation: it is in the same item
/// and opens with a quotation mark.
fn continued(doc: &Document, paras: &[Range<usize>], pi: usize) -> bool {
    let Some(next) = paras.get(pi + 1) else {
        return false;
    };
    if doc.item_index(next.start) != doc.item_index(paras[pi].start) {
        return false;
    }
    let text = doc.text();
    let body = &text[next.clone()];
    let lead = body.len() - body.trim_start().len();
    let at = next.start + lead;
    match body.trim_start().chars().next() {
        Some('“') => true,
        Some('"') => straight_mark(text, next.start, at) != Mark::Close,
        _ => false,
    }
}

pub(crate) struct QuoteStyleCheck {
    rule: usize,
    safety: Safety,
    style: QuoteStyle,
}

impl QuoteStyleCheck {
    pub(crate) fn new(rule: usize, safety: Safety, p: &QuoteStyleParams) -> Self {
        QuoteStyleCheck {
            rule,
            safety,
            style: p.style,
        }
    }
}

impl Check for QuoteStyleCheck {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        let seen = &marks_of(cx).0;
        let curly = seen.iter().filter(|m| m.curly).count();
        let straight = seen.len() - curly;
        let want_curly = match self.style {
            QuoteStyle::Straight => false,
            QuoteStyle::Curly => true,
            QuoteStyle::Consistent => {
                if curly == 0 || straight == 0 {
                    return;
                }
                curly > straight || (curly == straight && seen.first().is_some_and(|m| m.curly))
            }
        };
        let (kind, other) = if want_curly {
            ("curly", "straight")
        } else {
            ("straight", "curly")
        };
        let why = match self.style {
            QuoteStyle::Consistent => "the story's other quotation marks are",
            _ => "the house's quotation marks are",
        };
        for m in seen.iter().filter(|m| m.curly != want_curly) {
            let ch = cx.doc.text()[m.at..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            let to = match (want_curly, m.opens) {
                (false, _) => "\"",
                (true, true) => "“",
                (true, false) => "”",
            };
            out.push(
                Candidate::replace(
                    self.rule,
                    m.at..m.at + ch,
                    to,
                    self.safety,
                    Some(format!("Write the {kind} mark {to}")),
                )
                .message(format!(
                    "A {other} quotation mark where {why} {kind}: write {to}."
                )),
            );
        }
    }
}

pub(crate) struct QuotePairs {
    rule: usize,
}

impl QuotePairs {
    pub(crate) fn new(rule: usize) -> Self {
        QuotePairs { rule }
    }
}

impl Check for QuotePairs {
    fn check(&self, cx: &CheckCtx, out: &mut Vec<Candidate>) {
        for m in marks_of(cx).0.iter().filter(|m| m.unpaired) {
            let ch = cx.doc.text()[m.at..]
                .chars()
                .next()
                .map_or(1, char::len_utf8);
            let message = if m.opens {
                "This quotation mark opens a quotation that its paragraph does not close (a quotation that runs on opens the next paragraph with a mark of its own): close it, or open the next paragraph with a quotation mark."
            } else {
                "This quotation mark closes a quotation that was not opened in its paragraph (a quotation that runs on from the paragraph before opens this one again): add the opening mark, or remove this one."
            };
            out.push(Candidate::bare(self.rule, m.at..m.at + ch).message(message));
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::kinds::test_support::{ap, none, one};

    fn bare(found: &str) -> Vec<(String, Option<String>)> {
        vec![(found.to_string(), None)]
    }

    #[test]
    fn a_mixed_story_is_written_in_the_kind_it_uses_most() {
        let rule = "punctuation.quote-style";
        let text = "He said “we won.\" She said “we lost” and “we drew.”";
        assert_eq!(ap(rule, text), one("\"", "”"));
        let text = "He said \"we won.” She said \"we lost\" and \"we drew.\"";
        assert_eq!(ap(rule, text), one("”", "\""));
        // A tie: the kind the story uses first.
        assert_eq!(
            ap(rule, "He said “we won” and \"we lost.\""),
            [one("\"", "“"), one("\"", "”")].concat()
        );
        none(
            rule,
            &[
                "He said “we won.” She said “we lost.”",
                "He said \"we won.\"",
            ],
        );
    }

    #[test]
    fn unpaired_marks_are_found_and_a_quotation_may_run_on() {
        let rule = "punctuation.quote-pairs";
        assert_eq!(
            ap(rule, "He said \"we won and left.\nShe stayed."),
            bare("\"")
        );
        assert_eq!(ap(rule, "He said we won.\" She stayed."), bare("\""));
        assert_eq!(ap(rule, "He called it “a win and “a start.”"), bare("“"));
        // A fragment closes before the quotation runs on.
        assert_eq!(
            ap(
                rule,
                "He called the class “the most difficult ever.\n“But it paid,” he said."
            ),
            bare("“")
        );
        none(
            rule,
            &[
                "He said: \"We won.\n\"We will win again.\"\nShe stayed.",
                "He said: “We won.\n“We will win again.”",
                "He said: \"We were caught. \"They were wrong.\"",
                "He said \"we won,\" and \"we will\" win.",
                "The ’90s were “good”, he said, and don't forget it.",
                "The intruder was about 5' 10\" tall.",
            ],
        );
    }
}
